"""Numbers the prose states about the tables (``match.prose`` statements) against the cells
they describe, evaluated with pandera over one frame of statements.

Text that disagrees with a table but agrees with one of the table's minimal fixes is evidence
that the table is wrong, not the text: it is reported at the rule's ``fix-agrees-severity``
(info) and tells the fixes apart (``Support``, for ``localize.attach``)."""

from __future__ import annotations

import fnmatch
from functools import lru_cache

import numpy as np
import pandas as pd

from validator import template
from validator.checks.context import Context, finding
from validator.checks.localize import Support, describe
from validator.checks.validation import failures
from validator.messages import text
from validator.model.findings import Finding, fmt
from validator.model.report import VALUE, Report
from validator.rulebook.specs import Rule

KINDS = ("prose", "share")
Kinds = dict[str, tuple[Rule, list[str]]]  # statement kind -> (rule, cells whose sum it states)
Changes = dict[tuple[str, str, str], float]  # (table, row, column) -> value (a fix applied)


def _kinds(rules) -> Kinds:
    return {kind: (r, cells) for r in rules for kind, cells in r.options["statements"].items()}


def _readings(st, kinds: Kinds) -> list[list[str]]:
    """The cells of each reading of a statement (its kind, then the other kinds its words
    may mean, when the same rule covers them)."""
    rule, cells = kinds[st.kind]
    return [cells] + [kinds[r][1] for r in st.readings if r in kinds and kinds[r][0] is rule]


def _uncertain(st, rep: Report) -> bool:
    """The statement may count something else: the matcher says so, or the sentence names
    an earlier year than the report's ("2022年收到…", "较2022年…"; a later one is where
    applications are carried forward to, "结转至2024年") — unless the count's own clause names
    the report's year ("与2022年相比，2023年共收到…15件")."""
    return st.ambiguous or bool(rep.year and rep.year not in st.dated and any(y < rep.year for y in st.years))


def statements(reports: list[Report], rules: list[Rule]) -> pd.DataFrame:
    """One row per prose statement covered by a rule: the table value it describes (its first
    reading with a known value) and whether it agrees (any reading does, or none is known)."""
    kinds = _kinds(rules)
    rows = []
    for doc, rep in enumerate(reports):
        for k, st in enumerate(rep.statements):
            if st.kind not in kinds or _year_like(st.value, rep.year) or _of_earlier_year(st, rep.year):
                continue
            known = [v for v in (_sum(rep, cells) for cells in _readings(st, kinds)) if v == v]
            rows.append({"doc": doc, "k": k, "rule": kinds[st.kind][0].name, "stated": float(st.value),
                         "table": known[0] if known else np.nan,
                         "agrees": not known or float(st.value) in known,
                         "ambiguous": _uncertain(st, rep)})
    _other_scopes(rows, reports)
    return pd.DataFrame(rows, columns=["doc", "k", "rule", "stated", "table", "agrees", "ambiguous"])


def _other_scopes(rows: list[dict], reports: list[Report]) -> None:
    """A sentence naming another scope that gives the table's count too, for the same thing
    ("全市共收到申请2856件，其中市政府本级收到847件"): its other counts are the other scope's
    — they agree with nothing of the body's and contradict nothing."""
    def key(row: dict) -> tuple:
        st = reports[row["doc"]].statements[row["k"]]
        return row["doc"], st.sentence, st.kind

    agreeing = {key(row) for row in rows if row["agrees"]}
    for row in rows:
        if not row["agrees"] and row["ambiguous"] and key(row) in agreeing:
            row["agrees"] = True


def _of_earlier_year(st, year: int | None) -> bool:
    """A count whose own clause names an earlier year than the report's ("2022年共收到申请7件"
    in the 2023 report) is that year's number, as "去年收到…" is: never compared."""
    return year is not None and any(y < year for y in st.dated)


def _year_like(value: int, year: int | None) -> bool:
    """A count that is the report's year or a neighbour ("收到申请2023件以内" in the 2023 report)
    may be a year the sentence names: never compared (a body that received exactly that many
    agrees with its table anyway)."""
    return year is not None and abs(value - year) <= 1


def _sum(rep: Report, cells: list[str], changes: Changes | None = None) -> float:
    """Sum of the cells named ``table/row/column`` (rows may be globs such as ``denied.*``;
    a cell absent from the report's layout adds nothing); NaN when a cell is unknown or none
    of them exists. ``changes`` replace cells (a fix applied)."""
    total, seen = 0.0, False
    for key in cells:
        table, row, col = key.split("/")
        res = rep.tables.get(table)
        if res is None or not res.found:
            return np.nan
        for r in _rows(table, res.layout, row, col):
            value = _cell_or_parts(res, r, col, changes)
            if value is None:
                return np.nan
            total, seen = total + value, True
    return total if seen else np.nan


