"""Turn the value tokens that follow a label into template cells."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from validator.match.split import Piece, candidates
from validator.match.tokens import Kind, Token
from validator.model.report import PLACEHOLDER, UNREADABLE, VALUE, Cell, Issue

Accept = Callable[[Any], Any]  # (cuts × values) array -> a boolean per cut (relations.test_rows)


@dataclass
class RowRead:
    """The outcome of reading one row's values."""

    cells: list[Cell] | None  # None: unreadable (see issue) or still ambiguous
    options: list[list[Piece]] = field(default_factory=list)  # ambiguous cuts
    issue: Issue | None = None


def token_cell(tok: Token) -> Cell:
    if tok.placeholder == "unread":
        return Cell(None, UNREADABLE, tok.raw, None, tok.span, tok.start, tok.end)
    if tok.kind is Kind.PLACEHOLDER:
        return Cell(None, PLACEHOLDER, tok.raw, tok.placeholder, tok.span, tok.start, tok.end)
    return Cell(tok.value, VALUE, tok.raw, None, tok.span, tok.start, tok.end, tok.unit,
                tok.decimals)


def piece_cell(piece: Piece) -> Cell:
    tok = piece.token
    if piece.start == 0 and piece.is_last:
        return token_cell(tok)
    # character offsets of a cut inside a digit run map 1:1 to the source
    a, b = tok.start + piece.start, tok.start + piece.end
    text = piece.text
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    unit = tok.unit if piece.is_last else None
    return Cell(float(text), VALUE, tok.span.text[a:b], None, tok.span, a, b, unit, decimals)


def read_row(table: str, row: str, values: list[Token], n: int,
             accept: Accept | None, glued: bool = True) -> RowRead:
    """Read ``n`` cells from ``values``; cut glued digits only where identities allow.

    Digits are cut only in a ``glued`` table (most rows printed without separators): where
    the other rows are separated, a short row has a blank cell, and cutting a number would
    invent values. A cut is taken when it is the only one that satisfies the row's own
    identity, or — for a row printed as one digit run — the only cut there is (a real error
    in the report then shows); several fitting cuts are returned as ``options`` for the
    table's identities to decide.
    """
    if not values:
        return RowRead(None, issue=Issue("no-values", table, row))
    unread = next((t for t in values if t.placeholder == "unread"), None)
    if unread is not None:  # a mark that cannot be read (OCR, encoding): its cell and value unknown
        return RowRead(None, issue=Issue("unrecognised-mark", table, row, {"raw": " ".join(t.raw for t in values)},
                                         unread.loc, unread.excerpt))
    values = mended(values, n, accept) or values
    if len(values) == n:
        return RowRead([token_cell(t) for t in values])
    raw = " ".join(t.raw for t in values)
    loc, near = values[0].loc, values[0].excerpt
    splitting = len(values) < n and glued
    plain = candidates(values, n) if splitting else None
    if splitting and plain is None:
        return RowRead(None, issue=Issue("ambiguous-split", table, row,
                                         {"raw": raw, "expected": n, "candidates": "…"}, loc, near))
    if not plain:
        return RowRead(None, issue=Issue("value-count", table, row,
                                         {"expected": n, "actual": len(values), "raw": raw}, loc,
                                         near))
    fitting = [int(k) for k in accept(plain.values).nonzero()[0]] if accept else []
    if len(fitting) == 1:
        return RowRead([piece_cell(p) for p in plain.pieces(fitting[0])])
    if not fitting and len(plain) == 1 and len(values) == 1:
        return RowRead([piece_cell(p) for p in plain.pieces(0)])
    return RowRead(None, options=[plain.pieces(k) for k in fitting or range(len(plain))])


def mended(values: list[Token], n: int, accept: Accept | None) -> list[Token] | None:
    """A row read with a value too many, mended where the page explains it: a page number
    among its lines, "/" in a wider grid's unused cells, a number a narrow column broke over
    two lines; else None."""
    return (_without_page_number(values, n, accept) or _without_serial(values, n, accept)
            or _without_not_applicable(values, n) or _without_leading_blanks(values, n, accept)
            or _unrepeated(values, n) or _rejoined(values, n, accept))


