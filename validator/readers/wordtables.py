"""Tables of a word processor's flat paragraph stream (Word 97–2003 binary, RTF): paragraphs
come one after another, each saying its table depth and whether it ends a cell or a row;
a row's end says where its cells' edges lie and which cells are merged. This module builds
the document model's blocks from that stream, as the docx reader gives them."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from validator.model.document import Location, Span, Table

DEEPEST = 64  # table nesting a word processor allows at most (a larger depth: a damaged file)
SAME_EDGE = 30  # twips (0.5 mm): edges of rows drawn by hand rarely line up closer
# a cell's merge flags (Word's TC80 bits; RTF's \clmgf \clmrg \clvmgf \clvmrg say the same)
FIRST_MERGED, MERGED, VERT_MERGED, VERT_FIRST = 0x01, 0x02, 0x20, 0x40


@dataclass(slots=True)
class Row:
    """A row's end: its cells' edges (twips, one more than its cells) and merge flags."""

    edges: list[int] | None = None
    flags: list[int] | None = None


@dataclass
class _Open:
    """A table being read: finished rows (each a list of cells' blocks) and the current row."""

    rows: list[tuple[list[list[Span | Table]], Row]] = field(default_factory=list)
    row: list[list[Span | Table]] = field(default_factory=list)
    cell: list[Span | Table] = field(default_factory=list)


class Builder:
    """Blocks from paragraphs fed in document order."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.blocks: list[Span | Table] = []
        self.stack: list[_Open] = []
        self.paragraphs = 0
        self.tables = 0

    def paragraph(self, text: str, depth: int, cell_end: bool = False) -> None:
        """A paragraph (lines split by "\\n") at table ``depth`` (0: body text), perhaps the
        last of its cell."""
        self._depth(depth)
        self.paragraphs += 1
        lines = [Span(line, Location(self.path, paragraph=self.paragraphs)) for line in text.split("\n")
                 if line.strip()]
        target = self.stack[-1].cell if self.stack else self.blocks
        target.extend(lines)
        if cell_end and self.stack:
            top = self.stack[-1]
            top.row.append(top.cell)
            top.cell = []

    def row_end(self, depth: int, row: Row) -> None:
        """The end of a row of the table at ``depth``."""
        self._depth(max(depth, 1))
        top = self.stack[-1]
        if top.cell:  # text after the last cell's end: a cell of its own
            top.row.append(top.cell)
            top.cell = []
        top.rows.append((top.row, row))
        top.row = []

    def finish(self) -> list[Span | Table]:
        while self.stack:
            self._close()
        return self.blocks

    def _depth(self, depth: int) -> None:
        depth = min(max(depth, 0), DEEPEST)
        while len(self.stack) > depth:
            self._close()
        while len(self.stack) < depth:
            self.stack.append(_Open())

    def _close(self) -> None:
        """End the innermost open table: a table of its cells' text, or (where its cells hold
        tables: a layout table) its cells' blocks in order."""
        top = self.stack.pop()
        if top.row or top.cell:
            top.rows.append(([*top.row, top.cell] if top.cell else top.row, Row()))
        target = self.stack[-1].cell if self.stack else self.blocks
        cells = [cell for row, _ in top.rows for cell in row]
        if any(isinstance(b, Table) for cell in cells for b in cell):
            for cell in cells:
                target.extend(cell)
            return
        if not cells:
            return
        self.tables += 1
        target.append(Table(grid(self.path, self.tables, top.rows), Location(self.path, table=self.tables)))


def grid(path: str, index: int, rows: list[tuple[list[list[Span | Table]], Row]]) -> list[list[Span]]:
    """The rows as grid cells: each cell at the grid column its left edge is at (the edges of
    all rows make the grid), a horizontally merged run once, a vertical merge repeated in
    each row it covers (as the docx reader gives them)."""
    columns = _snap(sorted({e for cells, r in rows if _usable(r, len(cells)) for e in r.edges or ()}))
    out: list[list[Span]] = []
    above: dict[int, Span] = {}
    for n, (cells, r) in enumerate(rows, start=1):
        usable = _usable(r, len(cells))
        row: list[Span] = []
        for i, blocks in enumerate(cells):
            flags = r.flags[i] if usable and r.flags and i < len(r.flags) else 0
            if flags & MERGED and not flags & FIRST_MERGED:
                continue  # the continuation of a horizontally merged run
            col = columns[r.edges[i]] if usable and r.edges else i + 1
            loc = Location(path, table=index, row=n, col=col)
            if flags & VERT_MERGED and not flags & VERT_FIRST and col in above:  # continues the cell above
                row.append(Span(above[col].text, loc, merged=above[col].merged))
                continue
            text = "\n".join(b.text for b in blocks if isinstance(b, Span)).strip()
            cell = Span(text, loc, merged=loc if flags & VERT_MERGED else None)
            above[col] = cell
            row.append(cell)
        out.append(row)
    return out


def _snap(edges: list[int]) -> dict[int, int]:
    """Each edge's grid column (1-based): edges closer than ``SAME_EDGE`` twips are one."""
    out: dict[int, int] = {}
    col, last = 0, None
    for e in edges:
        if last is None or e - last > SAME_EDGE:
            col += 1
            last = e
        out[e] = col
    return out


def _usable(r: Row, cells: int) -> bool:
    """Whether a row's edges describe its cells (one more edge than cells, left to right)."""
    e = r.edges
    return e is not None and len(e) == cells + 1 and all(a < b for a, b in pairwise(e))
