"""Evaluate the rules over many matched reports at once, with pandera.

Identities become a residual frame (documents × identity instances, ``Σ stated − Σ
computed``) validated with ``eq(0)``; cell rules are checks over the long cell frame.
Each pandera failure case becomes one :class:`Finding` with expected and actual values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd
import pandera.pandas as pa

from validator import rulebook, template
from validator.checks import frame
from validator.checks.localize import localize
from validator.checks.validation import failed_rows, failure_cases
from validator.model.findings import CellRef, Finding, fmt, from_rule
from validator.model.report import MISSING, PLACEHOLDER, VALUE, Report
from validator.rulebook.specs import Identity, Rule


def check(reports: list[Report], rules: Iterable[Rule] | None = None) -> list[list[Finding]]:
    """Findings for each report (same order), sorted by severity then position.

    Cross-year rules need pairs of reports and run separately (``crossyear.check``).
    """
    from validator.checks import docrules
    from validator.checks.localize import table_fixes

    selected = {r.name: r for r in (rules if rules is not None else rulebook.load())}
    out: list[list[Finding]] = [[] for _ in reports]
    long = frame.cells(reports)
    _parse(reports, selected, out)
    _cell_rules(long, reports, selected, out)
    _identities(long, reports, selected, out)
    _subtotals(reports, selected, out)
    docrules.structure(reports, list(selected.values()), out)
    docrules.level(reports, list(selected.values()), out)
    # the minimal fixes first: prose that agrees with one of them is evidence about the table,
    # not an error of the text, and tells equally small fixes apart
    fixes = [table_fixes(rep, found) for rep, found in zip(reports, out, strict=True)]
    support = docrules.prose(reports, list(selected.values()), out, fixes)
    for rep, found, fix, sup in zip(reports, out, fixes, support, strict=True):
        localize(rep, found, sup, fix)
    return [sort_findings(found) for found in out]


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Most severe first, then table order, then position in the document."""
    return sorted(findings, key=_order)


def _order(f: Finding) -> tuple:
    loc = f.location
    return (-f.rank, template.TABLES.index(f.table) if f.table in template.TABLES else -1,
            loc.line if loc and loc.line is not None else 0,
            loc.column if loc and loc.column is not None else 0, f.rule)


# ------------------------------------------------------------------ helpers
def _finding(rule: Rule, report: Report, fields: Callable[[str], dict], **kw) -> Finding:
    return from_rule(rule, report.path, fields, **kw)


def _label(report: Report, table: str, row: str | None, column: str | None,
           lang: str) -> str:
    version = report.tables[table].layout
    return template.display_label(table, version, row, column, lang)


def _ref(report: Report, table: str, row: str, column: str, role: str | None = None) -> CellRef:
    cell = report.tables[table].cells[(row, column)]
    return CellRef(table, row, column, cell.value, cell.status, cell.raw, cell.loc, role)


# ------------------------------------------------------------------ parse issues
def _parse(reports: list[Report], selected: dict[str, Rule], out: list[list[Finding]]) -> None:
    for doc, rep in enumerate(reports):
        for issue in rep.issues:
            rule = selected.get(issue.rule)
            if rule is None:
                continue
            def fields(lang: str, issue=issue, rep=rep) -> dict:
                row = ""
                if issue.table and issue.row:
                    row = _label(rep, issue.table, issue.row, None, lang)
                elif issue.table:
                    row = _table(issue.table, lang)
                return {**issue.fields, "row": row}

            out[doc].append(_finding(rule, rep, fields, table=issue.table, row=issue.row,
                                     location=issue.loc, excerpt=issue.excerpt))


# ------------------------------------------------------------------ cell rules
CellCheck = Callable[[pd.DataFrame], pd.Series]


def _cell_check(rule: Rule) -> CellCheck | None:
    """The rule as a vectorised test over the long cell frame (True = passes)."""
    opts = rule.options
    if rule.check == "presence":
        return lambda d: (d["status"] != MISSING) & (d["placeholder"] != ABSENT)
    if rule.check == "domain":
        kinds, minimum, integer = opts.get("kinds", []), opts.get("minimum"), opts.get("integer")

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
        allowed = opts.get("allowed", [])
        return lambda d: ~scope(d) | d["value"].isna() | d["decimals"].isin(allowed)
    if rule.check == "unit":
        forbidden = opts.get("forbidden", [])
        return lambda d: ~scope(d) | ~d["unit"].isin(forbidden)
    return None


def _scope(rule: Rule) -> Callable[[pd.DataFrame], pd.Series]:
    rows, cols = rule.options.get("rows"), rule.options.get("columns")

    def scope(d: pd.DataFrame) -> pd.Series:
        hit = d["table"] == rule.table if rule.table else pd.Series(True, index=d.index)
        if rows:
            hit &= d["row"].isin(rows)
        if cols:
            hit &= d["column"].isin(cols)
        return hit
    return scope


