"""Scanned reports: numbers OCR read run together though printed apart ("16 1 16" in small
print read "16116", "0 — 21" read "0一21"), set apart where the page's print shows it and a
second reading of each stretch of print spells the same digits."""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from validator.readers.scan_text import Box, Segment

ReadAgain = Callable[[Box], tuple[str, float]]  # a stretch of print (its box) read on its own


@dataclass(frozen=True, slots=True)
class Print:
    """A page's print (``scan_layout.printed``): ``ink`` with specks smoothed away, and
    ``fine`` unsmoothed, hairlines kept (a serif 0's thin top and bottom, which smoothing
    takes off, leaving two strokes), where a column holds print from two pixels on."""

    ink: Any
    fine: Any


_DASH_MARKS = "-一—－–_~"  # a dash as OCR reads it: a minus, or a cell's dash "—"
# a speck between two numbers may be read as a stop ("0.2" for "0 2"): dropped only where the
# run is then split there (a point taken off alone made a fee's "62.8492", which no sum
# checks, 628492)
_STOPS = ".:·"
# digits, dashes between or beside them ("0一21", "-21" for "— 21"), stops between them
_RUN = re.compile(rf"[{_DASH_MARKS}]*\d(?:\d|[{_DASH_MARKS}]+(?=\d)|[{_STOPS}](?=\d))*[{_DASH_MARKS}]*")
_PIECE = re.compile(rf"\d+|[{_DASH_MARKS}]+")  # a stretch of print read again: a number, or a dash alone
_SIGNED = re.compile(rf"[{_DASH_MARKS}]\d+")  # the run's first stretch may carry the run's minus

BLANK_APART = 0.4  # of the print's height: a blank this wide is a space (where the page says nothing)
DASH_APART = 0.25  # of the print's height: a dash this far from both neighbours stands alone
MIN_PAIRS = 5  # digit pairs on either side before a page's own spacing is trusted
STEP = 1.1  # the least step between the two groups of distances
GROUPS = 1.3  # the least ratio of the two groups' medians
SPECK = 4  # pixels: less print than this in a blank is a speck (a stop printed at 200 dpi has more)
RULED = 0.8  # a row (column) of pixels printed over this much of a box's width (height) is a rule
NEAREST = 0.6  # print heights: digits of no font stand nearer; a nearer pair was mis-measured
SPACE = 0.35  # the least difference of the two groups' medians (print heights): two spaces' width


def spacing(segments: list[Segment], page: Print, seen: list[float] | None = None) -> float | None:
    """How far apart the document sets two numbers, learnt from its own print. Neighbouring
    digits of the runs whose every character stands apart are measured (centre to centre plus
    the blank between, in print heights; pairs with a 1 left out: a narrow 1 stands apart
    from its neighbours as no other digit does, and made a false group); the distances fall
    in two groups, digits of one number and of two numbers a space apart (a space counts
    twice: in the step and in the blank). The value between the groups where a clear step
    parts them and the groups lie a space's width apart, else None (a page whose numbers OCR
    read apart has no second group).
    ``seen``: the distances of the document's pages read before, to which this page's are
    added."""
    seen = [] if seen is None else seen
    seen += [d for seg in segments for run in _runs(seg) for d in _distances(page.ink, *_on_print(run, page))
             if d >= NEAREST]
    found = sorted(seen)
    best: tuple[float, float] | None = None
    for k in range(MIN_PAIRS, len(found) - MIN_PAIRS + 1):
        low, high = found[k - 1], found[k]
        below, above = statistics.median(found[:k]), statistics.median(found[k:])
        if high < STEP * low or above < GROUPS * below or above - below < SPACE:
            continue
        if best is None or high / low > best[1] / best[0]:
            best = (low, high)
    return None if best is None else (best[0] + best[1]) / 2


