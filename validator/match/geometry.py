"""Column placement by position, for text laid out on a page (PDF character boxes).

A blank cell leaves no token behind, so a row of a PDF table with blanks has fewer values
than columns. The table's complete rows say where each column sits (the median centre of
their values), else its header words do; the page is cut into columns halfway between
neighbouring centres, a short row's values are placed in the columns they stand in, and the
columns left over are blank. A value outside the table, or two values in one column, means
the row cannot be placed: it is left to the caller's parse finding.
"""

from __future__ import annotations

import itertools
import math
import statistics

from validator.match.align import norm_label
from validator.match.tokens import Kind, Token

SAME_PLACE = 3.0  # points: two columns this close stand in the same place


def centre(tok: Token) -> float | None:
    """Horizontal centre of a token on its page, or None without character boxes."""
    span = extent(tok)
    return None if span is None else (span[0] + span[1]) / 2


def extent(tok: Token) -> tuple[float, float] | None:
    """(left, right) of a token on its page, or None without character boxes."""
    boxes = tok.span.boxes
    if not boxes or tok.end > len(boxes) or tok.end <= tok.start:
        return None
    part = boxes[tok.start:tok.end]
    return min(b[0] for b in part), max(b[2] for b in part)


def centres_of(tokens: list[Token]) -> list[float] | None:
    """The centre of every token, or None when one has no character boxes."""
    out = [centre(t) for t in tokens]
    return None if any(x is None for x in out) else [x for x in out if x is not None]


def _extents(tokens: list[Token]) -> list[tuple[float, float]]:
    return [e for e in (extent(t) for t in tokens) if e is not None]


# where a cell's text sits: centred, or against its left or right edge
ANCHORS = {"centre": lambda lr: (lr[0] + lr[1]) / 2, "left": lambda lr: lr[0],
           "right": lambda lr: lr[1]}


def column_centres(rows: list[tuple[tuple[str, ...], list[Token]]]) -> dict[str, float]:
    """Median centre of each column over the complete rows (columns, values) of a table;
    columns whose values stand in different places from row to row, or that one row alone
    shows, are left out."""
    xs: dict[str, list[float]] = {}
    for columns, values in rows:
        if len(columns) < 2 or len(values) != len(columns):
            continue
        found = centres_of(values)
        if found is None or found != sorted(found):
            continue
        for key, x in zip(columns, found, strict=True):
            xs.setdefault(key, []).append(x)
    centres = {k: statistics.median(v) for k, v in xs.items()}
    ordered = sorted(centres.values())  # columns of different rows may share a place
    gap = min((b - a for a, b in itertools.pairwise(ordered) if b - a > SAME_PLACE), default=0.0)
    # a column whose complete rows stand in different places (the table is really several
    # grids) has no position to trust, nor one that a single row shows (numbers printed
    # after their labels stand where the label ends, in no column)
    return {k: c for k, c in centres.items() if len(xs[k]) >= 2 and max(xs[k]) - min(xs[k]) <= gap / 3}


def header_slots(tokens: list[Token], labels: dict[str, str], tol: float = 4.0
                 ) -> list[tuple[float, str, float, float]]:
    """(centre, key, left, right) of each header word that spells a column label (``labels``:
    normalised text -> key), whole or wrapped over lines in one column ("社会"/"公益"/"组织"),
    by x. Wrapped lines stand centred, or flush left or right ("自然"/"人" left-aligned:
    their centres half a character apart): a line goes under the line it is most nearly
    aligned with (:func:`_misalignment`), within ``tol``."""
    out, spaced = _spaced_slots(tokens, labels)
    stacks: list[list[Token]] = []
    lasts: list[tuple[float, float]] = []  # the extent of each stack's last line
    for tok in tokens:
        span = extent(tok) if id(tok) not in spaced else None
        if span is None:
            continue
        gaps = [_misalignment(last, span) for last in lasts]
        best = min(range(len(gaps)), key=gaps.__getitem__, default=None)
        if best is None or gaps[best] > tol:
            stacks.append([tok])
            lasts.append(span)
        else:
            stacks[best].append(tok)
            lasts[best] = span
    for stack in stacks:
        texts = [norm_label(t.text) for t in stack]
        i = 0
        while i < len(stack):  # every label spelled in the stack, top to bottom
            j = next((j for j in range(i + 1, len(stack) + 1) if "".join(texts[i:j]) in labels), None)
            if j is None:
                i += 1
                continue
            words = _extents(stack[i:j])
            out.append((statistics.fmean((w[0] + w[1]) / 2 for w in words), labels["".join(texts[i:j])],
                        min(w[0] for w in words), max(w[1] for w in words)))
            i = j
    return sorted(out)


def _misalignment(above: tuple[float, float], below: tuple[float, float]) -> float:
    """How far a line stands from being the next line of the one ``above`` in one column:
    centres apart, or left or right edges apart (flush left or right) — edges only between
    words of like width (a word's edge meets a wide heading's by chance)."""
    centre = abs((above[0] + above[1]) / 2 - (below[0] + below[1]) / 2)
    wide, narrow = sorted((above[1] - above[0], below[1] - below[0]), reverse=True)
    if narrow < wide * EDGE_WIDTHS:
        return centre
    return min(centre, abs(above[0] - below[0]), abs(above[1] - below[1]))


EDGE_WIDTHS = 0.25  # the narrower of two lines aligned by an edge: at least this share of the wider


SPACED_LETTERS = 12  # the longest column label spaced out a character apart ("法 人 或 其 他 组 织")


