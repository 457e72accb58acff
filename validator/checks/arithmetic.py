"""Identities (Σ stated = Σ computed) and bounds (Σ stated ≥ Σ computed) inside a table.

All instances of all tables of all documents become one residual frame (documents × instances,
``Σ stated − Σ computed``) validated once with pandera: ``eq`` must be 0, ``ge`` at least 0."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa

from validator.checks import frame
from validator.checks.context import Context, finding, label, ref
from validator.checks.validation import failure_cases
from validator.model.findings import Finding, fmt
from validator.model.report import PLACEHOLDER, Report
from validator.rulebook import relations
from validator.rulebook.specs import Identity, Rule, rule_instances

KINDS = ("identity", "bound")

# a column per relation: pandera's cost grows with columns and checks, not rows
_SCHEMA = pa.DataFrameSchema(
    {"eq": pa.Column(float, pa.Check.eq(0, name="identity"), nullable=True),
     "ge": pa.Column(float, pa.Check.ge(0, name="bound"), nullable=True)})


def run(ctx: Context, rules: list[Rule]) -> None:
    long = ctx.long
    if long.empty or not rules:
        return
    docs, ids, residuals, kinds = [], [], [], []
    instances: list[Identity] = []
    for (table, layout), part in long.groupby(["table", "layout"], sort=False):
        inst = [i for r in rules if r.table == table for i in rule_instances(r, layout)]
        if not inst:
            continue
        values = frame.wide(part, table, layout)
        res = relations.residuals(values.to_numpy(dtype="float64"), list(values.columns), inst)
        untested = [k for k, i in enumerate(inst) if i.rule.options.get("placeholders") == "unknown"]
        if untested:  # a placeholder in their cells leaves them untested (NaN), not 0
            numbers = frame.wide(part, table, layout, "value").to_numpy(dtype="float64")
            res[:, untested] = relations.residuals(numbers, list(values.columns), [inst[k] for k in untested])
        docs.append(np.repeat(values.index.to_numpy(), len(inst)))
        ids.append(np.tile(np.arange(len(instances), len(instances) + len(inst)), len(values)))
        residuals.append(res.ravel())
        kinds.append(np.tile([i.rule.check == "identity" for i in inst], len(values)))
        instances.extend(inst)
    if not instances:
        return
    residual, equal = np.concatenate(residuals), np.concatenate(kinds)
    frame_ = pd.DataFrame({"doc": np.concatenate(docs), "instance": np.concatenate(ids),
                           "eq": np.where(equal, residual, np.nan), "ge": np.where(equal, np.nan, residual)})
    failed = failure_cases(frame_, _SCHEMA)
    for pos in sorted(set(failed["index"].dropna().astype(int))):
        doc, ident = int(frame_["doc"].iat[pos]), instances[int(frame_["instance"].iat[pos])]
        ctx.out[doc].append(_finding(ident, ctx.reports[doc]))


def _finding(ident: Identity, rep: Report) -> Finding:
    cells = rep.tables[ident.table].cells
    expected = sum(cells[c].arithmetic or 0.0 for c in ident.computed)
    actual: float | str = sum(cells[c].arithmetic or 0.0 for c in ident.stated)
    if len(ident.stated) == 1 and cells[ident.stated[0]].status == PLACEHOLDER:
        actual = "blank"
    where = cells[ident.stated[0]]

    def fields(lang: str) -> dict:
        return {"expected": fmt(expected), "actual": fmt(actual, lang),
                "row": label(rep, ident.table, ident.row, None, lang) if ident.row else "",
                "column": label(rep, ident.table, None, ident.column, lang) if ident.column else ""}

    return finding(ident.rule, rep, fields, table=ident.table, row=ident.row, column=ident.column,
                   expected=expected, actual=actual,
                   cells=[ref(rep, ident.table, r, c, "stated") for r, c in ident.stated]
                   + [ref(rep, ident.table, r, c, "computed") for r, c in ident.computed],
                   location=where.loc, excerpt=where.excerpt)