def split_run(seg: Segment, page: Print, read_again: ReadAgain, apart: float | None = None) -> Segment:
    """``seg`` with its runs of digits and dashes split where the print sets them apart (by the
    page's ``apart``, see :func:`spacing`, else by blanks wider than a space) and each stretch
    of print, read again on its own, spells exactly the run (two reads agree; a stretch read
    as a dash alone is a cell's dash). A run left as read takes the boxes of its characters
    from the print when each stands apart, so that where it may be cut is seen as on a text
    layer; a dash standing apart in it is set apart."""
    for a, b in reversed(list(_spans(seg))):  # from the right: offsets before stay
        seg = _joined(seg.part(0, a), _split(seg.part(a, b), page, read_again, apart), seg.part(b, len(seg.text)))
    return seg


def _spans(seg: Segment) -> Iterator[tuple[int, int]]:
    for m in _RUN.finditer(seg.text):
        if m.end() - m.start() >= 2:
            yield m.span()


def _runs(seg: Segment) -> Iterator[Segment]:
    for a, b in _spans(seg):
        yield seg.part(a, b)


def _split(run: Segment, page: Print, read_again: ReadAgain, apart: float | None) -> Segment:
    """One run, split; a stop read where the print has only a speck ("0.2" for "0 2") is
    dropped only where the run is then split (taken off alone, it would join two numbers)."""
    bare, dropped = _without_specks(run, page)
    if dropped:
        out = _split_bare(bare, page, read_again, apart)
        if dropped <= _cuts(out.text):
            return out
    return _split_bare(run, page, read_again, apart)


def _cuts(text: str) -> set[int]:
    """Where a split run is cut: how many characters of print stand before each space."""
    out, count = set(), 0
    for ch in text:
        if ch == " ":
            out.add(count)
        else:
            count += 1
    return out


def _split_bare(read: Segment, page: Print, read_again: ReadAgain, apart: float | None) -> Segment:
    run, placed = _on_print(read, page)
    height = _height(page.ink, run.box)
    found = _stretches(run, height, apart) if placed and apart is not None else _blank_parted(run, page.ink)
    if len(found) < 2 and not any(ch in _DASH_MARKS for ch in run.text):
        return read  # printed as one number: as OCR read it
    # a stretch's margin may take in a speck beside it, read as a stop ("0.")
    again = [(t.strip(_STOPS), score) for t, score in map(read_again, found)] if len(found) >= 2 else []
    if not again or _dashed("".join(t for t, _ in again)) != _dashed(run.text) or not all(
            _PIECE.fullmatch(t) or (k == 0 and _SIGNED.fullmatch(t)) for k, (t, _) in enumerate(again)):
        return _dashes_apart(run, placed, height)
    sure = min(run.conf)
    pieces: list[Segment] = []
    for k, ((piece_read, score), (x0, y0, x1, y1)) in enumerate(zip(again, found, strict=True)):
        if k:
            pieces.append(Segment(" ", [(pieces[-1].right, y0, x0, y1)], [1.0]))
        text = _dashed(piece_read) if piece_read[-1].isdigit() else "—"
        step = (x1 - x0) / len(text)
        piece = Segment(text, [(x0 + i * step, y0, x0 + (i + 1) * step, y1) for i in range(len(text))],
                        [min(sure, score)] * len(text))
        pieces.append(_on_print(piece, page)[0])
    return _joined(*pieces)


def _without_specks(run: Segment, page: Print) -> tuple[Segment, set[int]]:
    """The run without the stops read between digits where the print has a blank as wide as a
    space and no mark in it (a speck a scanner picked up, "0.2" read for "0 2"), and where
    they stood (characters before each); the run itself, and none, where the print shows a
    mark there (a decimal point) or cannot tell."""
    kept = [i for i, ch in enumerate(run.text) if ch not in _STOPS]
    if len(kept) == len(run.text):
        return run, set()
    digits, placed = _on_print(_joined(*(run.part(i, i + 1) for i in kept)), page)
    if not placed:
        return run, set()
    height = _height(page.ink, digits.box)
    dropped = set()
    for k, i in enumerate(kept[1:], start=1):
        if i - kept[k - 1] == 1:
            continue  # no stop between these two digits
        left, right = digits.boxes[k - 1][2], digits.boxes[k][0]
        mark = int(_region(page.fine, left, digits.top, right - 1, digits.bottom).sum())
        if right - left < DASH_APART * height or mark >= SPECK:
            return run, set()
        dropped.add(k)
    return digits, dropped


