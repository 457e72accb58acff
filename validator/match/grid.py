"""Column-aware reading of grid tables (HTML, DOCX, XLSX, CSV cells).

Used to rescue a row whose value count does not fit the template: the values are taken
again from the columns under the table's own header cells (so padding cells, empty merged
label areas and trailing empty cells drop out). A row that still does not fit is left to the
caller's parse finding. Also used for a table whose header puts the template's columns in
another order (科研机构 before 商业企业): its values are read by header, not by position.
"""

from __future__ import annotations

from validator.match.align import norm_label
from validator.match.runs import Run
from validator.match.tokens import Token


def header_cells(runs: list[Run], labels: set[str]) -> list[tuple[int, int, int, str]]:
    """(table, row, col, label) of every grid cell whose whole text is one of ``labels``."""
    out = []
    seen: set[int] = set()
    for run in runs:
        for tok in run.text_tokens:
            pos = tok.grid
            if pos is None or id(tok.span) in seen:
                continue
            seen.add(id(tok.span))
            text = norm_label(tok.span.text)
            if text in labels:
                out.append((*pos, text))
    return out


def by_header(values: list[Token], headers: list[tuple[int, int, int, str]],
              wanted: list[str]) -> list[Token] | None:
    """The value tokens under the latest header cells for ``wanted`` names (labels or column
    keys, as ``headers`` name them; in that order),
    or None when the row is not a grid row or a column cannot be placed."""
    pos = _grid(values)
    if not pos or len({p[:2] for p in pos}) != 1:
        return None
    table, row = pos[0][:2]
    cols: list[int] = []
    for label in wanted:
        col = _header_col(headers, table, label, before=row)
        if col is None:
            return None
        cols.append(col)
    picked = []
    for col in cols:
        here = [t for t, p in zip(values, pos, strict=True) if p[2] == col]
        if len(here) != 1:
            return None
        picked.append(here[0])
    rest = [t for t in values if t not in picked]
    if any(not t.blank for t in rest):
        return None  # a number outside the header's columns: do not guess
    return picked


def below_header(values: list[Token], headers: list[tuple[int, int, int, str]]) -> list[Token] | None:
    """Table 四: value cells in rows below the last header row, under header columns."""
    pos = _grid(values)
    if not pos or not headers:
        return None
    table = pos[0][0]
    own = [h for h in headers if h[0] == table]
    if not own:
        return None
    last = max(h[1] for h in own)
    cols = {h[2] for h in own}
    picked = [t for t, p in zip(values, pos, strict=True) if p[1] > last and p[2] in cols]
    dropped = [t for t in values if t not in picked]
    if any(not t.blank for t in dropped):
        return None
    return picked


def reordered(headers: list[tuple[int, int, int, str]], keys: list[str]) -> set[int]:
    """The grid tables whose header cells name every one of ``keys`` (column keys, in the
    template's order), but in another order from left to right."""
    out: set[int] = set()
    for table in {h[0] for h in headers}:
        found = [_header_col(headers, table, key) for key in keys]
        cols = [c for c in found if c is not None]
        if len(cols) == len(keys) and cols != sorted(cols):
            out.add(table)
    return out


def _header_col(headers: list[tuple[int, int, int, str]], table: int, name: str,
                before: int | None = None) -> int | None:
    """The grid column of the latest header cell ``name`` of ``table`` (above row ``before``)."""
    found = [h for h in headers if h[0] == table and h[3] == name and (before is None or h[1] < before)]
    return max(found, key=lambda h: h[1])[2] if found else None


def table_of(values: list[Token]) -> int | None:
    """The grid table of a row's values (None: not grid cells)."""
    pos = _grid(values)
    return pos[0][0] if pos else None


def _grid(values: list[Token]) -> list[tuple[int, int, int]] | None:
    """Each value's (table, row, column), or None when one is not a grid cell (or none given)."""
    pos = [t.grid for t in values]
    return [p for p in pos if p is not None] if values and all(p is not None for p in pos) else None
