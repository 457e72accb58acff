"""Rules across consecutive years of the same body.

Pairs (this year, last year) come from ``--previous`` or from a batch: reports whose
normalised agency names are equal and whose years differ by one. Cross-year identities are
linear like the in-table ones and are validated with pandera over one residual frame.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from validator import messages, template
from validator.checks.validation import failures
from validator.model.findings import CellRef, Finding, fmt, from_rule
from validator.model.report import Report
from validator.rulebook.specs import Rule

KINDS = ("cross-year", "cross-year-identical", "cross-year-similar")
PAIRS = True  # evaluated over (this year, last year) pairs, after the batch (``check``)
Pair = tuple[int, int]  # (this year's index, last year's index)


def agency_key(agency: str | None) -> str | None:
    """Agency name for pairing: NFKC, no spaces or bracketed notes, no trailing 办公室 variants."""
    if not agency:
        return None
    text = unicodedata.normalize("NFKC", agency)
    text = re.sub(r"\s+|\([^)]*\)", "", text)
    return text or None


def pair_up(reports: list[Report]) -> list[Pair]:
    """Consecutive years of the same agency within one batch."""
    index: dict[tuple[str, int], int] = {}
    for i, rep in enumerate(reports):
        key = agency_key(rep.agency)
        if key and rep.year:
            index.setdefault((key, rep.year), i)
    return [(i, index[(k, y - 1)]) for (k, y), i in index.items() if (k, y - 1) in index]


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
          out: list[list[Finding]]) -> None:
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
                meta.append((rule, key, s, c_, stated))
    _report_residuals(pd.DataFrame(records, columns=["pair", "residual"]), meta, pairs, reports, out)
    for rule in (r for r in rules if r.check == "cross-year-identical"):
        _identical(rule, reports, pairs, out)
    for rule in (r for r in rules if r.check == "cross-year-similar"):
        _similar(rule, reports, pairs, out)


def _report_residuals(frame, meta, pairs, reports, out) -> None:
    for _, i, rec in failures(frame, {"residual": lambda d: d["residual"].isna() | (d["residual"] == 0)}):
        rule, key, stated, computed, terms = meta[i]
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
            cells=[CellRef(rule.table, row, col, cell.value, cell.status, cell.raw, cell.loc,
                           "stated")]))


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