def _blank_parted(run: Segment, ink) -> list[Box]:
    """The stretches of the run's print parted by blanks wider than a space."""
    pad = (run.right - run.left) / len(run.text) / 2
    return [blob for blob in _blobs(ink, run.left - pad, run.right + pad, run.top, run.bottom, BLANK_APART)
            if run.left <= (blob[0] + blob[2]) / 2 <= run.right]  # not a neighbouring character


def _stretches(run: Segment, height: float, apart: float) -> list[Box]:
    """The stretches of a run whose characters' boxes are the print's, parted where two digits
    stand ``apart`` (see :func:`spacing`) or a dash stands apart from its neighbour."""
    out, start = [], 0
    for i in range(1, len(run.text) + 1):
        if i == len(run.text) or _parted(run, i, height, apart):
            part = run.part(start, i)
            out.append(part.box)
            start = i
    return out


def _parted(run: Segment, i: int, height: float, apart: float) -> bool:
    """Whether characters ``i - 1`` and ``i`` of a run placed on its print stand apart."""
    before, after = run.boxes[i - 1], run.boxes[i]
    if run.text[i - 1].isdigit() and run.text[i].isdigit():
        return _distance(before, after, height) >= apart
    return after[0] - before[2] >= DASH_APART * height


def _distances(ink, run: Segment, placed: bool) -> Iterator[float]:
    if not placed:
        return
    height = _height(ink, run.box)
    for i in range(1, len(run.text)):
        pair = run.text[i - 1:i + 1]
        if pair.isdigit() and "1" not in pair:
            yield _distance(run.boxes[i - 1], run.boxes[i], height)


def _distance(before: Box, after: Box, height: float) -> float:
    """Centre to centre plus the blank between two characters' print, in print heights."""
    return ((after[0] + after[2]) / 2 - (before[0] + before[2]) / 2 + after[0] - before[2]) / max(height, 1.0)


def _on_print(run: Segment, page: Print) -> tuple[Segment, bool]:
    """``run`` with each character's box where its print stands, when the print shows its
    characters standing apart (OCR's own boxes of a run read as one piece are spread evenly
    over it, hiding the gaps between numbers, and may lie a little aside: of the characters
    standing apart around it, the run's are the row of as many whose ends lie nearest its
    ends, when no other row lies nearly as near); else as it is. Whether the boxes are the
    print's. (Columns of print two pixels high, then one: a dash may be a single pixel thin,
    a speck is one pixel.)"""
    n = len(run.text)
    pad = (run.right - run.left) / n / 2
    for least in (2, 1):
        glyphs = _blobs(page.fine, run.left - 3 * pad, run.right + 3 * pad, run.top, run.bottom, 0.0, least)
        costs = sorted((abs(glyphs[k][0] - run.left) + abs(glyphs[k + n - 1][2] - run.right), k)
                       for k in range(len(glyphs) - n + 1))
        if costs and costs[0][0] <= 4 * pad and (len(costs) == 1 or costs[1][0] >= costs[0][0] + pad):
            chosen = glyphs[costs[0][1]:costs[0][1] + n]
            boxes = [(g[0], b[1], g[2], b[3]) for g, b in zip(chosen, run.boxes, strict=True)]
            return Segment(run.text, boxes, run.conf), True
    return run, False


