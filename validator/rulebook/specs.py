"""Load the declarative rule files (``rules/*.yaml``) and expand them per layout."""

from __future__ import annotations

import fnmatch
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from validator import template
from validator.messages import Text
from validator.model.errors import RuleFileError
from validator.model.rules import Rule
from validator.rulebook import kinds

SEVERITIES = ("error", "warning", "info")
CHECKS = tuple(kinds.KINDS)
# texts a rule file may give per language ({zh: …, en: …}); a plain text is in this language
_TEXTS = {"title": "zh", "description": "en", "why": "en"}
_REQUIRED = ("name", "check", "severity", "why", "category", "title", "description", "message",
             "examples")
ARITHMETIC = kinds.ARITHMETIC
_NAME = re.compile(r"^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$")


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


def load(extra: Iterable[str] = ()) -> tuple[Rule, ...]:
    """The built-in rules plus those of the ``extra`` folders (a supervising office's own
    requirements), validated; a malformed file or a clash raises :class:`RuleFileError`."""
    folders = (extra,) if isinstance(extra, str) else tuple(extra)
    return _load(tuple(str(Path(d).resolve()) for d in folders))


@cache
def _load(extra: tuple[str, ...]) -> tuple[Rule, ...]:
    rules = list(read_dir(str(rules_dir())))
    builtin = {r.name for r in rules}
    for directory in extra:
        for r in read_dir(directory):
            if r.name in builtin:
                raise RuleFileError(_at(r.source, repr(r.name), Text.of("rulefile.builtin_name",
                                                                  suggestion=f"local.{r.name.split('.', 1)[1]}")))
            rules.append(r)
    _distinct(rules)
    return tuple(rules)


@cache
def read_dir(directory: str) -> tuple[Rule, ...]:
    """The rules of one folder's ``*.yaml`` files."""
    base = Path(directory)
    if not base.is_dir():
        raise RuleFileError(_at(str(base), None, Text.of("rulefile.no_folder")))
    files = sorted(base.glob("*.yaml"))
    if not files:
        raise RuleFileError(_at(str(base), None, Text.of("rulefile.no_files")))
    out: list[Rule] = []
    for path, data in _parsed(files):
        if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
            raise RuleFileError(_at(str(path), None, Text.of("rulefile.no_rules_list")))
        out.extend(_rule(path, i, entry) for i, entry in enumerate(data["rules"]))
    _distinct(out)
    return tuple(out)


def _distinct(rules: list[Rule]) -> None:
    """Names are unique; a kind that allows one rule (per value of some options) has one."""
    seen: dict[tuple[str, ...], Rule] = {}
    for r in rules:
        kind = kinds.KINDS[r.check]
        keys: list[tuple[str, ...]] = [("name", r.name)]
        if kind.unique is not None:
            keys.append(("kind", r.check, *(str(r.table) if o == "table" else str(r.options.get(o))
                                            for o in kind.unique)))
        for key in keys:
            if key in seen:
                what = Text.of("rulefile.same_name") if key[0] == "name" else _one_of(kind)
                raise RuleFileError(_at(r.source, repr(r.name), Text.of("rulefile.duplicate", what=what,
                                                                  other=seen[key].name, source=seen[key].source)))
            seen[key] = r


def _at(path: str, rule: str | None, reason: Text) -> Text:
    """One line: the file, the rule (when known) and the reason."""
    if rule is None:
        return Text.of("file.invalid", where=path, reason=reason)
    return Text.of("rulefile.invalid", where=path, rule=rule, reason=reason)


def _one_of(kind: kinds.Kind) -> Text:
    per = f" / {', '.join(kind.unique)}" if kind.unique else ""
    return Text.of("rulefile.second_of_kind", check=kind.name, per=per)


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
        raise RuleFileError(_at(str(path), None, Text.of("rulefile.not_utf8"))) from None
    except yaml.YAMLError as exc:
        raise RuleFileError(_at(str(path), None, Text.of("rulefile.not_yaml", detail=exc.__class__.__name__))) from None