def _unrepeated(values: list[Token], n: int) -> list[Token] | None:
    """A one-value row whose value a grid repeats in every cell its merged cell covered (a
    table converted to Markdown or CSV writes "555 | 555 | 555" for one cell over three
    columns): the value once, when every cell holds the same and they stand side by side in
    one grid row; else None."""
    if n != 1 or len(values) < 2 or values[0].kind is not Kind.NUMBER or len({t.raw for t in values}) != 1:
        return None
    grids = [t.grid for t in values]
    if any(g is None for g in grids):
        return None
    first = grids[0]
    same = all(g[:2] == first[:2] and g[2] == first[2] + i for i, g in enumerate(grids))  # type: ignore[index]
    return values[:1] if same else None


def _without_leading_blanks(values: list[Token], n: int, accept: Accept | None) -> list[Token] | None:
    """The row's values without the empty cells between its label and its first value, when
    exactly ``n`` values follow them and satisfy the row's identity: a grid whose rows do not
    all hold every column (a Markdown table converted from a page leaves out the cells a
    label merged over rows covers, so each row's empty label cells differ); else None."""
    if len(values) <= n or not (values[0].blank and values[0].cell):
        return None
    k = next((i for i, t in enumerate(values) if not (t.blank and t.cell)), len(values))
    if len(values) - k != n or any(t.blank for t in values[k:]):
        return None
    rest = values[k:]
    return rest if accept is None or _fits(accept, rest) else None


def _without_page_number(values: list[Token], n: int, accept: Accept | None) -> list[Token] | None:
    """The row's values without one number standing alone on a line of text (a PDF's page
    number in a text copied from it: "3" between two rows), when one value too many was read
    and the others satisfy the row's identity (the row total); else None."""
    if accept is None or len(values) != n + 1:
        return None
    alone = [i for i, t in enumerate(values) if _lone_number(t)]
    return _dropped(values, alone[0], accept) if len(alone) == 1 else None


def _without_serial(values: list[Token], n: int, accept: Accept | None) -> list[Token] | None:
    """The row's values without the next row's serial number (序号), in text with one cell a
    line: the last value, when every value stands alone on its line and the others satisfy
    the row's identity; else None."""
    if accept is None or len(values) != n + 1 or not _lone_number(values[-1]):
        return None
    if any(t.cell or t.span.text.strip() != t.raw for t in values):
        return None
    return _dropped(values, len(values) - 1, accept)


def _lone_number(t: Token) -> bool:
    """A whole number of three digits at most, alone on a line of text (not a grid cell)."""
    return (t.kind is Kind.NUMBER and not t.cell and len(t.raw) <= 3 and t.raw.isdigit()
            and t.span.text.strip() == t.raw)


def _dropped(values: list[Token], i: int, accept: Accept) -> list[Token] | None:
    """The values without the ``i``-th, when they satisfy the row's identity; else None."""
    rest = values[:i] + values[i + 1:]
    return rest if _fits(accept, rest) else None


def _fits(accept: Accept, values: list[Token]) -> bool:
    """Whether one reading of a row (blanks and placeholders as 0) satisfies its identity."""
    import numpy as np

    return bool(accept(np.array([[t.value or 0.0 for t in values]]))[0])


def _rejoined(values: list[Token], n: int, accept: Accept | None) -> list[Token] | None:
    """The row's values with the numbers a narrow PDF column broke over two lines joined again
    ("10" and under it "0" in the same column: 100; a narrow page breaks several), when the
    joins leave exactly ``n`` values and exactly one set of them satisfies the row's identity
    (the row total); else None. The rest stands on a line of its own under the number's
    start, which may stand alone on its line or among the row's other values."""
    extra = len(values) - n
    if accept is None or not 0 < extra <= MAX_JOINS:
        return None
    pairs = [(i, j) for j in range(1, len(values)) for i in range(j) if _stacked(values[i], values[j])]
    if len(pairs) > 2 * MAX_JOINS:
        return None
    found = []
    for chosen in itertools.combinations(pairs, extra):
        used = [k for pair in chosen for k in pair]
        if len(set(used)) < len(used):
            continue  # a number joined twice
        firsts = dict(chosen)  # first part -> the rest under it
        joined = [_joined(values[k], values[firsts[k]]) if k in firsts else values[k]
                  for k in range(len(values)) if k not in firsts.values()]
        if _fits(accept, joined):
            found.append(joined)
    return found[0] if len(found) == 1 else None


