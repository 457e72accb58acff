"""Rules on single cells, as vectorised tests over the long cell frame: the domain of a kind of
number (``domain``), the decimals printed (``decimals``), a forbidden unit (``unit``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from validator.checks.context import CellTest, Context, finding, label, ref
from validator.model.findings import fmt
from validator.rulebook.specs import Rule

KINDS = ("domain", "decimals", "unit")


def cell_tests(rules: list[Rule]) -> dict[str, CellTest]:
    return {rule.name: _test(rule) for rule in rules}


def _test(rule: Rule) -> CellTest:
    opts = rule.options
    if rule.check == "domain":
        kinds, minimum, integer = opts["kinds"], opts.get("minimum"), opts["integer"]

        def domain(d: pd.DataFrame) -> pd.Series:
            v = d["value"]
            ok = pd.Series(True, index=d.index)
            if minimum is not None:
                ok &= v >= minimum
            if integer:
                ok &= np.floor(v) == v
            return ok | v.isna() | ~d["kind"].isin(kinds)
        return domain
    scope = _scope(rule)
    if rule.check == "decimals":
        return lambda d: ~scope(d) | d["value"].isna() | d["decimals"].isin(opts["allowed"])
    return lambda d: ~scope(d) | ~d["unit"].isin(opts["forbidden"])


def _scope(rule: Rule) -> CellTest:
    rows, cols = rule.options.get("rows"), rule.options.get("columns")

    def scope(d: pd.DataFrame) -> pd.Series:
        hit = d["table"] == rule.table
        if rows:
            hit &= d["row"].isin(rows)
        if cols:
            hit &= d["column"].isin(cols)
        return hit
    return scope


def run(ctx: Context, rules: list[Rule]) -> None:
    for rule in rules:
        rows = ctx.failed.get(rule.name)
        for rec in (rows.itertuples() if rows is not None else ()):
            rep = ctx.reports[rec.doc]
            cell = rep.tables[rec.table].cells[(rec.row, rec.column)]

            def fields(lang: str, rec=rec, rep=rep) -> dict:
                return {"cell": label(rep, rec.table, rec.row, rec.column, lang),
                        "actual": fmt(rec.value), "raw": rec.raw, "decimals": rec.decimals}

            ctx.out[rec.doc].append(finding(
                rule, rep, fields, table=rec.table, row=rec.row, column=rec.column, actual=rec.value,
                cells=[ref(rep, rec.table, rec.row, rec.column)], location=cell.loc, excerpt=cell.excerpt))
