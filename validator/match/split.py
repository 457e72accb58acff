"""Recover values printed with no separator ("640020470" → 64,0,0,2,0,4,70).

Every way of cutting the digit runs into the required number of values is enumerated
(no value may have a leading zero); callers keep the cuts that satisfy the template's
identities. Nothing here picks one cut over another.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

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


Cut = tuple[tuple[int, int, int], ...]  # (token index, start, end) of each value


@dataclass
class Cuts:
    """Every cut of a row's tokens into its values: how many, their numbers (cuts × values)
    and each cut's pieces on demand (a row has thousands of cuts, one or two of which fit)."""

    tokens: list[Token]
    values: Any  # numpy array, cuts × values
    listed: list[Cut] | None = None  # the cuts, when enumerated one by one
    bounds: Any = None  # else (one token, no geometry) their cut points: cuts × (values + 1)

    def __len__(self) -> int:
        return len(self.values)

    def cut(self, k: int) -> Cut:
        if self.listed is not None:
            return self.listed[k]
        b = self.bounds[k]
        return tuple((0, int(b[j]), int(b[j + 1])) for j in range(len(b) - 1))

    def pieces(self, k: int) -> list[Piece]:
        return [Piece(self.tokens[i], a, b) for i, a, b in self.cut(k)]


def candidates(tokens: list[Token], n: int) -> Cuts | None:
    """All cuts of ``tokens`` into ``n`` values; ``None`` if there are too many to try."""
    import numpy as np

    if len(tokens) > n or not any(splittable(t) for t in tokens):
        return Cuts(tokens, np.zeros((0, n)), [])
    if len(tokens) == 1 and _cut_points(tokens[0]) is None and tokens[0].text.isdigit() \
            and tokens[0].text.isascii():
        return _one_run(tokens, n)
    return _enumerated(tokens, n)


def _one_run(tokens: list[Token], n: int) -> Cuts | None:
    """The common case, vectorised: one run of digits (no sign, decimals or geometry) cut
    into ``n`` numbers without leading zeros, in the order of their cut points."""
    import numpy as np

    text = tokens[0].text
    size = len(text)
    if n > size:
        return Cuts(tokens, np.zeros((0, n)), [])
    count = math.comb(size - 1, n - 1)
    if count > 5 * MAX_CANDIDATES:
        return None if _too_many(text, n) else _enumerated(tokens, n)
    arrays = _cached_cut_arrays(text, n) if count <= CACHED_CUTS else _cut_arrays(text, n)
    return None if arrays is None else Cuts(tokens, arrays[0], None, arrays[1])


CACHED_CUTS = 256  # runs with at most this many cuts keep them (at most ~18 KB each)


@lru_cache(maxsize=1 << 10)
def _cached_cut_arrays(text: str, n: int):
    """:func:`_cut_arrays`, cached: rows such as "0000000" recur in every glued report."""
    return _cut_arrays(text, n)


def _cut_arrays(text: str, n: int):
    """(values, bounds) of every cut of the digit run ``text`` into ``n`` numbers, read-only,
    or None past ``MAX_CANDIDATES``."""
    import numpy as np

    size = len(text)
    bounds = _bounds(size, n) if math.comb(size - 1, n - 1) <= CACHED_BOUNDS else _all_bounds(size, n)
    starts, ends = bounds[:, :-1], bounds[:, 1:]
    zero = np.frombuffer(text.encode(), dtype=np.uint8)[starts] == ord("0")
    keep = ~(zero & (ends - starts > 1)).any(axis=1)
    bounds = bounds[keep]
    if len(bounds) > MAX_CANDIDATES:
        return None
    table = _substring_values(text)
    values = table[bounds[:, :-1], bounds[:, 1:]]
    values.setflags(write=False)
    bounds.setflags(write=False)
    return values, bounds


CACHED_BOUNDS = 5000  # cut bounds kept for runs of a length with at most this many cuts


@lru_cache(maxsize=64)
def _bounds(size: int, n: int):
    """:func:`_all_bounds`, cached: the same for every run of that length."""
    return _all_bounds(size, n)


def _all_bounds(size: int, n: int):
    """Every cut of ``size`` digits into ``n`` numbers as its bounds (cuts × n + 1, read-only,
    the cuts in the order of their cut points)."""
    import numpy as np

    inner = np.fromiter(itertools.chain.from_iterable(itertools.combinations(range(1, size), n - 1)),
                        dtype=np.int64).reshape(-1, n - 1) if n > 1 else np.zeros((1, 0), np.int64)
    bounds = np.hstack([np.zeros((len(inner), 1), np.int64), inner, np.full((len(inner), 1), size)])
    bounds = bounds.astype(np.int16 if size < 1 << 15 else np.int64)
    bounds.setflags(write=False)
    return bounds


