"""Rows a body of its level cannot have (规章 at a 县 or 乡 body): must be 0 or blank."""

from __future__ import annotations

import pandas as pd

from validator import messages, template
from validator.checks.context import Context, finding
from validator.checks.validation import failures
from validator.model.findings import Finding, fmt
from validator.model.report import VALUE, Report
from validator.rulebook.specs import Rule

KINDS = ("level-zero",)
def run(ctx: Context, rules: list[Rule]) -> None:
    reports, out = ctx.reports, ctx.out
    for rule in rules:
        records = []
        for doc, rep in enumerate(reports):
            res = rep.tables.get(str(rule.table))
            if res is None or not res.found or template.body_level(rep.agency) not in rule.options["levels"]:
                continue
            for (row, col), cell in res.cells.items():
                if row in rule.options["rows"]:
                    records.append((doc, row, col, cell.value if cell.status == VALUE else 0.0))
        frame = pd.DataFrame(records, columns=["doc", "row", "column", "value"])
        failing = [pos for _, pos, _ in failures(frame, {rule.name: lambda d: d["value"] == 0})]
        for doc, part in frame.iloc[failing].groupby("doc"):
            rep = reports[int(doc)]
            for row, cells in part.groupby("row"):
                _level_finding(rule, rep, row, cells, out[int(doc)])


def _level_finding(rule: Rule, rep: Report, row: str, cells: pd.DataFrame, out: list[Finding]) -> None:
    table = str(rule.table)
    res = rep.tables[table]
    first = res.cells[(row, cells["column"].iloc[0])]
    values = "、".join(fmt(v) for v in cells["value"])

    def fields(lang: str) -> dict:
        return {"agency": rep.agency, "row": messages.label(table, res.layout, row, None, lang),
                "actual": values}

    out.append(finding(rule, rep, fields, table=rule.table, row=row, actual=float(cells["value"].sum()),
                        location=first.loc, excerpt=first.excerpt))


