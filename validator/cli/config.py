"""Settings from ``.gkcheck.toml`` or ``[tool.gkcheck]`` in ``pyproject.toml``; the command
line overrides them.

    [tool.gkcheck]
    select = ["applications", "review-litigation.group-total"]   # rule names or groups
    ignore = ["numbers.fee-decimals"]
    fail-on = "warning"
    lang = "zh"
    format = "terminal"
    tables = "findings"        # terminal format: findings | all | none
    waivers = "gkcheck-waivers.toml"
    baseline = "gkcheck-baseline.json"
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from validator.model.errors import GkcheckError

KEYS = {"select": list, "ignore": list, "fail-on": str, "lang": str, "format": str,
        "tables": str, "waivers": str, "baseline": str}
CHOICES = {"fail-on": ("error", "warning", "info", "never"), "lang": ("zh", "en"),
           "format": ("terminal", "json", "sarif", "junit", "github", "gitlab", "html"),
           "tables": ("findings", "all", "none")}


class ConfigError(GkcheckError):
    """A configuration file is malformed."""


def find(start: Path) -> Path | None:
    """The nearest ``.gkcheck.toml``, or ``pyproject.toml`` with a ``[tool.gkcheck]`` table."""
    for folder in [start, *start.parents]:
        own = folder / ".gkcheck.toml"
        if own.is_file():
            return own
        project = folder / "pyproject.toml"
        if project.is_file() and "gkcheck" in _read(project).get("tool", {}):
            return project
    return None


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None


def load(path: Path | None) -> dict:
    """Validated settings (keys as in ``KEYS``); relative file paths resolved against the file."""
    if path is None:
        return {}
    data = _read(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("gkcheck", {})
    out = {}
    for key, value in data.items():
        if key not in KEYS:
            raise ConfigError(f"{path}: unknown setting '{key}' (known: {', '.join(KEYS)})")
        if not isinstance(value, KEYS[key]):
            raise ConfigError(f"{path}: setting '{key}' must be a {KEYS[key].__name__}")
        if key in CHOICES and value not in CHOICES[key]:
            raise ConfigError(f"{path}: setting '{key}' must be one of {', '.join(CHOICES[key])}")
        if key in ("waivers", "baseline"):
            value = str((path.parent / value).resolve())
        out[key] = value
    return out
