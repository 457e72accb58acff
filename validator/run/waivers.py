"""Waivers: accepted findings, each with a reason, for one document.

A waiver file is refused as a whole (exit 2, the file, the line and the reason) when a key is
unknown, a value has the wrong type, a rule or group does not exist, or a table, row or column
cannot be found. Rows and columns may be written as staff see them (``自然人``, ``（七）总计``,
``行政复议``) or as canonical keys. A waiver covers only what it names: a finding with a row or
column is waived only by a waiver naming that row or column, or ``"*"`` for every one.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from validator import messages, template
from validator.messages import Text
from validator.model.errors import GkcheckError
from validator.model.findings import Finding
from validator.model.results import Results
from validator.model.rules import Rule

ANY = "*"
# a label's numbering ("（七）", "二、", "1."): staff may leave it out
_NUMBERING = re.compile(r"^[（(][一二三四五六七八九十][）)]|^[一二三四五六七八九十]、|^\d+[.、]")
_TEXT_KEYS = ("document", "rule", "reason", "table", "row", "column")
_KEYS = (*_TEXT_KEYS, "expires")
_REQUIRED = ("document", "rule", "reason")


class PolicyFileError(GkcheckError):
    """A waiver or baseline file is unusable: one line with the file, the line and the reason."""

    def __init__(self, path: str, line: int | None, message: str, **fields: object) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(Text.of("file.invalid", where=where, reason=Text.of(message, **fields)))


@dataclass
class Waiver:
    """Accepts the findings of ``rule`` (a rule or a group) in one document, at the named
    table/row/column (None: findings without one; ``*``: any)."""

    document: str
    rule: str
    reason: str
    table: str | None = None
    row: str | None = None
    column: str | None = None
    expires: dt.date | None = None
    used: int = 0

    def matches(self, identity: str, sha: str, f: Finding) -> bool:
        doc_ok = self.document == identity or (self.document.startswith("sha256:")
                                               and sha.startswith(self.document[7:]))
        rule_ok = self.rule in (f.rule, f.rule.split(".", 1)[0])
        table_ok = self.table in (None, ANY, f.table)
        cells_ok = all(want in (ANY, got) for want, got in ((self.row, f.row), (self.column, f.column)))
        return doc_ok and rule_ok and table_ok and cells_ok


def read(path: str, unreadable: str) -> str:
    """A waiver or baseline file's text; ``unreadable``: the message when it cannot be read."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyFileError(path, None, unreadable, detail=getattr(exc, "strerror", None) or exc) from None


def load_waivers(path: str, rules: Sequence[Rule]) -> list[Waiver]:
    """The waivers of ``path``, every entry validated against ``rules`` and the template."""
    raw = read(path, "waiver.unreadable")
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _toml_line(str(exc))
        raise PolicyFileError(path, line, "waiver.not_toml", detail=str(exc).split(" (at line")[0]) from None
    lines = _Lines(raw)
    for key in data:
        if key != "waiver":
            raise PolicyFileError(path, lines.top(key), "waiver.unknown_top", key=key)
    entries = data.get("waiver", [])
    if not isinstance(entries, list):
        raise PolicyFileError(path, lines.top("waiver"), "waiver.not_list")
    return [_waiver(path, lines, i, entry, rules) for i, entry in enumerate(entries)]


def _waiver(path: str, lines: _Lines, i: int, entry: Any, rules: Sequence[Rule]) -> Waiver:
    def fail(message: str, at: str | None = None, **fields: object) -> PolicyFileError:
        return PolicyFileError(path, lines.key(i, at) if at else lines.block(i), message, number=i + 1, **fields)

    if not isinstance(entry, dict):
        raise fail("waiver.not_table")
    for key, value in entry.items():
        if key not in _KEYS:
            raise fail("waiver.unknown_key", key, key=key, known=", ".join(_KEYS))
        if key in _TEXT_KEYS and (not isinstance(value, str) or not value.strip()):
            raise fail("waiver.not_text", key, key=key)
    missing = [k for k in _REQUIRED if k not in entry]
    if missing:
        raise fail("waiver.missing", None, keys=", ".join(missing))
    expires = entry.get("expires")
    if expires is not None and (not isinstance(expires, dt.date) or isinstance(expires, dt.datetime)):
        raise fail("waiver.not_date", "expires")
    named = [r for r in rules if entry["rule"] in (r.name, r.group)]
    if not named:
        raise fail("waiver.unknown_rule", "rule", rule=entry["rule"])
    table = _table(entry.get("table"), named, fail)
    row, row_table = _cell(entry.get("row"), "rows", table, named, fail)
    column, column_table = _cell(entry.get("column"), "columns", table or row_table, named, fail)
    resolved = table or (None if row_table == column_table == ANY else row_table or column_table)
    return Waiver(entry["document"], entry["rule"], entry["reason"], resolved, row, column, expires)


