"""Locate the wrong cell: the smallest set of cells whose correction satisfies every identity.

The identities of a table overlap (each cell sits in a column identity, a row identity and
often the balance), so the pattern of violated identities usually points at one cell. For
each table with arithmetic findings we search fixes of one cell, then of two; a fix must be
a whole number that leaves no cell negative. Every minimal fix is kept: when there are
several, all are reported and none is picked.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from validator import rulebook, template
from validator.findings import Finding, fmt
from validator.report import Report

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
        from validator.findings import number

        return {"table": self.table, "row": self.row, "column": self.column,
                "actual": self.actual if isinstance(self.actual, str) else number(self.actual),
                "suggested": number(self.suggested)}


def localize(report: Report, findings: list[Finding]) -> None:
    """Attach the minimal fixes of each table to that table's arithmetic findings."""
    tables = {f.table for f in findings if f.category == "arithmetic" and f.table}
    for table in tables:
        fixes = minimal_fixes(report, table)
        for f in findings:
            if f.category == "arithmetic" and f.table == table:
                f.fixes = fixes
                f.messages = {lang: msg + hint(report, fixes, lang)
                              for lang, msg in f.messages.items()}


def minimal_fixes(report: Report, table: str) -> list[list[Change]]:
    """All fixes of the smallest size (≤ ``MAX_FIX_SIZE``), at most ``MAX_FIXES`` of them."""
    res = report.tables[table]
    lay = template.layout(table, res.layout)
    ids = [i for i in rulebook.identities(table, res.layout)
           if all(res.cells[c].known for c in i.cells)]
    cells = sorted({c for i in ids for c in i.cells}, key=lay.cell_keys().index)
    if not ids or not cells:
        return []
    col = {c: k for k, c in enumerate(cells)}
    a = np.zeros((len(ids), len(cells)))
    for r, ident in enumerate(ids):
        for c in ident.stated:
            a[r, col[c]] += 1
        for c in ident.computed:
            a[r, col[c]] -= 1
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
                found.append([_change(res, cells[k], x[k] + d)
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
    delta = np.round(delta, 6)
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


def _change(res, key: tuple[str, str], suggested: float) -> Change:
    cell = res.cells[key]
    actual: float | str = "blank" if cell.status == "placeholder" else cell.value
    return Change(res.table, key[0], key[1], actual, float(round(suggested, 6)))


def hint(report: Report, fixes: list[list[Change]], lang: str) -> str:
    """Text added to a message: the consistent value, or the list of possible fixes."""
    if not fixes:
        return ""
    shown = [_describe(report, fix, lang) for fix in fixes[:MAX_FIXES]]
    if len(fixes) == 1:
        return ("；唯一的最小更正：" if lang == "zh" else "; the only minimal correction: ") + shown[0]
    more = "…" if len(fixes) > MAX_FIXES else ""
    count = f"{min(len(fixes), MAX_FIXES)}{'+' if more else ''}"
    if lang == "zh":
        return f"；有 {count} 种同样小的更正，无法确定哪一处错误：" + "；或 ".join(shown) + more
    return f"; {count} equally small corrections, cannot tell which: " + "; or ".join(shown) + more


def _describe(report: Report, fix: list[Change], lang: str) -> str:
    parts = []
    for ch in fix:
        version = report.tables[ch.table].layout
        label = template.display_label(ch.table, version, ch.row, ch.column, lang)
        if lang == "zh":
            parts.append(f"「{label}」写为 {fmt(ch.actual)}，应为 {fmt(ch.suggested)}")
        else:
            parts.append(f"{label} is {fmt(ch.actual, lang)}, should be {fmt(ch.suggested)}")
    return ("，且" if lang == "zh" else ", and ").join(parts)
