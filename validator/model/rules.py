"""A rule as a rule file declares it (loaded and validated by ``validator.rulebook``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Rule:
    """One rule as declared in a rule file."""

    name: str
    check: str
    severity: str
    category: str
    title: str
    description: str
    message: dict[str, str] = field(hash=False, compare=False)
    source: str
    table: str | None = None
    examples: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    options: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    why: str = ""  # why the rule has its severity
    spec: str = ""  # the options as canonical JSON: rules are equal only when their options are
    # title, description and why in other languages than the ones above (title: zh; the others: en)
    texts: dict[str, dict[str, str]] = field(default_factory=dict, hash=False, compare=False)

    def text(self, name: str, lang: str) -> str:
        """``title``, ``description`` or ``why`` in ``lang`` where the rule file gives it."""
        return self.texts.get(lang, {}).get(name) or getattr(self, name)

    @property
    def group(self) -> str:
        return self.name.split(".", 1)[0]