@lru_cache(maxsize=1024)
def _rows(table: str, layout: str, row: str, col: str) -> tuple[str, ...]:
    """The rows of a table's layout that ``row`` (a key or a glob) names and that have ``col``."""
    lay = template.layout(table, layout)
    return tuple(r.key for r in lay.rows if fnmatch.fnmatchcase(r.key, row) and col in lay.columns_of(r.key))


def _cell_or_parts(res, row: str, col: str, changes: Changes | None = None) -> float | None:
    """A cell's number; for a blank 总计 of table 三, the sum of the row's applicant columns
    (the report left the total out, the row still says how many)."""
    if changes and (res.table, row, col) in changes:
        return changes[(res.table, row, col)]
    cell = res.cells.get((row, col))
    if cell is None or cell.arithmetic is None:
        return None
    if col != "total" or res.table != template.APPLICATIONS or cell.status == VALUE:
        return cell.arithmetic
    parts = [(c.key, res.cells.get((row, c.key))) for c in template.layout(res.table, res.layout).columns
             if c.key != "total"]
    if any(p is None or p.arithmetic is None for _, p in parts):
        return None
    if changes:
        return sum(changes.get((res.table, row, k), p.arithmetic) for k, p in parts)
    return sum(p.arithmetic for _, p in parts)


def _changes(fix) -> Changes:
    return {(ch.table, ch.row, ch.column): ch.suggested for ch in fix}


def _support(rep: Report, fixes: dict[str, list], kinds: Kinds) -> dict[str, Support]:
    """What the text says about each table's minimal fixes. Only certain statements count.
    A fix is supported when a statement that disagrees with the table agrees once the fix is
    applied, contradicted when a statement that agrees no longer does. The preferred fixes are
    the supported ones not contradicted; failing those, the ones not contradicted (when the
    text rules some out)."""
    out: dict[str, Support] = {}
    certain = [st for st in rep.statements if st.kind in kinds and not st.readings
               and not _uncertain(st, rep)]
    for table, found in fixes.items():
        if not found:
            continue
        supported, contradicted, evidence = set(), set(), None
        for st in certain:
            cells = kinds[st.kind][1]
            if not any(c.startswith(table + "/") for c in cells):
                continue
            before = _sum(rep, cells)
            if before != before:
                continue
            for i, fix in enumerate(found):
                after = _sum(rep, cells, _changes(fix))
                if after == before:
                    continue
                if after == st.value:
                    supported.add(i)
                elif before == st.value:
                    contradicted.add(i)
                else:
                    continue
                evidence = evidence or st
        preferred = [i for i in range(len(found)) if i in supported and i not in contradicted]
        if not preferred and contradicted:
            preferred = [i for i in range(len(found)) if i not in contradicted]
        if preferred and evidence is not None:
            out[table] = Support(tuple(preferred), evidence.sentence, evidence.loc)
    return out


def _fix_agreeing(rep: Report, st, kinds: Kinds, fixes: dict[str, list]) -> list | None:
    """A minimal fix of the tables with which the statement (one of its readings) agrees."""
    for cells in _readings(st, kinds):
        tables = {c.split("/")[0] for c in cells}
        for table in tables:
            for fix in fixes.get(table, ()):
                if _sum(rep, cells, _changes(fix)) == st.value:
                    return fix
    return None


def run(ctx: Context, rules: list[Rule]) -> None:
    """The statements against the tables; what the text says about each report's minimal fixes
    goes to ``ctx.support``. Then the percentages the text gives (``share`` rules)."""
    counts = [r for r in rules if r.check == "prose"]
    if counts:
        ctx.support = check(ctx.reports, counts, ctx.out, ctx.fixes)
    for rule in rules:
        if rule.check == "share":
            shares(ctx.reports, rule, ctx.out)