MAX_JOINS = 4  # numbers of one row broken over two lines that are joined again


def _stacked(a: Token, b: Token) -> bool:
    """Whether ``b`` is the rest of ``a`` on the next line of the same narrow cell: whole
    numbers, ``b`` alone on its line, under ``a`` and within its width."""
    if not (a.kind is b.kind is Kind.NUMBER and a.raw.isdigit() and b.raw.isdigit() and a.span is not b.span):
        return False
    boxes_a, boxes_b = a.span.boxes, b.span.boxes
    if not boxes_a or not boxes_b or b.span.text.strip() != b.raw:
        return False
    ax0, ay0 = min(x[0] for x in boxes_a[a.start:a.end]), min(x[1] for x in boxes_a[a.start:a.end])
    ax1 = max(x[2] for x in boxes_a[a.start:a.end])
    bx0, bx1 = min(x[0] for x in boxes_b[b.start:b.end]), max(x[2] for x in boxes_b[b.start:b.end])
    by1 = max(x[3] for x in boxes_b[b.start:b.end])
    return by1 <= ay0 + 1 and bx0 >= ax0 - 2 and bx1 <= ax1 + 2


def _joined(a: Token, b: Token) -> Token:
    """One number of ``a``'s digits and then ``b``'s, located over both."""
    from dataclasses import replace

    boxes = [*(a.span.boxes or [])[a.start:a.end], *(b.span.boxes or [])[b.start:b.end]]
    text = a.raw + b.raw
    span = replace(a.span, text=text, boxes=boxes, column=None)
    return Token(Kind.NUMBER, text, span, 0, len(text), value=float(text), cell=a.cell)


_NOT_APPLICABLE = ("slash", "cross")


def _without_not_applicable(values: list[Token], n: int) -> list[Token] | None:
    """A row printed across a wider grid, its unused cells marked "/": a one-value row's
    (table 二) one other value; a wider row's values before the "/" that close it (the 2019
    (八) 行政事业性收费 under a header with 处理决定数量: "4 -1 /"); else None."""
    if len(values) <= n:
        return None
    if n == 1:
        rest = [t for t in values if t.placeholder not in _NOT_APPLICABLE]
        return rest if len(rest) == 1 else None
    if all(t.placeholder in _NOT_APPLICABLE for t in values[n:]):
        return values[:n]
    return None


def glued(rows: list[tuple[int, int]]) -> bool:
    """Whether a table was printed with its digits run together: given (values read, cells
    expected) per row, more rows of several cells are short than complete."""
    short = sum(got < want for got, want in rows if want > 1)
    return short > sum(got == want for got, want in rows if want > 1)


def ambiguous_issue(table: str, row: str, options: list[list[Piece]], n: int) -> Issue:
    values = [t.raw for t in _tokens(options[0])] if options else []
    shown = ["/".join(p.text for p in cut) for cut in options[:4]]
    more = f" …+{len(options) - 4}" if len(options) > 4 else ""
    first = options[0][0].token if options and options[0] else None
    return Issue("ambiguous-split", table, row,
                 {"raw": " ".join(values), "expected": n, "candidates": "; ".join(shown) + more},
                 first.loc if first else None, first.excerpt if first else None)


def _tokens(cut: list[Piece]) -> list[Token]:
    seen: list[Token] = []
    for p in cut:
        if not seen or seen[-1] is not p.token:
            seen.append(p.token)
    return seen


def unreadable(n: int) -> list[Cell]:
    return [Cell(None, UNREADABLE) for _ in range(n)]