def _spaced_slots(tokens: list[Token], labels: dict[str, str]
                  ) -> tuple[list[tuple[float, str, float, float]], set[int]]:
    """The header words spaced out a character apart on one line ("本 年 制 发 件 数": a
    token a character) that spell a column label, as :func:`header_slots` gives them, and
    the ids of their tokens."""
    out: list[tuple[float, str, float, float]] = []
    used: set[int] = set()
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and tokens[j].span is tokens[i].span and len(tokens[j].text) == 1:
            j += 1  # tokens[i:j]: single characters side by side
        k = i
        while k < j - 1:
            texts = [norm_label(t.text) for t in tokens[k:min(j, k + SPACED_LETTERS)]]
            end = next((e for e in range(len(texts), 1, -1) if "".join(texts[:e]) in labels), 0)
            words = _extents(tokens[k:k + end]) if end else []
            if not words:
                k += 1
                continue
            left, right = min(w[0] for w in words), max(w[1] for w in words)
            out.append(((left + right) / 2, labels["".join(texts[:end])], left, right))
            used.update(id(t) for t in tokens[k:k + end])
            k += end
        i = max(j, i + 1)
    return out, used


def header_centres(tokens: list[Token], labels: dict[str, str]) -> dict[str, float]:
    """The centre of each column's header word (the leftmost when it repeats)."""
    out: dict[str, float] = {}
    for x, key, *_ in header_slots(tokens, labels):
        out.setdefault(key, x)
    return out


def agrees(header: dict[str, float], rows: list[tuple[tuple[str, ...], list[Token]]]) -> bool:
    """Whether header-word centres are the table's grid: every row with two or more values
    has them nearest distinct columns in order (a complete row: its own columns), spaced like
    those columns (within a factor of 1.6), and at least one row shows it. Header words laid
    out apart from the grid (a caption line, a header drawn as a paragraph) place nothing."""
    seen = False
    for columns, values in rows:
        if len(values) < 2 or any(c not in header for c in columns):
            continue
        xs = [header[c] for c in columns]
        found = centres_of(values)
        if found is None:
            return False
        picked = [min(range(len(xs)), key=lambda i: abs(xs[i] - x)) for x in found]
        if len(values) == len(columns) and picked != list(range(len(columns))):
            return False
        if picked != sorted(set(picked)):
            return False
        for (a, x), (b, y) in itertools.pairwise(zip(picked, found, strict=True)):
            ratio = (y - x) / (xs[b] - xs[a]) if xs[b] > xs[a] else 0.0
            if not 1 / 1.6 <= ratio <= 1.6:
                return False
        seen = True
    return seen


def by_position(values: list[Token], columns: tuple[str, ...], centres: dict[str, float],
                anchor: Token | None = None, where=centre) -> list[Token] | None:
    """``values`` placed under ``columns`` (blank tokens where nothing stands), or None.
    ``anchor`` locates the blanks of a row with no value at all."""
    if len(values) >= len(columns) or any(c not in centres for c in columns):
        return None
    xs = [centres[c] for c in columns]
    gaps = [b - a for a, b in itertools.pairwise(xs)]
    if values and (not gaps or min(gaps) <= 0):
        return None
    placed: list[Token | None] = [None] * len(columns)
    for tok in values:
        x = where(tok)
        if x is None or not xs[0] - gaps[0] < x < xs[-1] + gaps[-1] or _spans_columns(tok, xs):
            return None
        k = min(range(len(xs)), key=lambda i: abs(xs[i] - x))
        if placed[k] is not None:
            return None
        placed[k] = tok
    anchor = values[0] if values else anchor
    if anchor is None:
        return None
    at = anchor.start if values else anchor.end
    return [tok or Token(Kind.PLACEHOLDER, "", anchor.span, at, at, placeholder="blank")
            for tok in placed]


def _spans_columns(tok: Token, xs: list[float]) -> bool:
    """Whether a value stretches over the middles of two columns: numbers of neighbouring
    cells run together (OCR, or a text layer without spaces), which no one cell holds."""
    span = extent(tok)
    return span is not None and sum(span[0] <= x <= span[1] for x in xs) >= 2


def inside(values: list[Token], columns: tuple[str, ...], centres: dict[str, float],
           remarks: float | None = None) -> list[Token]:
    """The values that stand within the table's columns: not a whole column's width or more
    left of the first (a serial number before the labels), nor under a remarks header right
    of the last (``remarks``: its centre; 备注); all of them when the columns are not known."""
    if len(columns) < 2 or any(c not in centres for c in columns):
        return values
    return within(values, [centres[c] for c in columns], remarks)


def within(values: list[Token], xs: list[float], remarks: float | None = None) -> list[Token]:
    """The values between columns centred at ``xs`` (left to right), as :func:`inside` says."""
    gap = min(b - a for a, b in itertools.pairwise(xs))
    if gap <= 0:
        return values
    right = (xs[-1] + remarks) / 2 if remarks is not None and remarks > xs[-1] else math.inf
    return [t for t in values if (x := centre(t)) is None or xs[0] - gap < x < right]


def word_centre(tokens: list[Token], words: tuple[str, ...]) -> float | None:
    """The centre of the rightmost token that is one of ``words`` (a header word standing
    alone, such as 备注, or its last line 注 where a narrow column wraps it), or None."""
    return max((x for tok in tokens if tok.raw.strip() in words and (x := centre(tok)) is not None),
               default=None)