def _cell_rules(long: pd.DataFrame, reports: list[Report], selected: dict[str, Rule],
                out: list[list[Finding]]) -> None:
    checks = {name: fn for name, rule in selected.items()
              if rule.check in ("domain", "decimals", "unit") and (fn := _cell_check(rule))}
    presence = [r for r in selected.values() if r.check == "presence"]
    if presence:
        checks["presence"] = _cell_check(presence[0])
    if not checks or long.empty:
        return
    schema = pa.DataFrameSchema(checks=[pa.Check(fn, name=name) for name, fn in checks.items()])
    failed = failure_cases(long, schema)
    if failed.empty:
        return
    for name, group in failed.groupby("check"):
        rows = long.loc[sorted(set(group["index"].dropna().astype(int)))]
        if name == "presence":
            _presence(rows, reports, selected, out)
        else:
            _value_findings(selected[name], rows, reports, out)


def _value_findings(rule: Rule, rows: pd.DataFrame, reports: list[Report],
                    out: list[list[Finding]]) -> None:
    for rec in rows.itertuples():
        rep = reports[rec.doc]
        cell = rep.tables[rec.table].cells[(rec.row, rec.column)]
        def fields(lang: str, rec=rec, rep=rep) -> dict:
            return {"cell": _label(rep, rec.table, rec.row, rec.column, lang),
                    "actual": fmt(rec.value), "raw": rec.raw, "decimals": rec.decimals}

        out[rec.doc].append(_finding(
            rule, rep, fields, table=rec.table, row=rec.row, column=rec.column, actual=rec.value,
            cells=[_ref(rep, rec.table, rec.row, rec.column)], location=cell.loc,
            excerpt=cell.excerpt))


def _presence(rows: pd.DataFrame, reports: list[Report], selected: dict[str, Rule],
              out: list[list[Finding]]) -> None:
    """A table not found (unless a parse finding says it is there but unreadable); rows not
    found: left out with no number lost (a format deviation, ``row-dropped``) or with numbers
    the reader could not place (``row-missing``)."""
    for (doc, table), part in rows.groupby(["doc", "table"], sort=True):
        rep = reports[doc]
        res = rep.tables[table]
        if not res.found:
            rule = selected.get("structure.table-missing")
            if rule and not any(i.table == table and i.rule == UNREADABLE_TABLE for i in rep.issues):
                out[doc].append(_finding(rule, rep, lambda lang, t=table: {"table": _table(t, lang)},
                                         table=table))
            continue
        absent = set(part.loc[part["placeholder"] == ABSENT, "row"])
        lay = template.layout(table, res.layout)
        for row in [r.key for r in lay.rows if r.key in set(part["row"])]:
            rule = selected.get("structure.row-dropped" if row in absent else "structure.row-missing")
            if not rule:
                continue

            def fields(lang: str, rep=rep, table=table, row=row) -> dict:
                return {"table": _table(table, lang), "row": _label(rep, table, row, None, lang)}

            out[doc].append(_finding(rule, rep, fields, table=table, row=row, location=res.loc))


ABSENT = "absent"  # placeholder of the cells of a row the publisher left out (match.tables)
UNREADABLE_TABLE = "parse.table-unreadable"


def _table(table: str, lang: str) -> str:
    return (template.TABLE_LABELS_EN if lang == "en" else template.TABLE_LABELS)[table]


# ------------------------------------------------------------------ identities
def _identities(long: pd.DataFrame, reports: list[Report], selected: dict[str, Rule],
                out: list[list[Finding]]) -> None:
    """All identity and bound instances of all tables of all documents as one residual frame
    (``Σ stated − Σ computed``: ``eq`` must be 0, ``ge`` at least 0), validated once."""
    if long.empty:
        return
    docs, ids, residuals, kinds = [], [], [], []
    instances: list[Identity] = []
    for (table, layout), part in long.groupby(["table", "layout"], sort=False):
        values = None
        for check in rulebook.ARITHMETIC:
            inst = [i for i in rulebook.instances(table, layout, check) if i.rule.name in selected]
            if not inst:
                continue
            values = frame.wide(part, table, layout) if values is None else values
            res = _residual(values, inst)
            docs.append(np.repeat(values.index.to_numpy(), len(inst)))
            ids.append(np.tile(np.arange(len(instances), len(instances) + len(inst)), len(values)))
            residuals.append(res.ravel())
            kinds.append(np.full(res.size, check == "identity"))
            instances.extend(inst)
    if not instances:
        return
    residual, equal = np.concatenate(residuals), np.concatenate(kinds)
    frame_ = pd.DataFrame({"doc": np.concatenate(docs), "instance": np.concatenate(ids),
                           "eq": np.where(equal, residual, np.nan),
                           "ge": np.where(equal, np.nan, residual)})
    failed = failure_cases(frame_, _IDENTITY_SCHEMA)
    for pos in sorted(set(failed["index"].dropna().astype(int))):
        doc, ident = int(frame_["doc"].iat[pos]), instances[int(frame_["instance"].iat[pos])]
        out[doc].append(_identity_finding(ident, reports[doc]))


