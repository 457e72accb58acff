"""Tables drawn with ``<div>``s: a container styled ``display: table`` (rows ``display:
table-row``), ``display: grid`` (cells placed by ``grid-row``/``grid-column``, or flowing into
the columns ``grid-template-columns`` counts), or a stack of ``display: flex`` rows. Their
cells are elements, so an empty one is a blank cell — read as text, the blanks would leave no
trace and the rows come out short."""

from __future__ import annotations

import re

Cell = tuple[str, int | None, int, int, int | None]  # text, line, rowspan, colspan, column (None: next)

_DISPLAY = re.compile(r"(?:^|;)\s*display\s*:\s*([a-z-]+)")
_GRID_AT = re.compile(r"(?:^|;)\s*grid-(row|column)\s*:\s*(\d+)\s*(?:/\s*(?:span\s+(\d+)|(\d+)))?")
_REPEAT = re.compile(r"grid-template-columns\s*:\s*([^;]+)")
MAX_CELL = 80  # characters: a longer child is a paragraph laid out beside others, not a cell


def display(el) -> str | None:
    """The ``display`` an element's own style gives it (lowercase), or None."""
    style = el.get("style")
    if not style or "display" not in style.lower():
        return None
    m = _DISPLAY.search(style.lower())
    return m.group(1) if m else None


def rows(el, text) -> list[list[Cell]] | None:
    """The rows of cells of a table drawn with divs (``text(el)``: a cell's text), or None
    when ``el`` is no such table: two rows at least, one of two cells or more, or one row of
    three cells or more holding no words (table 四's values alone); every cell short."""
    kind = display(el)
    if kind in ("table", "inline-table"):
        found = _table_rows(el)
    elif kind in ("grid", "inline-grid"):
        found = _grid_rows(el)
    else:
        found = _flex_rows(el)
    if not found or max(map(len, found)) < (2 if len(found) > 1 else 3):
        return None
    out: list[list[Cell]] = []
    for row in found:
        out.append([])
        for cell, rowspan, colspan, column in row:
            if cell.find(".//table") is not None or len(words := text(cell)) > MAX_CELL:
                return None  # a page's layout (a sidebar beside the article), not a table
            out[-1].append((words, cell.sourceline, rowspan, colspan, column))
    if len(out) == 1 and any(_WORD.search(c[0]) for c in out[0]):
        return None  # one row with words: a bar of links or a byline, not a table
    return out


_WORD = re.compile(r"[\u4e00-\u9fff]|[A-Za-z]{2}")


def _children(el) -> list:
    return [c for c in el if isinstance(c.tag, str)]


def _table_rows(el) -> list[list] | None:
    """``display: table``: its rows (``display: table-row``, also inside row groups), each row's
    element children its cells."""
    rows = []
    for child in _children(el):
        kind = display(child)
        if kind in ("table-row-group", "table-header-group", "table-footer-group"):
            rows += [r for r in _children(child) if display(r) == "table-row"]
        elif kind == "table-row":
            rows.append(child)
        elif kind != "table-caption":
            return None
    return [[(cell, 1, 1, None) for cell in _children(row)] for row in rows]


def _grid_rows(el) -> list[list] | None:
    """``display: grid``: cells placed where ``grid-row``/``grid-column`` say (with their
    spans), else flowing into as many columns as ``grid-template-columns`` lists."""
    cells = _children(el)
    placed = [_grid_place(c) for c in cells]
    if all(p is not None for p in placed):
        rows: dict[int, list] = {}
        for cell, (row, rowspan, column, colspan) in zip(cells, placed, strict=True):  # type: ignore[misc]
            rows.setdefault(row, []).append((cell, rowspan, colspan, column))
        return [sorted(rows[r], key=lambda c: c[3]) for r in sorted(rows)]
    width = _grid_columns(el.get("style") or "")
    if not width or any(p is not None for p in placed):
        return None
    return [[(c, 1, 1, None) for c in cells[i:i + width]] for i in range(0, len(cells), width)]


def _grid_place(cell) -> tuple[int, int, int, int] | None:
    """(row, rowspan, column, colspan) of a grid cell placed by its style, or None."""
    style = (cell.get("style") or "").lower()
    found = {m.group(1): m for m in _GRID_AT.finditer(style)}
    if set(found) != {"row", "column"}:
        return None
    out = []
    for axis in ("row", "column"):
        m = found[axis]
        start = int(m.group(2))
        span = int(m.group(3)) if m.group(3) else (int(m.group(4)) - start if m.group(4) else 1)
        out += [start, max(1, min(span, 1000))]
    return out[0], out[1], out[2], out[3]


def _grid_columns(style: str) -> int:
    """How many columns ``grid-template-columns`` lists ("repeat(8, 1fr)", "2fr 1fr 1fr")."""
    m = _REPEAT.search(style.lower())
    if not m:
        return 0
    value = m.group(1).strip()
    repeat = re.fullmatch(r"repeat\(\s*(\d+)\s*,[^)]*\)", value)
    if repeat:
        return int(repeat.group(1))
    return 0 if "(" in value else len(value.split())  # ("repeat(auto-fill, …)": as many as fit)


def _flex_rows(el) -> list[list] | None:
    """A stack of rows each ``display: flex``, their element children the cells."""
    rows = _children(el)
    if not rows or any(display(r) != "flex" for r in rows):
        return None
    return [[(cell, 1, 1, None) for cell in _children(row)] for row in rows]