def _cache_dir() -> Path:
    """``$GKCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/gkcheck``, else ``~/.cache/gkcheck``."""
    import os

    if os.environ.get("GKCHECK_CACHE_DIR"):
        return Path(os.environ["GKCHECK_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "gkcheck"


def _source(path: Path) -> str:
    """``rules/x.yaml`` for a built-in rule file, else the file's path."""
    return f"rules/{path.name}" if path.parent == rules_dir() else str(path)


def _rule(path: Path, index: int, entry: object) -> Rule:
    label = f"#{index + 1}"

    def where(reason: Text) -> Text:
        return _at(str(path), label, reason)

    if not isinstance(entry, dict):
        raise RuleFileError(where(Text.of("rulefile.not_mapping")))
    for key in _REQUIRED:
        if key not in entry:
            raise RuleFileError(where(Text.of("rulefile.missing_field", field=key)))
    name = entry["name"]
    label = repr(name)
    if not isinstance(name, str) or not _NAME.match(name):
        raise RuleFileError(where(Text.of("rulefile.bad_name")))
    kind = kinds.KINDS.get(entry["check"])
    if kind is None:
        raise RuleFileError(where(Text.of("rulefile.field_one_of", field="check", choices=", ".join(kinds.KINDS))))
    if entry["severity"] not in SEVERITIES:
        raise RuleFileError(where(Text.of("rulefile.field_one_of", field="severity", choices=", ".join(SEVERITIES))))
    for key, parts in (("message", ("zh", "en")), ("examples", ("pass", "fail"))):
        value = entry[key]
        if not isinstance(value, dict) or not set(parts) <= set(value) \
                or not all(isinstance(value[p], str) for p in parts):
            raise RuleFileError(where(Text.of("rulefile.field_parts", field=key, parts=" / ".join(parts))))
    if not isinstance(entry["category"], str) or not entry["category"].strip():
        raise RuleFileError(where(Text.of("rulefile.field_text", field="category")))
    texts: dict[str, dict[str, str]] = {}
    for key, lang in _TEXTS.items():  # a text, or one per language
        value = entry[key]
        if isinstance(value, dict) and set(value) == {"zh", "en"} \
                and all(isinstance(v, str) and v.strip() for v in value.values()):
            for other, words in value.items():
                texts.setdefault(other, {})[key] = flowed(words, chinese=other == "zh")
            entry = {**entry, key: value[lang]}
        elif not isinstance(value, str) or not value.strip():
            raise RuleFileError(where(Text.of("rulefile.field_text", field=key)))
    table = entry.get("table")
    if kind.table == "none" and table is not None:
        raise RuleFileError(where(Text.of("rulefile.table_unused", check=kind.name)))
    if kind.table == "required" and table is None:
        raise RuleFileError(where(Text.of("rulefile.table_needed", check=kind.name)))
    if table is not None and table not in template.TABLES:
        raise RuleFileError(where(Text.of("rulefile.field_one_of", field="table", choices=", ".join(template.TABLES))))
    given = {k: v for k, v in entry.items() if k not in (*_REQUIRED, "table")}
    options, problem = kinds.options(kind, given, table)
    if problem:
        raise RuleFileError(where(problem))
    return Rule(name, entry["check"], entry["severity"], entry["category"], entry["title"],
                flowed(str(entry["description"])), dict(entry["message"]), _source(path), table,
                dict(entry["examples"]), options, flowed(str(entry["why"])),
                json.dumps(options, sort_keys=True, ensure_ascii=False), texts)


_CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])")


def flowed(text: str, chinese: bool = False) -> str:
    """A folded text on one line: runs of white space become one space; in a Chinese text
    none is left between two Chinese characters (a Chinese line break is no word break)."""
    one = " ".join(text.split())
    return _CJK_GAP.sub("", one) if chinese else one


def _expand(patterns: list[str], keys: list[str]) -> list[str]:
    """The keys the patterns (plain keys or globs) name, in layout order."""
    return [k for k in keys if any(fnmatch.fnmatchcase(k, p) for p in patterns)]


@cache
def identities(table: str, version: str) -> tuple[Identity, ...]:
    """Every instance of a built-in identity rule (Σ stated = Σ computed) of ``table``."""
    return instances(table, version, "identity")


@cache
def bounds(table: str, version: str) -> tuple[Identity, ...]:
    """Every instance of a built-in bound rule (Σ stated ≥ Σ computed) of ``table``."""
    return instances(table, version, "bound")


def instances(table: str, version: str, check: str, rules: Iterable[Rule] | None = None
              ) -> tuple[Identity, ...]:
    """The instances of the rules of ``check`` (identity or bound) of ``table`` in layout
    ``version`` (of ``rules``, else the built-in ones)."""
    chosen = load() if rules is None else rules
    return tuple(i for r in chosen if r.check == check and r.table == table
                 for i in rule_instances(r, version))


@cache
def rule_instances(rule: Rule, version: str) -> tuple[Identity, ...]:
    """One instance of an identity or bound rule per row or column of layout ``version``
    whose cells all exist."""
    table = str(rule.table)
    lay = template.layout(table, version)
    rows = [r.key for r in lay.rows]
    cols = [c.key for c in lay.columns]
    per = rule.options["per"]
    across = cols if per == "row" else rows
    stated = _expand(rule.options["stated"], across)
    computed = _expand(rule.options["computed"], across)
    if not stated or (rule.options["computed"] and not computed):
        return ()  # the cells the rule names do not exist in this layout
    out: list[Identity] = []
    for key in rows if per == "row" else cols:
        def cell(other: str, key: str = key) -> tuple[str, str]:
            return (key, other) if per == "row" else (other, key)

        cells = [cell(k) for k in stated + computed]
        if not all(c[1] in lay.columns_of(c[0]) for c in cells):
            continue
        out.append(Identity(rule, table, key if per == "row" else None, key if per == "column" else None,
                            tuple(cell(k) for k in stated), tuple(cell(k) for k in computed)))
    return tuple(out)


def rule(name: str, extra: Iterable[str] = ()) -> Rule:
    for r in load(extra):
        if r.name == name:
            return r
    raise KeyError(name)
