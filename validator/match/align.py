"""Align runs of a table region with the template's rows, by order and label similarity."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import fuzz

from validator.match.runs import Run
from validator.match.split import splittable
from validator.match.tokens import normalize

MATCH = 75.0  # minimum similarity (0-100) of a run that carries values
MATCH_BARE = 90.0  # minimum for a run without values (a label with its values lost)
_MARKER = re.compile(r"^(?:[一二三四五六七八九十]、|\([一二三四五六七八九十]\)|\d\.)")


@cache
def norm_label(label: str) -> str:
    """Labels compared the way document text is normalised: NFKC, no spaces, ``、``→``.``."""
    text = normalize(label)[0]
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"(?<=\d)、", ".", text)
    return text.rstrip(":：")


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
    return _score(target.labels, text) if text else 0.0


@lru_cache(maxsize=1 << 17)
def _score(labels: tuple[str, ...], text: str) -> float:
    """Cached: the same label texts recur in every report of a batch."""
    best = 0.0
    for label in labels:
        label = norm_label(label)
        if text.endswith(label):
            return 100.0
        tail = text[-(len(label) + 4):]
        chars, seen = _chars(label), set(tail)
        # cheap necessary condition: the shorter of label and tail shares most of its
        # characters with the other (a wrapped label's first part may close the run)
        if len(chars & seen) * 2 < min(len(chars), len(seen)):
            continue
        best = max(best, _tail_score(label, tail))
    return best


@cache
def _chars(label: str) -> frozenset[str]:
    return frozenset(label)


@lru_cache(maxsize=1 << 16)
def _tail_score(label: str, window: str) -> float:
    """Similarity of ``label`` to the end of ``window`` (reports repeat these pairs a lot)."""
    text = window
    res = fuzz.partial_ratio_alignment(label, window)
    if res is None or res.score == 0:
        return 0.0
    # The label must close the run: only a few stray characters may follow it.
    slack = len(window) - (res.dest_end if len(label) <= len(window) else res.src_end)
    if slack > 3:
        return 0.0
    core = _MARKER.sub("", label)
    plain = _MARKER.sub("", text)
    if core and len(core) < len(label):
        # compare without the numbering too ("予以公开" for "(一)予以公开")
        plain_window = plain[-(len(core) + 2):]
        alt = fuzz.ratio(core, plain_window[-len(core):]) if plain_window else 0.0
        return max(res.score, alt * 0.95)
    return res.score


def align(runs: list[Run], targets: list[Target]) -> tuple[dict[str, int], float]:
    """Best order-preserving assignment of targets to runs; returns (key -> run index, score).

    Runs that match no target cannot change the optimum and are left out of the DP.
    """
    texts = [norm_label(r.text) for r in runs]
    rows = []
    for i, run in enumerate(runs):
        scores = [_pair_score(t, run, texts[i]) for t in targets]
        if any(scores):
            rows.append((i, scores))
    n, m = len(rows), len(targets)
    dp = [[0.0] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        scores, prev, cur, moves = rows[i - 1][1], dp[i - 1], dp[i], back[i]
        for j in range(1, m + 1):
            # ties go to the match, so that of two equal runs the later one is kept
            # (prose that mentions a row comes before the table, not inside it)
            s = scores[j - 1]
            best, move = (prev[j - 1] + s, 3) if s > 0 else (-1.0, 0)
            if prev[j] > best:
                best, move = prev[j], 1
            if cur[j - 1] > best:
                best, move = cur[j - 1], 2
            cur[j], moves[j] = best, move
    out: dict[str, int] = {}
    i, j = n, m
    while i > 0 and j > 0:
        move = back[i][j]
        if move == 3:
            out[targets[j - 1].key] = rows[i - 1][0]
            i, j = i - 1, j - 1
        elif move == 1:
            i -= 1
        else:
            j -= 1
    return out, dp[n][m]


def _pair_score(target: Target, run: Run, text: str) -> float:
    """Label similarity, plus a bonus when the run carries as many values as the row has
    columns (so a table row wins over prose that merely ends with the same words)."""
    s = score(target, text)
    if s < (MATCH if run.values else MATCH_BARE):
        return 0.0
    if target.width and len(run.values) == target.width:
        s += 15.0
    elif target.width and len(run.values) < target.width and any(map(splittable, run.values)):
        s += 5.0
    elif target.width and 0 < len(run.values) < target.width:
        s += 3.0  # some cells blank: still the row, not the rest of a wrapped label
    return s
