"""Load the declarative rule files (``rules/*.yaml``) and expand them per layout."""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from validator import template
from validator.model.errors import RuleFileError

SEVERITIES = ("error", "warning", "info")
CHECKS = ("identity", "bound", "subtotal", "domain", "decimals", "unit", "presence", "parse",
          "sections", "part-count", "level-zero", "publication-date", "period-year", "layout-year",
          "prose", "cross-year", "cross-year-identical", "cross-year-similar")
_REQUIRED = ("name", "check", "severity", "why", "category", "title", "description", "message",
             "examples")
ARITHMETIC = ("identity", "bound")  # Σ stated = Σ computed, Σ stated ≥ Σ computed
_NAME = re.compile(r"^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$")


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
    options: dict = field(default_factory=dict, hash=False, compare=False)
    why: str = ""  # why the rule has its severity

    @property
    def group(self) -> str:
        return self.name.split(".", 1)[0]


@dataclass(frozen=True)
class Identity:
    """One instance of an identity rule: Σ stated = Σ computed over named cells."""

    rule: Rule
    table: str
    row: str | None  # set for per: row instances
    column: str | None  # set for per: column instances
    stated: tuple[tuple[str, str], ...]
    computed: tuple[tuple[str, str], ...]

    @property
    def cells(self) -> tuple[tuple[str, str], ...]:
        return self.stated + self.computed


def rules_dir() -> Path:
    """The rule files: inside the installed package, else the source tree's ``rules/``."""
    packaged = resources.files("validator") / "_rules"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "rules"


def load(directory: str | None = None) -> tuple[Rule, ...]:
    """All rules, validated; a malformed file raises :class:`RuleFileError`."""
    return _load(str(Path(directory) if directory else rules_dir()))


@cache
def _load(directory: str) -> tuple[Rule, ...]:
    base = Path(directory)
    files = sorted(base.glob("*.yaml"))
    if not files:
        raise RuleFileError(f"{base}: no rule files found")
    out: list[Rule] = []
    for path, data in _parsed(files):
        if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
            raise RuleFileError(f"{path}: expected a mapping with a 'rules' list")
        out.extend(_rule(path, i, entry) for i, entry in enumerate(data["rules"]))
    names = [r.name for r in out]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise RuleFileError(f"{base}: duplicate rule names {sorted(dupes)}")
    return tuple(out)


def _parsed(files: list[Path]) -> list[tuple[Path, object]]:
    """Each rule file's YAML data. Parsing YAML (and importing PyYAML) is a tenth of a quick
    check's run time, so the data is kept as JSON in a cache keyed by the files' bytes."""
    import hashlib
    import json

    texts = [path.read_bytes() for path in files]
    key = hashlib.sha256(b"\0".join(path.name.encode() + b"\0" + t for path, t in
                                     zip(files, texts, strict=True))).hexdigest()[:32]
    try:
        cached = _cache_dir() / f"rules-{key}.json"
        return list(zip(files, json.loads(cached.read_text(encoding="utf-8")), strict=True))
    except (OSError, RuntimeError, ValueError):  # no cache yet, no home, or a damaged cache
        pass
    data = [_yaml(path, text) for path, text in zip(files, texts, strict=True)]
    try:
        if json.loads(json.dumps(data)) == data:  # only what JSON keeps exactly
            from validator.model.output import atomic_write

            cached.parent.mkdir(parents=True, exist_ok=True)
            with atomic_write(str(cached)) as handle:
                json.dump(data, handle, ensure_ascii=False)
    except (OSError, RuntimeError, TypeError, ValueError):
        pass  # a read-only home: parse every time
    return list(zip(files, data, strict=True))


def _yaml(path: Path, text: bytes) -> object:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available
    try:
        return yaml.load(text.decode("utf-8"), Loader=loader)
    except UnicodeDecodeError:
        raise RuleFileError(f"{path}: not UTF-8") from None
    except yaml.YAMLError as exc:
        raise RuleFileError(f"{path}: not valid YAML ({exc.__class__.__name__})") from None