def _too_many(text: str, n: int) -> bool:
    return sum(1 for _ in itertools.islice(_partition(text, n), MAX_CANDIDATES + 1)) > MAX_CANDIDATES


def _enumerated(tokens: list[Token], n: int) -> Cuts | None:
    """Every cut, one by one (several tokens, signs, decimals, or cut points from geometry)."""
    out: list[Cut] = []
    try:
        for tried, cut in enumerate(_cuts(tokens, 0, n), start=1):
            if tried > MAX_CANDIDATES:
                return None
            out.append(cut)
    except _TooMany:
        return None
    return Cuts(tokens, _values(tokens, out, n), out)


def _substring_values(text: str):
    """(len+1 × len+1) array: the number ``text[a:b]`` at [a, b] (digits only), from the
    numbers of the prefixes: text[a:b] = text[:b] − text[:a] · 10^(b−a)."""
    import numpy as np

    size = len(text)
    if size > 15:  # beyond 15 digits float arithmetic would round otherwise than float()
        return np.array([[float(text[a:b]) if b > a else 0.0 for b in range(size + 1)] for a in range(size + 1)])
    prefix = [0]
    for ch in text:
        prefix.append(prefix[-1] * 10 + ord(ch) - 48)
    numbers = np.array(prefix, dtype=float)
    scale, after = _scales(size)
    return np.where(after, numbers[None, :] - numbers[:, None] * scale, 0.0)


@lru_cache(maxsize=64)
def _scales(size: int):
    """10^(b−a) at [a, b], and where b > a (read-only)."""
    import numpy as np

    steps = np.arange(size + 1)
    diff = steps[None, :] - steps[:, None]
    scale, after = 10.0 ** np.maximum(diff, 0), diff > 0
    scale.setflags(write=False)
    after.setflags(write=False)
    return scale, after


def _values(tokens: list[Token], cuts: list[Cut], n: int):
    """The numbers of every cut (cuts × values) as an array (a placeholder counts as 0)."""
    import numpy as np

    def number(i: int, a: int, b: int) -> float:
        tok = tokens[i]
        if a == 0 and b == len(tok.text):
            return 0.0 if tok.value is None else tok.value
        return float(tok.text[a:b])

    return np.array([[number(*part) for part in cut] for cut in cuts], dtype=float).reshape(len(cuts), n)


def _cuts(tokens: list[Token], i: int, n: int) -> Iterator[Cut]:
    if i == len(tokens):
        if n == 0:
            yield ()
        return
    tok = tokens[i]
    remaining = len(tokens) - i - 1
    if not splittable(tok):
        if n - 1 >= remaining:
            whole = ((i, 0, len(tok.text)),)
            for rest in _cuts(tokens, i + 1, n - 1):
                yield whole + rest
        return
    points = _cut_points(tok)
    for k in range(1, n - remaining + 1):
        for parts in _partitions(tok.text, k):
            if points is not None and any(a not in points for a, _ in parts[1:]):
                continue
            mine = tuple((i, a, b) for a, b in parts)
            for rest in _cuts(tokens, i + 1, n - k):
                yield mine + rest


class _TooMany(Exception):
    """More cuts than are worth trying."""


@lru_cache(maxsize=4096)
def _partitions(text: str, k: int) -> tuple[tuple[tuple[int, int], ...], ...]:
    """Every cut of ``text`` into ``k`` numbers (cached: a row's other tokens are cut again
    for each cut of the first); :class:`_TooMany` past ``MAX_CANDIDATES``."""
    out = tuple(itertools.islice(_partition(text, k), MAX_CANDIDATES + 1))
    if len(out) > MAX_CANDIDATES:
        raise _TooMany
    return out


def _partition(text: str, k: int) -> Iterator[tuple[tuple[int, int], ...]]:
    """Cut ``text`` into ``k`` numbers without leading zeros (decimals stay with the last)."""
    sign = 1 if text[:1] in "+-" else 0
    int_len = len(text.split(".")[0])
    if k > int_len - sign:
        return

    def rec(start: int, k: int) -> Iterator[tuple[tuple[int, int], ...]]:
        first = start + sign if start == 0 else start  # a sign stays with the first value
        if k == 1:
            if text[first] != "0" or first + 1 == len(text) or text[first + 1] == ".":
                yield ((start, len(text)),)
            return
        ends = [first + 1] if text[first] == "0" else range(first + 1, int_len - k + 2)
        for end in ends:
            for rest in rec(end, k - 1):
                yield ((start, end), *rest)

    yield from rec(0, k)
