"""Locate the wrong cell: the smallest set of cells whose correction satisfies every identity.

The identities of a table overlap (each cell sits in a column identity, a row identity and
often the balance), so the pattern of violated identities usually points at one cell. For
each table with arithmetic findings we search fixes of one cell, then of two; a fix must be
a whole number that leaves no cell negative. Every minimal fix is kept: when there are
several, all are reported and none is picked — unless the report's own text tells them apart
(``Support``, from the prose rules): "行政复议3件" when the 总计 says 4 and the items add up to 3
points at the 总计. The fixes the text agrees with come first and are named in the message and in
the finding's ``evidence``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from validator import rulebook, template
from validator.messages import label, text
from validator.model.document import Location
from validator.model.findings import Finding, fmt
from validator.model.report import Report
from validator.rulebook import relations

MAX_FIX_SIZE = 2
MAX_FIXES = 12


@dataclass(frozen=True, slots=True)
class Change:
    """One cell of a fix: what the document says and the consistent value."""

    table: str
    row: str
    column: str
    actual: float | str
    suggested: float

    def to_dict(self) -> dict:
        from validator.model.findings import number

        return {"table": self.table, "row": self.row, "column": self.column,
                "actual": self.actual if isinstance(self.actual, str) else number(self.actual),
                "suggested": number(self.suggested)}


@dataclass(frozen=True, slots=True)
class Support:
    """What the report's text says about a table's minimal fixes: the indices of the fixes it
    agrees with (in order) and the sentence that says so."""

    preferred: tuple[int, ...]
    sentence: str
    location: Location | None = None


def localize(report: Report, findings: list[Finding], support: dict[str, Support] | None = None,
             fixes: dict[str, list[list[Change]]] | None = None) -> None:
    """Attach the minimal fixes of each table (``fixes`` when already computed by
    ``table_fixes``) to that table's arithmetic findings."""
    attach(report, findings, table_fixes(report, findings) if fixes is None else fixes, support)


def table_fixes(report: Report, findings: list[Finding]) -> dict[str, list[list[Change]]]:
    """The minimal fixes of each table with arithmetic findings."""
    tables = sorted({f.table for f in findings if f.category == "arithmetic" and f.table})
    return {table: minimal_fixes(report, table) for table in tables}


def attach(report: Report, findings: list[Finding], fixes: dict[str, list[list[Change]]],
           support: dict[str, Support] | None = None) -> None:
    """Give each arithmetic finding its table's fixes (those the text agrees with first) and
    the hint in its messages."""
    for table, found in fixes.items():
        sup = (support or {}).get(table)
        if sup is not None and sup.preferred:
            rest = [i for i in range(len(found)) if i not in sup.preferred]
            found = [found[i] for i in (*sup.preferred, *rest)]
        else:
            sup = None
        for f in findings:
            if f.category == "arithmetic" and f.table == table:
                f.fixes = found
                if sup is not None:
                    f.evidence = {"fixes": len(sup.preferred), "sentence": sup.sentence,
                                  "location": sup.location}
                f.hints = {lang: hint(report, found, lang, sup) for lang in f.messages}


def minimal_fixes(report: Report, table: str) -> list[list[Change]]:
    """All fixes of the smallest size (≤ ``MAX_FIX_SIZE``), at most ``MAX_FIXES`` of them."""
    res = report.tables[table]
    lay = template.layout(table, res.layout)
    ids = [i for i in rulebook.identities(table, res.layout)
           if all(res.cells[c].known for c in i.cells)]
    cells = sorted({c for i in ids for c in i.cells}, key=lay.cell_keys().index)
    if not ids or not cells:
        return []
    a = relations.coefficients(ids, cells)
    x = np.array([res.cells[c].arithmetic for c in cells], dtype="float64")
    resid = a @ x
    bad = np.abs(resid) > 1e-9
    if not bad.any():
        return []
    suspects = [k for k in range(len(cells)) if (a[bad, k] != 0).any()]
    for size in range(1, MAX_FIX_SIZE + 1):
        found = []
        for combo in itertools.combinations(suspects, size):
            delta = _solve(a[:, combo], -resid)
            if delta is not None and _plausible(lay, cells, x, combo, delta):
                found.append([change(res, cells[k], x[k] + d)
                              for k, d in zip(combo, delta, strict=True)])
                if len(found) > MAX_FIXES:
                    break
        if found:
            return found
    return []


def _solve(cols: np.ndarray, target: np.ndarray) -> np.ndarray | None:
    """δ with cols @ δ == target exactly, every δ a non-zero whole number; else None."""
    if not ((cols != 0).any(axis=1) | (target == 0)).all():
        return None
    delta, *_ = np.linalg.lstsq(cols, target, rcond=None)
    delta = np.asarray(np.round(delta, 6), dtype="float64")
    if not np.allclose(cols @ delta, target, atol=1e-6) or (np.abs(delta) < 1e-9).any():
        return None
    return delta


def _plausible(lay: template.Layout, cells: list, x: np.ndarray, combo: tuple,
               delta: np.ndarray) -> bool:
    for k, d in zip(combo, delta, strict=True):
        new = x[k] + d
        kind = lay.kind(*cells[k])
        if kind != "amount" and abs(new - round(new)) > 1e-9:
            return False
        if kind != "signed" and new < 0:
            return False
    return True


def change(res, key: tuple[str, str], suggested: float) -> Change:
    """The correction of one cell: what it reads ("blank" for a placeholder) and the value."""
    cell = res.cells[key]
    actual: float | str = "blank" if cell.status == "placeholder" else cell.value
    return Change(res.table, key[0], key[1], actual, float(round(suggested, 6)))


def hint(report: Report, fixes: list[list[Change]], lang: str, support: Support | None = None) -> str:
    """Text added to a message: the consistent value, or the list of possible fixes (those the
    text agrees with, ``support``, first and named as such)."""
    if not fixes:
        return ""
    shown = [describe(report, fix, lang) for fix in fixes[:MAX_FIXES]]
    quote = _quote(support.sentence) if support else ""
    if len(fixes) == 1:
        return text("fix.only", lang, fix=shown[0]) + (text("fix.text_too", lang, quote=quote) if support else "")
    more = "…" if len(fixes) > MAX_FIXES else ""
    count = f"{min(len(fixes), MAX_FIXES)}{'+' if more else ''}"
    either = text("fix.or", lang)
    if support:
        k = len(support.preferred)
        agreed, others = shown[:k], shown[k:]
        which = text("fix.one_of_them", lang) if k == 1 else text("fix.some_of_them", lang, k=k)
        out = text("fix.text_agrees", lang, count=count, quote=quote, which=which, fixes=either.join(agreed))
        return out + (text("fix.others", lang, others=either.join(others) + more) if others else more)
    return text("fix.cannot_tell", lang, count=count, fixes=either.join(shown)) + more


def _quote(sentence: str, limit: int = 60) -> str:
    return sentence if len(sentence) <= limit else sentence[:limit] + "…"


def describe(report: Report, fix: list[Change], lang: str) -> str:
    """A fix in words: 「label」写为 X，应为 Y."""
    return text("fix.and", lang).join(
        text("fix.change", lang, label=label(ch.table, report.tables[ch.table].layout, ch.row, ch.column, lang),
             actual=fmt(ch.actual, lang), suggested=fmt(ch.suggested)) for ch in fix)