def _residual(values: pd.DataFrame, inst: list[Identity]) -> np.ndarray:
    """Σ stated − Σ computed (documents × instances); NaN where a cell is unknown."""
    col = {key: k for k, key in enumerate(values.columns)}
    coef = np.zeros((len(col), len(inst)))
    for j, ident in enumerate(inst):
        for c in ident.stated:
            coef[col[c], j] += 1
        for c in ident.computed:
            coef[col[c], j] -= 1
    x = values.to_numpy(dtype="float64")
    unknown = np.isnan(x)
    res = np.where(unknown, 0.0, x) @ coef
    res[(unknown.astype("float64") @ np.abs(coef)) > 0] = np.nan
    return np.round(res, 6)


# a column per relation: pandera's cost grows with columns and checks, not rows
_IDENTITY_SCHEMA = pa.DataFrameSchema(
    {"eq": pa.Column(float, pa.Check.eq(0, name="identity"), nullable=True),
     "ge": pa.Column(float, pa.Check.ge(0, name="bound"), nullable=True)})


# ------------------------------------------------------------------ subtotals
def _subtotals(reports: list[Report], selected: dict[str, Rule], out: list[list[Finding]]) -> None:
    """Subtotals printed on group rows of table 三 against the sum of the group's items."""
    rule = next((r for r in selected.values() if r.check == "subtotal"), None)
    if rule is None:
        return
    records = []
    for doc, rep in enumerate(reports):
        res = rep.tables.get(rule.table)
        for (group, column), cell in (res.subtotals.items() if res else ()):
            items = [res.cells[(row, column)] for row in template.subtotal_items(res.layout, group)]
            known = cell.status == VALUE and all(c.known for c in items)  # "/" on a group row: no claim
            records.append((doc, group, column, cell.arithmetic if known else np.nan,
                            sum(c.arithmetic or 0.0 for c in items) if known else np.nan))
    if not records:
        return
    frame_ = pd.DataFrame.from_records(records, columns=["doc", "group", "column", "stated", "computed"])
    failed = failed_rows(frame_, {rule.name: lambda d: d["stated"].isna()
                                  | ((d["stated"] - d["computed"]).abs() < 1e-6)})
    for pos in failed.get(rule.name, []):
        doc, group, column, stated, computed = frame_.iloc[pos]
        out[int(doc)].append(_subtotal_finding(rule, reports[int(doc)], group, column, float(stated),
                                               float(computed)))


def _subtotal_finding(rule: Rule, rep: Report, group: str, column: str, stated: float,
                      computed: float) -> Finding:
    res = rep.tables[rule.table]
    cell = res.subtotals[(group, column)]
    items = template.subtotal_items(res.layout, group)

    def fields(lang: str) -> dict:
        return {"row": _label(rep, rule.table, group, None, lang),
                "column": _label(rep, rule.table, None, column, lang),
                "expected": fmt(computed), "actual": fmt(stated)}

    stated_ref = CellRef(rule.table, group, column, cell.value, cell.status, cell.raw, cell.loc, "stated")
    return _finding(rule, rep, fields, table=rule.table, row=group, column=column,
                    expected=computed, actual=stated,
                    cells=[stated_ref] + [_ref(rep, rule.table, r, column, "computed") for r in items],
                    location=cell.loc, excerpt=cell.excerpt)


def _identity_finding(ident: Identity, rep: Report) -> Finding:
    cells = rep.tables[ident.table].cells
    expected = sum(cells[c].arithmetic or 0.0 for c in ident.computed)
    actual: float | str = sum(cells[c].arithmetic or 0.0 for c in ident.stated)
    if len(ident.stated) == 1 and cells[ident.stated[0]].status == PLACEHOLDER:
        actual = "blank"
    where = cells[ident.stated[0]]

    def fields(lang: str) -> dict:
        return {"expected": fmt(expected), "actual": fmt(actual, lang),
                "row": _label(rep, ident.table, ident.row, None, lang) if ident.row else "",
                "column": _label(rep, ident.table, None, ident.column, lang) if ident.column else ""}

    return _finding(ident.rule, rep, fields, table=ident.table, row=ident.row,
                    column=ident.column, expected=expected, actual=actual,
                    cells=[_ref(rep, ident.table, r, c, "stated") for r, c in ident.stated]
                    + [_ref(rep, ident.table, r, c, "computed") for r, c in ident.computed],
                    location=where.loc, excerpt=where.excerpt)

