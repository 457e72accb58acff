"""Which cells a reporter highlights (shared by the terminal and HTML reporters).

A finding with one minimal fix marks the cells of that fix with their consistent values;
otherwise the cells it names as stated are marked, and every cell of the competing fixes is
marked as a suspect. Parse and structure findings mark their whole row (column ``*``).
"""

from __future__ import annotations

from validator.model.findings import SEVERITY_ORDER, Finding

Key = tuple[str, str, str]


def cell_marks(findings: list[Finding]) -> dict[Key, tuple[str, float | None]]:
    """(table, row, column) → (severity or "suspect", suggested value or None)."""
    marks: dict[Key, tuple[str, float | None]] = {}

    def put(key: Key, kind: str, suggested: float | None = None) -> None:
        old = marks.get(key)
        if old is None or _rank(kind) > _rank(old[0]) or (suggested is not None and old[1] is None):
            marks[key] = (kind, suggested if suggested is not None else (old[1] if old else None))

    for f in findings:
        if f.table is None:
            continue
        if f.category in ("parse", "structure"):
            if f.row:
                put((f.table, f.row, "*"), f.severity)
            continue
        if len(f.fixes) == 1:
            for ch in f.fixes[0]:
                put((ch.table, ch.row, ch.column), f.severity, ch.suggested)
            continue
        for c in f.cells:
            if c.role in ("stated", None):
                put((c.table, c.row, c.column), f.severity)
        for fix in f.fixes:
            for ch in fix:
                put((ch.table, ch.row, ch.column), "suspect")
    return marks


def _rank(kind: str) -> int:
    return SEVERITY_ORDER.get(kind, -1)
