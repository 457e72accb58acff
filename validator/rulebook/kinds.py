"""The kinds of check a rule may use, each with the schema of its options.

A rule file is refused at load time when an option is unknown or misspelled, has the wrong
type or names a row, column, table or section the template does not have, when a required
option is missing, or when a second rule of a kind that allows one is declared. Each kind is
evaluated by one module of ``validator/checks`` (its ``module`` here; a test checks both
sides agree). Adding a kind: its schema here, its module there.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from validator import template
from validator.messages import Text

Validator = Callable[[Any, Mapping[str, Any]], Text | None]  # (value, the rule) -> error or None


@dataclass(frozen=True)
class Option:
    """One option of a kind: how its value is checked, whether it must be given, its default."""

    check: Validator
    required: bool = False
    default: Any = None


@dataclass(frozen=True)
class Kind:
    """A kind of check: its options, whether it names a table, how many rules it may have."""

    name: str
    module: str  # the module of validator.checks that evaluates it
    options: Mapping[str, Option] = field(default_factory=dict)
    table: str = "none"  # required | optional | none
    # None: any number of rules; (): one rule; ("level",): one rule per value of these options
    unique: tuple[str, ...] | None = None


# ------------------------------------------------------------------ option types
def _is_list(value: Any, item: type) -> bool:
    return isinstance(value, list) and all(isinstance(v, item) and not isinstance(v, bool) for v in value)


def text(*choices: str) -> Validator:
    def check(value: Any, rule: Mapping[str, Any]) -> Text | None:
        if not isinstance(value, str):
            return Text.of("option.text")
        if choices and value not in choices:
            return Text.of("option.one_of", choices=", ".join(choices))
        return None
    return check


def number(value: Any, rule: Mapping[str, Any]) -> Text | None:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    return None if ok else Text.of("option.number")


def boolean(value: Any, rule: Mapping[str, Any]) -> Text | None:
    return None if isinstance(value, bool) else Text.of("option.boolean")


def integers(value: Any, rule: Mapping[str, Any]) -> Text | None:
    return None if _is_list(value, int) and value else Text.of("option.integers")


def words(*choices: str, empty: bool = False) -> Validator:
    """A list of text items (from ``choices`` when given)."""
    def check(value: Any, rule: Mapping[str, Any]) -> Text | None:
        if not _is_list(value, str) or not (value or empty):
            return Text.of("option.words")
        unknown = [v for v in value if choices and v not in choices]
        if not unknown:
            return None
        return Text.of("option.not_one_of", items=", ".join(map(str, unknown)), choices=", ".join(choices))
    return check


def _keys(table: str | None, axis: str) -> set[str]:
    out: set[str] = set()
    for version in template.LAYOUTS:
        if table in template.TABLES:
            lay = template.layout(table, version)
            out |= {r.key for r in (lay.rows if axis == "rows" else lay.columns)}
    return out


def _unmatched(patterns: list[str], keys: set[str]) -> list[str]:
    return [p for p in patterns if not any(fnmatch.fnmatchcase(k, p) for k in keys)]


def keys(axis: str, empty: bool = False, along_per: bool = False) -> Validator:
    """Row or column keys (globs allowed) of the rule's table. ``along_per``: the keys run
    along the other axis from ``per`` (columns for ``per: row``)."""
    def check(value: Any, rule: Mapping[str, Any]) -> Text | None:
        if not _is_list(value, str) or not (value or empty):
            return Text.of("option.keys")
        side = ("columns" if rule.get("per") == "row" else "rows") if along_per else axis
        unknown = _unmatched([_term(v)[1] for v in value], _keys(rule.get("table"), side))
        return Text.of(f"option.no_{side[:-1]}", table=rule.get("table"), names=", ".join(unknown)) if unknown else None
    return check


_TERM = re.compile(r"^(-?)(this|previous):(.+)$")


def _term(value: str) -> tuple[str, str]:
    """(side, key) of a cross-year term ``[-]this:key`` / ``[-]previous:key``; a plain key as is."""
    m = _TERM.match(value)
    return (m.group(2), m.group(3)) if m else ("", value)


def terms(value: Any, rule: Mapping[str, Any]) -> Text | None:
    if not _is_list(value, str) or not value:
        return Text.of("option.terms")
    bad = [v for v in value if not _TERM.match(v)]
    if bad:
        return Text.of("option.bad_terms", terms=", ".join(bad))
    return keys("", along_per=True)(value, rule)


def cells(value: Any, rule: Mapping[str, Any]) -> Text | None:
    """A mapping of statement kinds to the cells (``table/row/column``) whose sum they state."""
    if not isinstance(value, dict) or not value:
        return Text.of("option.statements")
    for kind, names in value.items():
        if kind not in template.STATEMENT_KINDS:
            return Text.of("option.statement_kind", kind=kind, kinds=", ".join(template.STATEMENT_KINDS))
        if not _is_list(names, str) or not names:
            return Text.of("option.statement_cells", kind=kind)
        for name in names:
            if not _is_cell(name):
                return Text.of("option.statement_cell", kind=kind, name=name)
    return None


def _is_cell(name: str) -> bool:
    """``table/row/column`` names a cell of the template (row and column may be globs)."""
    parts = name.split("/")
    return len(parts) == 3 and parts[0] in template.TABLES \
        and not _unmatched([parts[1]], _keys(parts[0], "rows")) \
        and not _unmatched([parts[2]], _keys(parts[0], "columns"))


def cell_lists(value: Any, rule: Mapping[str, Any]) -> Text | None:
    """Lists of cells named ``table/row/column`` (each list a sum: the totals a share may be of)."""
    if not isinstance(value, list) or not value:
        return Text.of("option.words")
    return next((bad for names in value if (bad := cell_list(names, rule)) is not None), None)


def cell_list(value: Any, rule: Mapping[str, Any]) -> Text | None:
    """Cells named ``table/row/column`` of the template."""
    if not _is_list(value, str) or not value:
        return Text.of("option.words")
    bad = [name for name in value if not _is_cell(name)]
    return Text.of("option.cell", name=bad[0]) if bad else None


_SEVERITY = text("error", "warning", "info")

# ------------------------------------------------------------------ the kinds
_ARITHMETIC = {"per": Option(text("row", "column"), required=True),
               "stated": Option(keys("", along_per=True), required=True)}
_PART = {"part": Option(text(*template.PART_HEADS), required=True), "from-year": Option(number)}
_SCOPE = {"rows": Option(keys("rows")), "columns": Option(keys("columns"))}

KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("parse", "parse", {"issue": Option(text(*template.PARSE_ISSUES), required=True)},
         unique=("issue",)),
    Kind("ocr-misread", "ocr", unique=()),
    Kind("ocr-unverified", "ocr", {"min-confidence": Option(number, default=0.9)}, unique=()),
    Kind("presence", "presence", {"level": Option(text("table", "row", "row-dropped"), required=True)},
         unique=("level",)),
    Kind("domain", "values", {"kinds": Option(words(*template.CELL_KINDS), required=True),
                              "integer": Option(boolean, default=False),
                              "minimum": Option(number)}),
    Kind("decimals", "values", {**_SCOPE, "allowed": Option(integers, required=True)},
         table="required"),
    Kind("unit", "values", {**_SCOPE, "forbidden": Option(words(*template.UNITS), required=True)},
         table="required"),
    # computed may be empty: Σ stated = 0 (identity), Σ stated ≥ 0 (bound)
    Kind("identity", "arithmetic", {**_ARITHMETIC,
                                    "computed": Option(keys("", empty=True, along_per=True), required=True)},
         table="required"),
    Kind("bound", "arithmetic", {**_ARITHMETIC,
                                 "computed": Option(keys("", empty=True, along_per=True), required=True),
                                 # a placeholder ("/", blank) counts as 0, or leaves the bound untested
                                 "placeholders": Option(text("zero", "unknown"), default="zero")},
         table="required"),
    Kind("subtotal", "subtotal", table="required", unique=("table",)),
    Kind("sections", "structure", unique=()),
    Kind("part-count", "structure", unique=()),
    Kind("publication-date", "structure", unique=()),
    Kind("period-year", "structure", unique=()),
    Kind("layout-year", "structure", unique=()),
    Kind("filled", "structure", unique=()),
    Kind("identified", "structure", unique=()),
    Kind("part-substance", "content", {**_PART, "min-sentences": Option(number, default=2)}),
    Kind("part-mentions", "content", {**_PART, "topic": Option(text(*template.PART_TOPICS), required=True)}),
    Kind("part-contradicts", "content", {**_PART, "topic": Option(text(*template.PART_TOPICS), required=True),
                                         "cells": Option(cell_list, required=True)}),
    Kind("level-zero", "level", {"rows": Option(keys("rows"), required=True),
                                 "levels": Option(words(*template.BODY_LEVELS), required=True)},
         table="required"),
    Kind("prose", "prose", {"statements": Option(cells, required=True),
                            "ambiguous-severity": Option(_SEVERITY),  # default: the rule's severity
                            "fix-agrees-severity": Option(_SEVERITY, default="info")}),
    Kind("share", "prose", {"statements": Option(cells, required=True), "of": Option(cell_lists, required=True)}),
    Kind("cross-year", "crossyear", {"per": Option(text("row", "column"), required=True),
                                     "rows": Option(keys("rows")),
                                     "layouts": Option(words(*template.LAYOUTS)),
                                     "stated": Option(terms, required=True),
                                     "computed": Option(terms, required=True)},
         table="required"),
    Kind("cross-year-identical", "crossyear", {"tables": Option(words(*template.TABLES), required=True)}),
    Kind("same-report", "crossyear", {"tables": Option(words(*template.TABLES), required=True)}),
    Kind("cross-year-similar", "crossyear", {
        "sections": Option(words(*"一二三四五六"), required=True),
        "threshold": Option(number, default=0.9), "min-chars": Option(number, default=150),
        "min-sentences": Option(number, default=2)}),
)}

ARITHMETIC = ("identity", "bound")  # Σ stated = Σ computed, Σ stated ≥ Σ computed


def options(kind: Kind, given: Mapping[str, Any], table: str | None
            ) -> tuple[dict[str, Any], Text | None]:
    """The rule's options with defaults filled in, or the first reason to refuse them."""
    out: dict[str, Any] = {}
    context = {**given, "table": table}
    for name in given:
        if name not in kind.options:
            known = ", ".join(sorted(kind.options)) or "—"
            return out, Text.of("option.unknown", name=name, kind=kind.name, known=known)
    for name, opt in kind.options.items():
        if name not in given:
            if opt.required:
                return out, Text.of("option.missing", name=name)
            if opt.default is not None:
                out[name] = opt.default
            continue
        problem = opt.check(given[name], context)
        if problem:
            return out, Text.of("option.invalid", name=name, problem=problem)
        out[name] = given[name]
    return out, None
