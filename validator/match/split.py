"""Recover values printed with no separator ("640020470" → 64,0,0,2,0,4,70).

Every way of cutting the digit runs into the required number of values is enumerated
(no value may have a leading zero); callers keep the cuts that satisfy the template's
identities. Nothing here picks one cut over another.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from validator.match.tokens import Kind, Token

MAX_CANDIDATES = 20000
_SPLITTABLE = re.compile(r"[-+]?\d+(?:\.\d+)?")


@dataclass(frozen=True, slots=True)
class Piece:
    """A value cut from ``token.text[start:end]``."""

    token: Token
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.token.text[self.start:self.end]

    @property
    def value(self) -> float:
        """The number (a placeholder counts as 0, as in every identity)."""
        if self.start == 0 and self.end == len(self.token.text):
            return 0.0 if self.token.value is None else self.token.value
        return float(self.text)

    @property
    def is_last(self) -> bool:
        return self.end == len(self.token.text)


def splittable(tok: Token) -> bool:
    return (tok.kind is Kind.NUMBER and not tok.cell and _SPLITTABLE.fullmatch(tok.text) is not None
            and len(tok.text.lstrip("+-").split(".")[0]) > 1 and _cut_points(tok) != frozenset())


def _cut_points(tok: Token) -> frozenset[int] | None:
    """Where the digits of a token laid out on a page (PDF character boxes) may be cut: only
    where a gap wider than half a character separates them — digits set close together are
    one number, however many cells the row lacks. None: no geometry, any place."""
    boxes = tok.span.boxes
    if not boxes or tok.end > len(boxes) or tok.end <= tok.start:
        return None
    if tok.end - tok.start != len(tok.text):
        return frozenset()
    part = boxes[tok.start:tok.end]
    width = sum(b[2] - b[0] for b in part) / len(part)
    return frozenset(k for k in range(1, len(part)) if part[k][0] - part[k - 1][2] > width / 2)


def candidates(tokens: list[Token], n: int) -> list[list[Piece]] | None:
    """All cuts of ``tokens`` into ``n`` values; ``None`` if there are too many to try."""
    if len(tokens) > n or not any(splittable(t) for t in tokens):
        return []
    out: list[list[Piece]] = []
    for tried, cut in enumerate(_cuts(tokens, 0, n), start=1):
        if tried > MAX_CANDIDATES:
            return None
        out.append(cut)
    return out


def _cuts(tokens: list[Token], i: int, n: int) -> Iterator[list[Piece]]:
    if i == len(tokens):
        if n == 0:
            yield []
        return
    tok = tokens[i]
    remaining = len(tokens) - i - 1
    if not splittable(tok):
        if n - 1 >= remaining:
            for rest in _cuts(tokens, i + 1, n - 1):
                yield [Piece(tok, 0, len(tok.text)), *rest]
        return
    points = _cut_points(tok)
    for k in range(1, n - remaining + 1):
        for parts in _partitions(tok.text, k):
            if points is not None and any(a not in points for a, _ in parts[1:]):
                continue
            for rest in _cuts(tokens, i + 1, n - k):
                yield [Piece(tok, a, b) for a, b in parts] + rest


def _partitions(text: str, k: int) -> Iterator[list[tuple[int, int]]]:
    """Cut ``text`` into ``k`` numbers without leading zeros (decimals stay with the last)."""
    sign = 1 if text[:1] in "+-" else 0
    int_len = len(text.split(".")[0])
    if k > int_len - sign:
        return

    def rec(start: int, k: int) -> Iterator[list[tuple[int, int]]]:
        first = start + sign if start == 0 else start  # a sign stays with the first value
        if k == 1:
            if text[first] != "0" or first + 1 == len(text) or text[first + 1] == ".":
                yield [(start, len(text))]
            return
        ends = [first + 1] if text[first] == "0" else list(range(first + 1, int_len - k + 2))
        for end in ends:
            for rest in rec(end, k - 1):
                yield [(start, end), *rest]

    yield from rec(0, k)