def _dashes_apart(run: Segment, placed: bool, height: float) -> Segment:
    """A cell's dash run into the numbers beside it ("0一00202", "0600—06"): set apart as "—"
    where the print shows it apart from both neighbours (a minus or a hyphen stands close),
    or, where the print cannot tell, where it was read as 一 between digits (no Chinese
    numeral stands between Arabic digits)."""
    out: list[Segment] = []
    for i, ch in enumerate(run.text):
        if ch in _DASH_MARKS and _dash_apart(run, i, placed, height):
            box = run.boxes[i]
            left = out[-1].right if out else box[0]
            right = run.boxes[i + 1][0] if i + 1 < len(run.text) else box[2]
            out += [Segment(" ", [(left, box[1], box[0], box[3])], [1.0]), Segment("—", [box], [run.conf[i]]),
                    Segment(" ", [(box[2], box[1], max(box[2], right), box[3])], [1.0])]
        else:
            out.append(run.part(i, i + 1))
    return _joined(*out).strip() if len(out) > len(run.text) else run


def _dash_apart(run: Segment, i: int, placed: bool, height: float) -> bool:
    if not placed:
        return run.text[i] == "一" and 0 < i < len(run.text) - 1
    gaps = [run.boxes[i][0] - run.boxes[i - 1][2]] if i else []
    gaps += [run.boxes[i + 1][0] - run.boxes[i][2]] if i + 1 < len(run.text) else []
    return min(gaps) >= DASH_APART * height


def _height(ink, box: Box) -> float:
    """The height of the print inside ``box``."""
    region = _region(ink, *box)
    return float(len(region)) if len(region) else box[3] - box[1]


def _region(ink, x0: float, y0: float, x1: float, y1: float):
    """Whether each pixel of the print's line inside a box is print: the tallest band of rows
    holding print (bits of the lines above and below cut off), a table's rules crossing it
    (rows printed over most of its width, columns over most of its height) left out."""
    region = ink[max(0, int(y0)):int(y1) + 1, max(0, int(x0)):int(x1) + 1] > 0
    if not region.size:
        return region
    region = region & ~(region.mean(axis=1) > RULED)[:, None] & ~(region.mean(axis=0) > RULED)[None, :]
    filled = region.any(axis=1).tolist()
    best, start = (0, 0), None
    for i, on in enumerate([*filled, False]):
        if on and start is None:
            start = i
        elif not on and start is not None:
            best = max(best, (start, i), key=lambda band: band[1] - band[0])
            start = None
    return region[best[0]:best[1]]


def _joined(*parts: Segment) -> Segment:
    return Segment("".join(p.text for p in parts), [b for p in parts for b in p.boxes],
                   [c for p in parts for c in p.conf])


def _dashed(text: str) -> str:
    """``text`` with every dash mark as "-"."""
    return re.sub(f"[{_DASH_MARKS}]+", "-", text)


def _blobs(ink, x0: float, x1: float, top: float, bottom: float, apart: float, least: int = 1) -> list[Box]:
    """The stretches of print between ``x0`` and ``x1`` set apart by blank columns wider
    than ``apart`` times the print's height (0: every character that stands apart); a
    column is blank with fewer than ``least`` pixels of print."""
    xa, ya, yb = max(0, int(x0)), max(0, int(top)), int(bottom) + 1
    region = _region(ink, x0, top, x1, bottom)
    if not region.size:
        return []
    height = float(len(region))  # the print's own height
    used = region.sum(axis=0) >= least
    out, start, blank = [], None, 0
    for x, on in enumerate(used.tolist() + [False] * int(height)):
        if on:
            start = x if start is None else start
            blank = 0
        elif start is not None:
            blank += 1
            if blank >= max(apart * height, 1):
                end = x - blank + 1
                if end - start >= height / 10:
                    out.append((float(xa + start), float(ya), float(xa + end), float(yb)))
                start, blank = None, 0
    return out