def _table(name: str | None, named: list[Rule], fail) -> str | None:
    if name is None or name == ANY:
        return name
    table = _tables().get(_norm(name))
    if table is None:
        raise fail("waiver.unknown_table", "table", name=name)
    if not any(r.table in (None, table) for r in named):
        raise fail("waiver.table_not_of_rule", "table", name=name)
    return table


def _cell(name: str | None, axis: str, table: str | None, named: list[Rule], fail) -> tuple[str | None, str | None]:
    """(canonical key, its table) of a row or column written as a key or a label."""
    if name is None or name == ANY:
        return name, (ANY if name == ANY else None)
    key = "row" if axis == "rows" else "column"
    tables = [table] if table and table != ANY else sorted({r.table for r in named if r.table} or template.TABLES)
    hits = {(t, k) for t in tables for k in _names(t, axis).get(_norm(name), ())}
    if not hits:
        raise fail(f"waiver.unknown_{key}", key, name=name, tables="、".join(tables))
    if len({t for t, _ in hits}) > 1:
        raise fail("waiver.ambiguous", key, name=name)
    keys = {k for _, k in hits}
    if len(keys) > 1:
        raise fail("waiver.ambiguous", key, name=name)
    (t, k), = hits
    return k, t


@cache
def _names(table: str, axis: str) -> dict[str, frozenset[str]]:
    """Every way a row or column of ``table`` may be written (normalised) -> its keys."""
    out: dict[str, set[str]] = {}
    for version in template.LAYOUTS:
        lay = template.layout(table, version)
        for line in lay.rows if axis == "rows" else lay.columns:
            shown = [line.key, line.label, *line.aliases,
                     *(messages.label(table, version, line.key if axis == "rows" else None,
                                      line.key if axis == "columns" else None, lang) for lang in messages.LANGS)]
            shown.append(_NUMBERING.sub("", line.label))
            for text in shown:
                out.setdefault(_norm(text), set()).add(line.key)
    if table == template.APPLICATIONS and axis == "rows":
        for group, key in template.SUBTOTAL_GROUPS.items():
            for text in (key, group, messages.label(table, "2021", key, None, "zh")):
                out.setdefault(_norm(text), set()).add(key)
    return {k: frozenset(v) for k, v in out.items() if k}


@cache
def _tables() -> dict[str, str]:
    out = {}
    for table, label in template.TABLE_LABELS.items():
        numeral = label[0]
        for text in (table, label, label[2:], numeral, *(messages.table_name(table, lang) for lang in messages.LANGS)):
            out[_norm(text)] = table
    return out


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _toml_line(message: str) -> int | None:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else None


class _Lines:
    """Line numbers in the waiver file's text: of each ``[[waiver]]`` and of its keys."""

    def __init__(self, raw: str) -> None:
        self.rows = raw.splitlines()
        self.starts = [n for n, line in enumerate(self.rows, 1) if re.match(r"\s*\[\[\s*waiver\s*\]\]", line)]

    def block(self, i: int) -> int | None:
        return self.starts[i] if i < len(self.starts) else None

    def key(self, i: int, key: str) -> int | None:
        start = self.block(i)
        if start is None:
            return None
        end = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.rows) + 1
        pattern = re.compile(rf"""\s*["']?{re.escape(key)}["']?\s*=""")
        return next((n for n in range(start + 1, end) if pattern.match(self.rows[n - 1])), start)

    def top(self, key: str) -> int | None:
        pattern = re.compile(rf"""\s*(\[+\s*)?["']?{re.escape(key)}["']?\s*[=\]]""")
        return next((n for n, line in enumerate(self.rows, 1) if pattern.match(line)), None)


def apply_waivers(results: Results, waivers: list[Waiver], today: dt.date | None = None) -> None:
    """Move the findings each live waiver covers to the document's ``suppressed``; say which
    waivers expired (no longer applied) and which matched nothing."""
    today = today or dt.date.today()
    live = [w for w in waivers if w.expires is None or w.expires >= today]
    for w in waivers:
        if w not in live:
            results.notes.append(Text.of("note.waiver_expired", document=w.document, rule=w.rule,
                                         expires=str(w.expires), reason=w.reason))
    for doc in results.documents:
        if doc.report is None:
            continue
        identity, sha = doc.report.identity, doc.report.meta.sha256
        kept = []
        for f in doc.findings:
            waiver = next((w for w in live if w.matches(identity, sha, f)), None)
            if waiver is None:
                kept.append(f)
            else:
                waiver.used += 1
                doc.suppressed.append((f, f"waiver: {waiver.reason}"))
        doc.findings = kept
    for w in live:
        if not w.used:
            results.notes.append(Text.of("note.waiver_unused", document=w.document, rule=w.rule, reason=w.reason))
