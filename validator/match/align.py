"""Align runs of a table region with the template's rows, by order and label similarity."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import fuzz

from validator.match.runs import Run
from validator.match.split import splittable
from validator.match.tokens import LABEL_MARK, norm_label, table_vocabulary

MATCH = 75.0  # minimum similarity (0-100) of a run that carries values
MATCH_BARE = 90.0  # minimum for a run without values (a label with its values lost)
@dataclass(frozen=True)
class Target:
    """A row to look for: its key and every accepted label."""

    key: str
    labels: tuple[str, ...]
    optional: bool = False  # group labels: consume them, never report them missing
    width: int = 0  # number of values the row carries (0: unknown)


def score(target: Target, text: str) -> float:
    """How well the end of ``text`` (a normalised run text) reads as one of ``target``'s
    labels (0-100)."""
    return _fit(target.labels, text)[0] if text else 0.0


@lru_cache(maxsize=1 << 13)
def _fit(labels: tuple[str, ...], text: str) -> tuple[float, int, int]:
    """(score, start, end): the best of ``labels`` closing ``text``, and where it stands.
    Cached: the same label texts recur in every report of a batch."""
    norms, info = _label_info(labels)
    if text.endswith(norms):  # the longest label that closes the text ("行政规范性文件", not "规范性文件")
        longest = max((n for n in norms if text.endswith(n)), key=len)
        return 100.0, len(text) - len(longest), len(text)
    best = (0.0, len(text), len(text))
    closable = _closable(text)
    for item in info:
        if item[0] not in closable:
            continue
        label, size, _, least, _ = item
        tail = text[-(size + 4):]
        found, start, end = _tail_score(label, tail)
        if found > best[0] and end - start >= least:
            offset = len(text) - len(tail)
            best = (found, offset + start, offset + end)
    return best


LabelInfo = tuple[str, int, frozenset[str], int, int | None]  # label, length, characters, least, bits


@cache
def _label_info(labels: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[LabelInfo, ...]]:
    """The normalised labels, and for each: its length, characters, least visible part and
    characters as bits of :func:`_alphabet` (None: not all of them are there)."""
    norms = tuple(map(norm_label, labels))
    info = tuple((n, len(n), frozenset(n), _least(n), _bits(n)) for n in norms)
    for item in info:
        _KNOWN.setdefault(item[0], item)
    return norms, info


_KNOWN: dict[str, LabelInfo] = {}  # every label compared with texts so far (it only grows)


def _bits(label: str) -> int | None:
    alphabet = _alphabet()
    if not all(ch in alphabet for ch in label):
        return None
    mask = 0
    for ch in set(label):
        mask |= alphabet[ch]
    return mask


@cache
def _alphabet() -> dict[str, int]:
    """A bit for each character of the template's table words (labels and their aliases,
    normalised, with and without their numbering)."""
    chars = {ch for word in table_vocabulary() for ch in word}
    return {ch: 1 << k for k, ch in enumerate(sorted(chars))}


def _may_close(text: str, item: LabelInfo, profile: tuple | None = None) -> bool:
    """A cheap necessary condition for the label to close ``text`` (0 < score): the shorter of
    label and the text's tail shares most of its characters with the other (a wrapped
    label's first part may close the run)."""
    _, size, chars, _, mask = item
    bits, counts = profile or _tail_profile(text)
    if mask is not None and size + 4 <= PROFILED:
        shared, distinct = (mask & bits[size + 4]).bit_count(), counts[size + 4]
    else:  # a label of characters no template label has, or longer than profiled
        seen = set(text[-(size + 4):])
        shared, distinct = len(chars & seen), len(seen)
    return shared * 2 >= min(len(chars), distinct)


def _closable(text: str) -> frozenset[str]:
    """The labels (of all compared so far) that may close ``text`` (:func:`_may_close`)."""
    return _closable_among(text, len(_KNOWN))


@lru_cache(maxsize=1 << 10)
def _closable_among(text: str, known: int) -> frozenset[str]:
    """:func:`_closable` while ``known`` labels are known: worked out once per text for every
    table, layout and label it is compared with."""
    profile = _tail_profile(text)
    return frozenset(label for label, item in list(_KNOWN.items())[:known] if _may_close(text, item, profile))


PROFILED = 64  # the tail of a text profiled (labels are shorter)


def _tail_profile(text: str) -> tuple[list[int], list[int]]:
    """For each length k of the tail of ``text`` (up to ``PROFILED``; the whole text beyond
    its length): the tail's characters of :func:`_alphabet` as bits, and how many distinct
    characters it has."""
    alphabet = _alphabet()
    bits, counts = [0], [0]
    seen: set[str] = set()
    mask = 0
    for ch in reversed(text[-PROFILED:]):
        if ch not in seen:
            seen.add(ch)
            mask |= alphabet.get(ch, 0)
        bits.append(mask)
        counts.append(len(seen))
    rest = PROFILED + 1 - len(bits)  # a text shorter than the profile: its whole self beyond
    return bits + [mask] * rest, counts + [len(seen)] * rest


