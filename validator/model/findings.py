"""The one findings model every rule produces and every reporter renders."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from validator import messages
from validator.model.document import Location

SEVERITY_ORDER = {"info": 0, "warning": 1, "error": 2}


@dataclass(slots=True)
class CellRef:
    """A template cell a finding reads, with what the document says there."""

    table: str
    row: str
    column: str
    value: float | None
    status: str
    raw: str = ""
    location: Location | None = None
    role: str | None = None  # identities: "stated" (the total as written) or "computed"

    def to_dict(self) -> dict:
        return {
            "table": self.table, "row": self.row, "column": self.column, "role": self.role,
            "value": number(self.value), "status": self.status, "raw": self.raw,
            "location": self.location.to_dict() if self.location else None,
        }


@dataclass(slots=True)
class Finding:
    """A rule's verdict on one identity, cell, row or table of one document."""

    rule: str
    severity: str
    category: str
    path: str
    messages: dict[str, str]
    table: str | None = None
    row: str | None = None
    column: str | None = None
    expected: float | str | None = None  # a date where the rule compares dates
    actual: float | str | None = None
    cells: list[CellRef] = field(default_factory=list)
    location: Location | None = None
    excerpt: str | None = None
    fixes: list = field(default_factory=list)  # minimal corrections (lists of localize.Change)
    # the report's text agrees with the first evidence["fixes"] of them: {"fixes", "sentence", "location"}
    evidence: dict | None = None

    hints: dict[str, str] = field(default_factory=dict)  # the minimal fixes in words, after the message

    def message(self, lang: str = "zh") -> str:
        """The message with its hint (the consistent value, or the possible fixes)."""
        return self.bare(lang) + (self.hints.get(lang) or self.hints.get("zh") or "")

    def bare(self, lang: str = "zh") -> str:
        """The message alone (shown under the correction that explains it)."""
        return self.messages.get(lang) or self.messages["zh"]

    @property
    def rank(self) -> int:
        return SEVERITY_ORDER[self.severity]

    def to_dict(self, lang: str = "zh") -> dict:
        """The JSON contract's finding object (schema_version 1); ``fix_evidence`` only when
        the report's text tells the fixes apart."""
        out = {
            "rule": self.rule, "severity": self.severity, "category": self.category,
            "message": self.message(lang), "table": self.table, "row": self.row,
            "column": self.column, "expected": value(self.expected), "actual": value(self.actual),
            "cells": [c.to_dict() for c in self.cells],
            "fixes": [[change.to_dict() for change in fix] for fix in self.fixes],
            "location": (self.location or Location(self.path)).to_dict(),
        }
        if self.evidence:
            loc = self.evidence.get("location")
            out["fix_evidence"] = {"fixes": self.evidence["fixes"], "sentence": self.evidence["sentence"],
                                   "location": loc.to_dict() if loc else None}
        return out


def from_rule(rule, path: str, fields, severity: str | None = None, **kw) -> Finding:
    """A finding of ``rule`` whose message is rendered in every language from
    ``fields(lang)``; ``severity`` overrides the rule's."""
    messages_ = {lang: render(rule.message.get(lang) or rule.message["zh"], fields(lang))
                 for lang in messages.LANGS}
    return Finding(rule.name, severity or rule.severity, rule.category, path, messages_, **kw)


def value(x: float | str | None) -> int | float | str | None:
    """A finding's expected or actual value for JSON: a number (:func:`number`), or a word or
    date as it is ("blank", "2024-01-31")."""
    return x if isinstance(x, str) else number(x)


def number(value: float | None) -> int | float | None:
    """JSON-friendly number: integral floats become ints."""
    if value is None or value != value:  # NaN
        return None
    return int(value) if float(value).is_integer() else float(value)


def fmt(value: float | str | None, lang: str = "zh") -> str:
    """Human form of a value in messages."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return messages.text(f"value.{value}", lang) if value in ("blank",) else value
    n = number(value)
    return str(n)


_FIELD = re.compile(r"\{(\w+)\}")


def render(template: str, fields: dict) -> str:
    """Fill ``{name}`` placeholders; no attribute access, no format spec (rule files are data)."""
    return _FIELD.sub(lambda m: str(fields.get(m.group(1), m.group(0))), template)


def fingerprint(identity: str, f: Finding | None = None, *extra: str) -> str:
    """Semantic fingerprint: document identity, rule, table, row, column (never positions)."""
    import hashlib

    keys = [f.rule, f.table or "", f.row or "", f.column or ""] if f is not None else []
    return hashlib.sha256("|".join([identity, *keys, *extra]).encode("utf-8")).hexdigest()[:32]
