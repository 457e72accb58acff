"""Subtotals printed on the group rows of table 三 (（三）不予公开 …) against the sum of the
group's items, and those of a 小计 column under 法人或其他组织 against the row's organisations."""

from __future__ import annotations

import numpy as np
import pandas as pd

from validator import template
from validator.checks.context import Context, finding, label, ref
from validator.checks.validation import failures
from validator.model.findings import CellRef, Finding, fmt
from validator.model.report import VALUE, Report
from validator.rulebook.specs import Rule

KINDS = ("subtotal",)


def run(ctx: Context, rules: list[Rule]) -> None:
    for rule in rules:
        frame_ = _frame(ctx.reports, rule)
        if frame_.empty:
            continue
        for _, _, rec in failures(frame_, {rule.name: lambda d: d["stated"].isna()
                                           | ((d["stated"] - d["computed"]).abs() < 1e-6)}):
            doc, group, column, stated, computed = rec
            ctx.out[int(doc)].append(_finding(rule, ctx.reports[int(doc)], group, column, float(stated),
                                              float(computed)))


def _frame(reports: list[Report], rule: Rule) -> pd.DataFrame:
    records = []
    for doc, rep in enumerate(reports):
        res = rep.tables.get(str(rule.table))
        if res is None:
            continue
        for (group, column), cell in res.subtotals.items():
            items = [res.cells[key] for key in template.subtotal_cells(res.layout, group, column)]
            known = cell.status == VALUE and all(c.known for c in items)  # "/" on a group row: no claim
            records.append((doc, group, column, cell.arithmetic if known else np.nan,
                            sum(c.arithmetic or 0.0 for c in items) if known else np.nan))
    return pd.DataFrame.from_records(records, columns=["doc", "group", "column", "stated", "computed"])


def _finding(rule: Rule, rep: Report, group: str, column: str, stated: float, computed: float) -> Finding:
    table = str(rule.table)
    res = rep.tables[table]
    cell = res.subtotals[(group, column)]
    items = template.subtotal_cells(res.layout, group, column)

    def fields(lang: str) -> dict:
        return {"row": label(rep, table, group, None, lang), "column": label(rep, table, None, column, lang),
                "expected": fmt(computed), "actual": fmt(stated)}

    stated_ref = CellRef(table, group, column, cell.value, cell.status, cell.raw, cell.loc, "stated")
    return finding(rule, rep, fields, table=table, row=group, column=column, expected=computed,
                   actual=stated, cells=[stated_ref] + [ref(rep, table, r, c, "computed") for r, c in items],
                   location=cell.loc, excerpt=cell.excerpt)