@cache
def _least(label: str) -> int:
    """How much of ``label`` a text must show to be read as it: most of a short label, at
    least two fifths of a long one (a label wrapped over two lines shows its first part)."""
    core = len(LABEL_MARK.sub("", label))
    return min(core, max(4, (2 * len(label) + 4) // 5))


@lru_cache(maxsize=1 << 13)
def _tail_score(label: str, window: str) -> tuple[float, int, int]:
    """Similarity of ``label`` to the end of ``window``, and the matched part of ``window``
    (reports repeat these pairs a lot)."""
    text = window
    res = fuzz.partial_ratio_alignment(label, window)
    if res is None or res.score == 0:
        return 0.0, 0, 0
    # The label must close the run: only a few stray characters may follow it.
    slack = len(window) - res.dest_end  # (dest: the window's side, whichever string is longer)
    if slack > 3:
        return 0.0, 0, 0
    core = LABEL_MARK.sub("", label)
    plain = LABEL_MARK.sub("", text)
    if core and len(core) < len(label):
        # compare without the numbering too ("予以公开" for "(一)予以公开")
        plain_window = plain[-(len(core) + 2):]
        alt = fuzz.ratio(core, plain_window[-len(core):]) if plain_window else 0.0
        if alt * 0.95 > res.score:
            return alt * 0.95, max(0, len(window) - len(core)), len(window)
    return res.score, res.dest_start, res.dest_end


# ------------------------------------------------------------------ prose or table
_SENTENCE_END = re.compile(r"[。!?;！？；]")
_SEPARATORS = re.compile(r"[\W_]+")


@cache
def _words() -> str:
    """The table words and numbering marks as a regex alternation."""
    return "|".join(map(re.escape, table_vocabulary())) + "|" + LABEL_MARK.pattern[1:]


def tail_matcher(words: tuple[str, ...]) -> re.Pattern:
    """A pattern that, matched at the start of a reversed text, spans the stretch of
    ``words``, numbering marks and punctuation that closes the text (reversed: a match
    anchored at the start never backtracks over the whole text, as ``(…)+$`` would)."""
    reverse = "|".join(re.escape(w[::-1]) for w in sorted(words, key=len, reverse=True))
    marks = r"[、.][一二三四五六七八九十]|\)[一二三四五六七八九十]\(|\.\d(?!\d)"
    return re.compile(rf"(?:{reverse}|{marks}|[\W_])+")


def closing(text: str, matcher: re.Pattern) -> str:
    """The stretch of ``text`` that ``matcher`` (from :func:`tail_matcher`) spans at its end."""
    m = matcher.match(text[::-1])
    return m.group()[::-1] if m else ""


@cache
def _table_tail() -> re.Pattern:
    return tail_matcher(table_vocabulary())


@cache
def _header_tail() -> re.Pattern:
    """Pieces of the column labels a header wrapped over lines leaves ("企业", "机构")."""
    from validator import template

    pieces = {label[i:j] for table in template.TABLES for version in template.LAYOUTS
              for label in (norm_label(c.label) for c in template.layout(table, version).columns)
              for i in range(len(label)) for j in range(i + 2, len(label) + 1)}
    return tail_matcher(tuple(pieces))


@cache
def _table_word() -> re.Pattern:
    return re.compile(_words())


def prose_chars(text: str) -> int:
    """How many characters of ``text`` (normalised) are not words of the template's tables."""
    return len(_SEPARATORS.sub("", _table_word().sub("", text)))


@lru_cache(maxsize=1 << 13)
def in_prose(text: str, start: int, end: int) -> bool:
    """Whether the label found at ``text[start:end]`` (a normalised run text) is part of a
    sentence rather than a table's label: other words stand right before it in its sentence
    ("本年度制发行政规范性文件3件") or right after it ("行政处罚决定57件"). What is set off
    from the label by header words is not part of it (a caption or a heading before
    "信息内容 本年制发件数 … 规章"), nor are the pieces of a header wrapped over lines
    ("企业 机构 组织 机构", read from a page line by line)."""
    before = _SENTENCE_END.split(text[max(0, start - 80):start])[-1]
    if _SEPARATORS.sub("", closing(before, _table_tail())) or _SEPARATORS.sub("", closing(before, _header_tail())):
        before = ""
    after = _table_word().sub("", text[end:])
    return len(_SEPARATORS.sub("", before)) > 1 or len(_SEPARATORS.sub("", after)) > 1


Hits = Callable[[str, bool], tuple[tuple[int, float], ...]]


def align(runs: list[Run], targets: Sequence[Target], hits: Hits | None = None) -> tuple[dict[str, int], float]:
    """Best order-preserving assignment of targets to runs; returns (key -> run index, score).

    Runs that match no target cannot change the optimum and are left out of the DP.
    ``hits(text, bare)``: :func:`label_hits` for these targets (a caller may cache it: the
    same label texts recur in every report of a batch).
    """
    find = hits or (lambda text, bare: label_hits(targets, text, bare))
    rows: list[tuple[int, list[tuple[int, float]]]] = []
    for i, run in enumerate(runs):
        found = find(norm_label(run.text), not run.values)
        if found:
            rows.append((i, [(j + 1, s + _bonus(targets[j], run)) for j, s in found]))
    path, total = best_path([r[1] for r in rows], len(targets))
    return {targets[j - 1].key: rows[i - 1][0] for i, j in path}, total


def best_path(rows: list[list[tuple[int, float]]], m: int) -> tuple[list[tuple[int, int]], float]:
    """The order-preserving assignment of rows to columns ``1..m`` with the largest total score.

    ``rows[i - 1]`` lists the (column, score > 0) pairs of row ``i``; every other score is 0.
    Returns the matched (row, column) pairs, last first, and the total. Of equal totals, the
    match is preferred to skipping a row, and skipping a row to skipping a column (so that of
    two equal rows the later one is kept: prose that mentions a row comes before the table).
    The table of best totals is built a row at a time from the row above (a copy), changed
    only from each scored column on while it gains: rows score few columns.
    """
    dp = [[0.0] * (m + 1)]
    for scores in rows:
        prev = dp[-1]
        cur = prev[:]  # unscored columns: max(above, left); above is non-decreasing
        for j, s in sorted(scores):
            best = max(prev[j - 1] + s, prev[j], cur[j - 1])
            k = j
            while k <= m and cur[k] < best:
                cur[k] = best
                k += 1
        dp.append(cur)
    path: list[tuple[int, int]] = []
    i, j = len(rows), m
    while i > 0 and j > 0:
        s = dict(rows[i - 1]).get(j, 0.0)
        best, move = (dp[i - 1][j - 1] + s, 3) if s > 0 else (-1.0, 0)
        if dp[i - 1][j] > best:
            best, move = dp[i - 1][j], 1
        if dp[i][j - 1] > best:
            move = 2
        if move == 3:
            path.append((i, j))
            i, j = i - 1, j - 1
        elif move == 1:
            i -= 1
        else:
            j -= 1
    return path, dp[-1][m]


def row_score(target: Target, run: Run) -> float:
    """How well ``run`` reads as the table row ``target`` (0: not at all): label similarity,
    plus a bonus when the run carries as many values as the row has columns (so a table row
    wins over prose that merely ends with the same words)."""
    s = label_score(target, norm_label(run.text), not run.values)
    return s + _bonus(target, run) if s else 0.0


def label_score(target: Target, text: str, bare: bool) -> float:
    """Label similarity, 0 below the threshold (higher for a run without values). A label
    inside a sentence is no row: a number in running prose is never a table cell."""
    s, start, end = _fit(target.labels, text) if text else (0.0, 0, 0)
    if s < (MATCH_BARE if bare else MATCH) or in_prose(text, start, end):
        return 0.0
    return s


def label_hits(targets: Sequence[Target], text: str, bare: bool) -> tuple[tuple[int, float], ...]:
    """(index, label score) of the targets a run's normalised text may be (most texts — prose,
    page furniture — close with none of their labels: said at once)."""
    if not text:
        return ()
    (names, ends), each = _labels_of(targets)
    closable = _closable(text)
    if closable.isdisjoint(names) and not text.endswith(ends):
        return ()
    return tuple((j, s) for j, t in enumerate(targets)
                 if (not closable.isdisjoint(each[j][0]) or text.endswith(each[j][1]))
                 and (s := label_score(t, text, bare)))


Names = tuple[frozenset[str], tuple[str, ...]]  # normalised labels as a set and a tuple
_LABELS: dict[int, tuple[Sequence[Target], tuple[Names, list[Names]]]] = {}


def _labels_of(targets: Sequence[Target]) -> tuple[Names, list[Names]]:
    """The normalised labels of all ``targets`` and of each (kept by the identity of the
    sequence: callers pass the same cached tuple again and again)."""
    kept = _LABELS.get(id(targets))
    if kept is None or kept[0] is not targets:
        if len(_LABELS) > 64:  # sequences made afresh by a caller: do not keep them all
            _LABELS.clear()
        each = [(frozenset(norms), norms) for norms in (_label_info(t.labels)[0] for t in targets)]
        names = tuple(dict.fromkeys(n for _, norms in each for n in norms))
        kept = _LABELS[id(targets)] = (targets, ((frozenset(names), names), each))
    return kept[1]


def _bonus(target: Target, run: Run) -> float:
    """A run carrying as many values as the row has columns is the row more surely."""
    if target.width and len(run.values) == target.width:
        return 15.0
    if target.width and len(run.values) < target.width and any(map(splittable, run.values)):
        return 5.0
    if target.width and 0 < len(run.values) < target.width:
        return 3.0  # some cells blank: still the row, not the rest of a wrapped label
    return 0.0