def _cache_dir() -> Path:
    """``$GKCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/gkcheck``, else ``~/.cache/gkcheck``."""
    import os

    if os.environ.get("GKCHECK_CACHE_DIR"):
        return Path(os.environ["GKCHECK_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "gkcheck"


def _rule(path: Path, index: int, entry: object) -> Rule:
    where = f"{path.name}: rule #{index + 1}"
    if not isinstance(entry, dict):
        raise RuleFileError(f"{where}: expected a mapping")
    for key in _REQUIRED:
        if key not in entry:
            raise RuleFileError(f"{where}: missing field '{key}'")
    name = entry["name"]
    where = f"{path.name}: rule {name!r}"
    if not isinstance(name, str) or not _NAME.match(name):
        raise RuleFileError(f"{where}: field 'name' must look like 'group.rule-name'")
    if entry["check"] not in CHECKS:
        raise RuleFileError(f"{where}: field 'check' must be one of {CHECKS}")
    if entry["severity"] not in SEVERITIES:
        raise RuleFileError(f"{where}: field 'severity' must be one of {SEVERITIES}")
    msg = entry["message"]
    if not isinstance(msg, dict) or not {"zh", "en"} <= set(msg):
        raise RuleFileError(f"{where}: field 'message' needs 'zh' and 'en' templates")
    examples = entry["examples"]
    if not isinstance(examples, dict) or not {"pass", "fail"} <= set(examples):
        raise RuleFileError(f"{where}: field 'examples' needs 'pass' and 'fail'")
    table = entry.get("table")
    if table is not None and table not in template.TABLES:
        raise RuleFileError(f"{where}: field 'table' must be one of {template.TABLES}")
    if entry["check"] in ARITHMETIC:
        _validate_identity(where, entry)
    options = {k: v for k, v in entry.items() if k not in (*_REQUIRED, "table")}
    return Rule(name, entry["check"], entry["severity"], entry["category"], entry["title"],
                " ".join(str(entry["description"]).split()), dict(msg), path.name, table,
                dict(examples), options, " ".join(str(entry["why"]).split()))


def _validate_identity(where: str, entry: dict) -> None:
    if entry.get("table") is None:
        raise RuleFileError(f"{where}: identity rules need field 'table'")
    if entry.get("per") not in ("row", "column"):
        raise RuleFileError(f"{where}: field 'per' must be 'row' or 'column'")
    for key in ("stated", "computed"):
        value = entry.get(key)
        empty_ok = key == "computed" and entry["check"] == "bound"  # Σ stated ≥ 0
        if not isinstance(value, list) or not (value or empty_ok) \
                or not all(isinstance(v, str) for v in value):
            raise RuleFileError(f"{where}: field '{key}' must be a non-empty list of keys")


def _expand(patterns: list[str], keys: list[str]) -> list[str]:
    """The keys the patterns (plain keys or globs) name, in layout order."""
    return [k for k in keys if any(fnmatch.fnmatchcase(k, p) for p in patterns)]


def identities(table: str, version: str, directory: str | None = None) -> tuple[Identity, ...]:
    """Every instance of an identity rule (Σ stated = Σ computed) of ``table`` in ``version``."""
    return instances(table, version, "identity", directory)


def bounds(table: str, version: str, directory: str | None = None) -> tuple[Identity, ...]:
    """Every instance of a bound rule (Σ stated ≥ Σ computed) of ``table`` in ``version``."""
    return instances(table, version, "bound", directory)


@cache
def instances(table: str, version: str, check: str, directory: str | None = None
              ) -> tuple[Identity, ...]:
    """The rules of ``check`` (identity or bound) of ``table``, one instance per row or
    column of layout ``version`` whose cells all exist."""
    lay = template.layout(table, version)
    rows = [r.key for r in lay.rows]
    cols = [c.key for c in lay.columns]
    out: list[Identity] = []
    for rule in load(directory):
        if rule.check != check or rule.table != table:
            continue
        per = rule.options["per"]
        across = cols if per == "row" else rows
        stated = _expand(rule.options["stated"], across)
        computed = _expand(rule.options["computed"], across)
        if not stated or (rule.options["computed"] and not computed):
            continue  # the cells the rule names do not exist in this layout
        for key in rows if per == "row" else cols:
            def cell(other: str, key: str = key, per: str = per) -> tuple[str, str]:
                return (key, other) if per == "row" else (other, key)

            cells = [cell(k) for k in stated + computed]
            if not all(c[1] in lay.columns_of(c[0]) for c in cells):
                continue
            out.append(Identity(rule, table, key if per == "row" else None,
                                key if per == "column" else None,
                                tuple(cell(k) for k in stated), tuple(cell(k) for k in computed)))
    return tuple(out)


def rule(name: str, directory: str | None = None) -> Rule:
    for r in load(directory):
        if r.name == name:
            return r
    raise KeyError(name)