def shares(reports: list[Report], rule: Rule, out: list[list[Finding]]) -> None:
    """A percentage the text gives right after an outcome's count ("予以公开6件，占比46.2%")
    recomputed from that count and each total it may be a share of (``of``: the handled, the
    received…): it agrees when one of them gives it, rounded or cut to the places written."""
    kinds, bases = rule.options["statements"], rule.options["of"]
    rows = []
    for doc, rep in enumerate(reports):
        for k, st in enumerate(rep.statements):
            if st.share is not None and st.kind in kinds:
                rows.append([doc, k, st.share, 10.0 ** -st.places, st.value, *(_sum(rep, b) for b in bases)])
    names = [f"of{i}" for i in range(len(bases))]
    frame = pd.DataFrame(rows, columns=["doc", "k", "share", "step", "count", *names])

    def agrees(d: pd.DataFrame) -> pd.Series:
        known = d[names].where(d[names] > 0)
        pct = known.rdiv(100.0 * d["count"], axis=0)
        low, high = d["share"] - d["step"] / 2 - 1e-9, d["share"] + d["step"] + 1e-9
        return known.isna().all(axis=1) | (pct.ge(low, axis=0) & pct.lt(high, axis=0)).any(axis=1)

    for _, _, rec in failures(frame, {rule.name: agrees}):
        rep = reports[int(rec["doc"])]
        st = rep.statements[int(rec["k"])]
        base = next(float(rec[n]) for n in names if rec[n] == rec[n] and rec[n] > 0)
        computed = round(100.0 * st.value / base, max(st.places, 1))

        def fields(lang: str, st=st, computed=computed, base=base) -> dict:
            return {"claim": text(f"claim.{st.kind}", lang), "count": st.value, "actual": fmt(st.share),
                    "expected": fmt(computed), "base": fmt(base), "sentence": st.sentence[:160]}

        out[int(rec["doc"])].append(finding(rule, rep, fields, expected=computed, actual=float(st.share),
                                            location=st.loc, excerpt=st.sentence))


def check(reports: list[Report], rules: list[Rule], out: list[list[Finding]],
          fixes: list[dict[str, list]] | None = None) -> list[dict[str, Support]]:
    """Statements of the text against the tables. ``fixes`` are each report's minimal fixes
    per table (``localize.table_fixes``): a statement that disagrees with the table but agrees
    with one of them is evidence that the table is wrong, not the text — it is reported at the
    rule's ``fix-agrees-severity`` (info) only. Returns, per report, what the text says about
    the fixes (for ``localize.attach``)."""
    chosen = {r.name: r for r in rules}
    kinds = _kinds(chosen.values())
    frame = statements(reports, list(chosen.values()))
    support: list[dict[str, Support]] = [{} for _ in reports]
    for doc, tables in enumerate(fixes or ()):
        if any(tables.values()):
            support[doc] = _support(reports[doc], tables, kinds)
    for _, _, rec in failures(frame, {"prose": lambda d: d["agrees"]}):
        doc = int(rec["doc"])
        rule, rep = chosen[rec["rule"]], reports[doc]
        st = rep.statements[int(rec["k"])]
        fix = _fix_agreeing(rep, st, kinds, fixes[doc]) if fixes and fixes[doc] else None
        total = None if fix is not None else _sum_agreeing(st, kinds, out[doc], fixes[doc] if fixes else {})
        if fix is not None or total is not None:
            severity = rule.options.get("fix-agrees-severity", "info")
        elif rec["ambiguous"]:
            severity = rule.options.get("ambiguous-severity", rule.severity)
        else:
            severity = None

        def fields(lang: str, st=st, rec=rec) -> dict:
            return {"claim": text(f"claim.{st.kind}", lang), "actual": st.value, "expected": fmt(rec["table"]),
                    "sentence": st.sentence[:160]}

        found = finding(rule, rep, fields, severity, expected=float(rec["table"]), actual=float(st.value),
                         location=st.loc, excerpt=st.sentence)
        if fix is not None or total is not None:
            found.messages = {lang: msg + _table_wrong(rep, fix, total, lang)
                              for lang, msg in found.messages.items()}
        out[doc].append(found)
    return support


def _sum_agreeing(st, kinds: Kinds, findings: list[Finding], fixes: dict[str, list]) -> Finding | None:
    """With no minimal fix to go by (none found for the table), an arithmetic finding whose
    stated cell is the one cell the statement reads and whose computed side (the sum of the
    items) is what the text says: "办结3件" when the 总计 says 4 and the outcomes add up to 3."""
    for cells in _readings(st, kinds):
        if len(cells) != 1 or "*" in cells[0] or fixes.get(cells[0].split("/")[0]):
            continue
        for f in findings:
            if f.category == "arithmetic" and f.expected == st.value and any(
                    c.role == "stated" and f"{c.table}/{c.row}/{c.column}" == cells[0] for c in f.cells):
                return f
    return None


def _table_wrong(rep: Report, fix: list | None, total: Finding | None, lang: str) -> str:
    if fix is None:
        assert total is not None, "a statement agrees with a fix or with the sum of the items"
        return text("prose.items_agree", lang, total=fmt(total.expected))
    return text("prose.fix_agrees", lang, fix=describe(rep, fix, lang))
