"""Rules across consecutive years of the same body.

Pairs (this year, last year) come from ``--previous`` or from a batch: reports whose
normalised agency names are equal and whose years differ by one. Cross-year identities are
linear like the in-table ones and are validated with pandera over one residual frame.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np
import pandas as pd

from validator import messages, template
from validator.checks.validation import failures
from validator.model.findings import CellRef, Finding, fmt, from_rule
from validator.model.report import PLACEHOLDER, Report
from validator.rulebook.specs import Rule

KINDS = ("cross-year", "cross-year-identical", "cross-year-similar", "same-report")
PAIRS = True  # evaluated over (this year, last year) pairs, after the batch (``check``)
Pair = tuple[int, int]  # (this year's index, last year's index)


def agency_key(agency: str | None) -> str | None:
    """Agency name for pairing: NFKC, no spaces or bracketed notes, 人民政府 written 政府 (a
    body's name one year and its short form the next: 县人民政府办公室, 县政府办公室)."""
    if not agency:
        return None
    text = unicodedata.normalize("NFKC", agency)
    text = re.sub(r"\s+|\([^)]*\)", "", text).replace("人民政府", "政府")
    return text or None


def _groups(reports: list[Report]) -> dict[tuple[str, int], list[int]]:
    """The reports of each (body, year): several files are one report in several formats."""
    out: dict[tuple[str, int], list[int]] = {}
    for i, rep in enumerate(reports):
        key = agency_key(rep.agency)
        if key and rep.year:
            out.setdefault((key, rep.year), []).append(i)
    return out


_YEAR_IN_NAME = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def place(path: str) -> tuple[str, ...]:
    """The folder a file stands in, a year in a folder's name left out (``临川县/2022/a.html``
    and ``临川县/2023/b.html`` stand in one place; ``安平县/2023.txt`` in another)."""
    import os.path

    folder = os.path.dirname(os.path.abspath(path))
    return tuple(_YEAR_IN_NAME.sub("*", part) for part in folder.split(os.sep))


def pair_up(reports: list[Report], given: int | None = None) -> list[Pair]:
    """(this year, last year) for every report whose body's previous year is in the batch —
    every copy of this year's report is paired, with last year's copy in the same format
    when there is one. Bodies of one name in several places (two counties' 城关镇人民政府)
    are told apart by the folder: last year's report beside this year's, else one that has
    no report of this year beside it, when only one place lacks one. Reports from index
    ``given`` on are last year's reports the user named (``--previous``): paired wherever
    they stand."""
    groups = _groups(reports)
    places = [place(r.path) for r in reports]
    pairs: list[Pair] = []
    for (key, year), mine in groups.items():
        previous = groups.get((key, year - 1), [])
        if not previous:
            continue
        here = {places[i] for i in mine}
        elsewhere = [p for p in previous if places[p] not in here
                     and (given is None or p < given)]  # last year's with none of this year beside it
        lacking = {places[i] for i in mine if not any(places[p] == places[i] for p in previous)}
        for i in mine:
            own = [p for p in previous if places[p] == places[i] or (given is not None and p >= given)]
            if not own and len(lacking) == 1:
                own = elsewhere
            if own:
                pairs.append((i, _same_format(reports, i, own)))
    return sorted(pairs)


def _same_format(reports: list[Report], i: int, previous: list[int]) -> int:
    """Last year's copy in the format of report ``i``, else the first."""
    return next((p for p in previous if reports[p].meta.format == reports[i].meta.format), previous[0])


def copies(reports: list[Report], limit: int) -> list[list[int]]:
    """Groups of files (indices < ``limit``) of the same body and year in one place: one report
    in several formats, or saved several times (two places: perhaps two bodies of one name)."""
    out: list[list[int]] = []
    for mine in _groups(reports[:limit]).values():
        if len(mine) < 2:
            continue  # (most: one file of a report, no place to look up)
        by_place: dict[tuple[str, ...], list[int]] = {}
        for i in mine:
            by_place.setdefault(place(reports[i].path), []).append(i)
        out.extend(group for group in by_place.values() if len(group) > 1)
    return out


def _terms(rule: Rule, this: Report, prev: Report) -> list[tuple[str | None, list, list]]:
    """(instance key, stated terms, computed terms); a term is (side, row, col, sign)."""
    table = str(rule.table)
    lay = template.layout(table, this.tables[table].layout)
    allowed = rule.options.get("layouts")
    if allowed and (this.tables[table].layout not in allowed or prev.tables[table].layout not in allowed):
        return []
    if this.tables[table].layout != prev.tables[table].layout and rule.options["per"] == "row":
        return []

    def parse(key: str, inst: str) -> tuple[str, str, str, int]:
        sign = -1 if key.startswith("-") else 1
        side, rest = key.lstrip("-").split(":", 1)
        return (side, inst, rest, sign) if rule.options["per"] == "row" else (side, rest, inst, sign)

    keys = (rule.options.get("rows") or [r.key for r in lay.rows]) if rule.options["per"] == "row" \
        else [c.key for c in lay.columns]
    return [(k, [parse(t, k) for t in rule.options["stated"]],
             [parse(t, k) for t in rule.options["computed"]]) for k in keys]


def _value(rep: Report, table: str, row: str, col: str) -> float:
    res = rep.tables[table]
    cell = res.cells.get((row, col)) if res.found else None
    return np.nan if cell is None or cell.arithmetic is None else cell.arithmetic


def check(reports: list[Report], pairs: list[Pair], rules: list[Rule],
          out: list[list[Finding]], same: Sequence[list[int]] = ()) -> None:
    """Findings of the cross-year rules for each pair, into ``out`` (indexed like ``reports``)."""
    identities = [r for r in rules if r.check == "cross-year"]
    records, meta = [], []
    for p, (this_i, prev_i) in enumerate(pairs):
        this, prev = reports[this_i], reports[prev_i]
        for rule in identities:
            for key, stated, computed in _terms(rule, this, prev):
                side = {"this": this, "previous": prev}
                table = str(rule.table)
                s = sum(sign * _value(side[sd], table, r, c) for sd, r, c, sign in stated)
                c_ = sum(sign * _value(side[sd], table, r, c) for sd, r, c, sign in computed)
                records.append({"pair": p, "residual": s - c_})
                meta.append((rule, key, s, c_, stated, computed))
    _report_residuals(pd.DataFrame(records, columns=["pair", "residual"]), meta, pairs, reports, out)
    for rule in (r for r in rules if r.check == "cross-year-identical"):
        _identical(rule, reports, pairs, out)
    for rule in (r for r in rules if r.check == "cross-year-similar"):
        _similar(rule, reports, pairs, out)
    for rule in (r for r in rules if r.check == "same-report"):
        _copies(rule, reports, list(same), out)


def _report_residuals(frame, meta, pairs, reports, out) -> None:
    for _, i, rec in failures(frame, {"residual": lambda d: d["residual"].isna() | (d["residual"] == 0)}):
        rule, key, stated, computed, terms, computed_terms = meta[i]
        this_i, prev_i = pairs[int(rec["pair"])]
        this, prev = reports[this_i], reports[prev_i]
        _, row, col, _ = terms[0]
        version = this.tables[rule.table].layout

        def fields(lang: str, rule=rule, key=key, prev=prev, computed=computed, stated=stated,
                   version=version) -> dict:
            per = rule.options["per"]
            label = messages.label(str(rule.table), version, key if per == "row" else None,
                                           key if per == "column" else None, lang)
            return {"row": label, "column": label, "previous": prev.path,
                    "expected": fmt(computed), "actual": fmt(stated)}

        cell = this.tables[rule.table].cells[(row, col)]
        per_row = rule.options["per"] == "row"
        out[this_i].append(from_rule(
            rule, this.path, fields, table=rule.table,
            row=key if per_row else None, column=None if per_row else key,
            expected=computed, actual=stated, location=cell.loc, excerpt=cell.excerpt,
            cells=[CellRef(rule.table, row, col, cell.value, cell.status, cell.raw, cell.loc, "stated"),
                   *_previous_cells(str(rule.table), prev, computed_terms)]))


def _previous_cells(table: str, prev: Report, terms: list) -> list[CellRef]:
    """Last year's cells a cross-year identity reads (role ``previous``: their locations name
    last year's file), as far as last year's table holds them."""
    res = prev.tables.get(table)
    cells = res.cells if res is not None and res.found else {}
    return [CellRef(table, row, col, c.value, c.status, c.raw, c.loc, "previous")
            for side, row, col, _ in terms if side == "previous" and (c := cells.get((row, col))) is not None]


def _identical(rule: Rule, reports: list[Report], pairs: list[Pair], out) -> None:
    rows = []
    for this_i, prev_i in pairs:
        for table in rule.options.get("tables", []):
            a, b = reports[this_i].tables[table], reports[prev_i].tables[table]
            if not (a.found and b.found) or a.layout != b.layout:
                continue
            va = [a.cells[k].arithmetic for k in a.cells]
            vb = [b.cells[k].arithmetic for k in a.cells]
            known = None not in va and None not in vb
            rows.append({"this": this_i, "prev": prev_i, "table": table,
                         "same": known and va == vb and any(va)})
    frame = pd.DataFrame(rows, columns=["this", "prev", "table", "same"])
    for _, _, rec in failures(frame, {rule.name: lambda d: ~d["same"].astype(bool)}):
        this, prev = reports[int(rec["this"])], reports[int(rec["prev"])]
        table = rec["table"]

        def fields(lang: str, table=table, prev=prev) -> dict:
            return {"table": messages.table_name(table, lang), "previous": prev.path}

        out[int(rec["this"])].append(from_rule(rule, this.path, fields, table=table,
                                               location=this.tables[table].loc))


def _similar(rule: Rule, reports: list[Report], pairs: list[Pair], out) -> None:
    """Prose sections (by numeral) whose text is nearly last year's."""
    from validator.match.sketch import similarity

    least = rule.options.get("min-chars", 150)
    sentences = rule.options.get("min-sentences", 2)
    rows = []
    for this_i, prev_i in pairs:
        mine, theirs = (reports[i].meta.sketches for i in (this_i, prev_i))
        for section in rule.options.get("sections", []):
            a, b = mine.get(section), theirs.get(section)
            if a and b and min(a[0], b[0]) >= least and min(a[2:3] or (0,)) >= sentences \
                    and min(b[2:3] or (0,)) >= sentences:
                rows.append({"this": this_i, "prev": prev_i, "section": section,
                             "similarity": similarity(a[1], b[1])})
    frame = pd.DataFrame(rows, columns=["this", "prev", "section", "similarity"])
    limit = rule.options.get("threshold", 0.9)
    for _, _, rec in failures(frame, {rule.name: lambda d: d["similarity"] < limit}):
        this, prev = reports[int(rec["this"])], reports[int(rec["prev"])]
        section, share = rec["section"], float(rec["similarity"])

        def fields(lang: str, section=section, prev=prev, share=share) -> dict:
            return {"section": section, "previous": prev.path, "similarity": f"{share:.0%}"}

        out[int(rec["this"])].append(from_rule(rule, this.path, fields, actual=round(share, 3),
                                               location=this.sections.get(section)))


def _copies(rule: Rule, reports: list[Report], same: list[list[int]], out) -> None:
    """Two files of one report (same body and year) whose tables say different things.
    Files whose table reads the same are compared once (a batch may hold a page saved a
    thousand times: comparing every two of them would take hours)."""
    rows = []
    for mine in same:
        for table in rule.options["tables"]:
            for a, b, differ in _differing(reports, mine, table):
                rows.append({"a": a, "b": b, "table": table, "differ": differ})
    frame = pd.DataFrame(rows, columns=["a", "b", "table", "differ"])
    for _, _, rec in failures(frame, {rule.name: lambda d: d["differ"].str.len() == 0}):
        a, b, table = int(rec["a"]), int(rec["b"]), rec["table"]
        out[a].append(_copy_finding(rule, reports[a], reports[b], table, rec["differ"]))
        there = [(r, c, w, v) for r, c, v, w in rec["differ"]]  # the same cells seen from the other file
        out[b].append(_copy_finding(rule, reports[b], reports[a], table, there))


def _differing(reports: list[Report], mine: list[int], table: str) -> list[tuple[int, int, list]]:
    """(a, b, differences), a < b, for the files of one group whose ``table`` reads
    differently; files that read alike are compared once, by their first."""
    readings: dict[tuple, list[int]] = {}
    for i in mine:
        if reports[i].tables[table].found:
            readings.setdefault(_reading(reports[i].tables[table]), []).append(i)
    alike = list(readings.values())
    out: list[tuple[int, int, list]] = []
    for m, first in enumerate(alike):
        for second in alike[m + 1:]:
            differ = _differences(reports[first[0]].tables[table], reports[second[0]].tables[table])
            seen_back = [(r, c, w, v) for r, c, v, w in differ]
            out.extend((a, b, differ) if a < b else (b, a, seen_back) for a in first for b in second)
    return sorted(out, key=lambda t: t[:2])


def _reading(res) -> tuple:
    """What a comparison of ``res`` with another table sees: its layout and every cell's value."""
    return res.layout, tuple((c.known, c.arithmetic, c.status == PLACEHOLDER) for c in res.cells.values())


def _differences(x, y) -> list[tuple[str, str, float | str | None, float | str | None]]:
    """(row, column, value here, value there) of every cell both read and read differently; a
    different layout is one difference of the whole table."""
    if x.layout != y.layout:
        return [("", "", None, None)]
    out = []
    for key, cell in x.cells.items():
        other = y.cells.get(key)
        if other is not None and cell.known and other.known and cell.arithmetic != other.arithmetic:
            out.append((key[0], key[1], _shown(cell), _shown(other)))
    return out


def _ref(res, row: str, column: str) -> CellRef:
    cell = res.cells[(row, column)]
    return CellRef(res.table, row, column, cell.value, cell.status, cell.raw, cell.loc)


def _shown(cell) -> float | str | None:
    """A cell as a message shows it: its number, or "blank" for a placeholder."""
    return "blank" if cell.status == PLACEHOLDER else cell.arithmetic


def _copy_finding(rule: Rule, rep: Report, other: Report, table: str, differ: list) -> Finding:
    res = rep.tables[table]
    cells = [d for d in differ if d[0]]

    def fields(lang: str) -> dict:
        shown = [messages.text("copies.cell", lang, cell=messages.label(table, res.layout, r, c, lang),
                               here=fmt(v, lang), there=fmt(w, lang)) for r, c, v, w in cells[:5]]
        listed = messages.text("fix.and", lang).join(shown) if cells else messages.text("copies.layout", lang)
        more = messages.text("copies.more", lang, count=len(cells)) if len(cells) > 5 else ""
        return {"table": messages.table_name(table, lang), "other": other.path, "cells": listed + more}

    first = res.cells.get((cells[0][0], cells[0][1])) if cells else None
    return from_rule(rule, rep.path, fields, table=table, row=cells[0][0] if len(cells) == 1 else None,
                     column=cells[0][1] if len(cells) == 1 else None,
                     cells=[_ref(res, r, c) for r, c, _, _ in cells],
                     location=first.loc if first else res.loc, excerpt=first.excerpt if first else None)
