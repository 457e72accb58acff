"""Scanned reports: what OCR read on a page, as segments of text with the box and
confidence of every character — cleaned of what OCR is known to get wrong on tables (a cell's
dash read as 一, a speck read as a stop, neighbouring numbers run together)."""

from __future__ import annotations

import re
from dataclasses import dataclass

Box = tuple[float, float, float, float]
UNREAD = "\ufffd"  # a mark printed where OCR read nothing: a cell that cannot be read


@dataclass(slots=True)
class Segment:
    """One recognised text line piece: its characters, their boxes (pixels, x0 y0 x1 y1,
    y downwards) and confidences."""

    text: str
    boxes: list[Box]
    conf: list[float]

    @property
    def top(self) -> float:
        return min(b[1] for b in self.boxes)

    @property
    def bottom(self) -> float:
        return max(b[3] for b in self.boxes)

    @property
    def left(self) -> float:
        return min(b[0] for b in self.boxes)

    @property
    def right(self) -> float:
        return max(b[2] for b in self.boxes)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def box(self) -> Box:
        """The box around all its characters."""
        return self.left, self.top, self.right, self.bottom

    def strip(self) -> Segment:
        """Without spaces at either end."""
        lead = len(self.text) - len(self.text.lstrip())
        return self.part(lead, lead + len(self.text.strip()))

    def part(self, start: int, end: int) -> Segment:
        """Characters ``start:end`` with their boxes and confidences."""
        return Segment(self.text[start:end], self.boxes[start:end], self.conf[start:end])


_DASHES = frozenset({"一", "一一", "_", "__", "－", "-", "--", "—", "——", "–", "~"})
_SPECK = re.compile(r"(\d+)[.,，。、·'`]+")  # specks after a lone number read as stops


def segment(text: str, score: float, quad, words) -> Segment:
    """A recognised line's characters with their boxes: the recogniser's own character
    boxes where they spell the text, else the line's box shared out by character width.
    Stops after a lone number ("0.", "11..") are specks, not a numbering mark: dropped. A
    text line that is only a dash (read as 一, _ or －) is the dash "—" of an empty cell."""
    if text.strip() in _DASHES:  # a cell's lone dash, which OCR reads as 一 or _
        text = "—"
        words = None
    elif (speck := _SPECK.fullmatch(text.strip())) is not None:
        text = speck.group(1)
        words = list(words)[:len(text)] if words else words
    chars = [(str(w[0]).replace(" ", ""), float(w[1]), w[2]) for w in (words or ())]
    letters = "".join(c for c in text if not c.isspace())
    if chars and "".join(c[0] for c in chars) == letters:
        placed = [(box, score_) for word, score_, quad_ in chars for _, box in _spread(word, quad_)]
        return _with_spaces(text, placed)
    return _shared(text, _box_of(quad), float(score))


_RULES = frozenset("|｜丨")  # a table's vertical rule inside a text line, read as a character


def between_rules(seg: Segment) -> list[Segment]:
    """The pieces of a segment that a table's vertical rules cut (cells so narrow that OCR
    read a row of them as one line, the rules between them as "|")."""
    if not _RULES.intersection(seg.text):
        return [seg]
    out, start = [], 0
    for i, ch in enumerate([*seg.text, "|"]):
        if ch in _RULES:
            piece = seg.part(start, i).strip()
            if piece.text:
                out.append(piece)
            start = i + 1
    return out


_LOOK_ALIKES = "iIlLoOsSbBzZgq"  # letters OCR reads for digits (i, l for 1; o for 0; s for 5…)
_MISREAD_NUMBER = re.compile(rf"(?=[\d{_LOOK_ALIKES}.,]*\d)(?=[\d.,]*[{_LOOK_ALIKES}])[\d{_LOOK_ALIKES}.,]+")


def misread_numbers(seg: Segment) -> Segment:
    """A number with a letter inside ("2i6", "1O5"): OCR misread a digit, and the number
    cannot be read — it becomes one unreadable character (never the digits before the
    letter, read as a smaller number)."""
    if not any(c in _LOOK_ALIKES for c in seg.text):
        return seg
    pieces, at = [], 0
    for m in re.finditer(r"\S+", seg.text):
        word = seg.part(m.start(), m.end())
        unread = _MISREAD_NUMBER.fullmatch(word.text) is not None
        pieces += [seg.part(at, m.start()), Segment(UNREAD, [word.box], [0.0]) if unread else word]
        at = m.end()
    pieces.append(seg.part(at, len(seg.text)))
    return Segment("".join(p.text for p in pieces), [b for p in pieces for b in p.boxes],
                   [c for p in pieces for c in p.conf])


def _box_of(quad) -> Box:
    """The upright box around a quadrilateral of four (x, y) corners."""
    xs = [float(p[0]) for p in quad]
    ys = [float(p[1]) for p in quad]
    return min(xs), min(ys), max(xs), max(ys)


def _spread(word: str, quad) -> list[tuple[str, Box]]:
    """A recognised word's box shared out between its characters."""
    x0, y0, x1, y1 = _box_of(quad)
    step = (x1 - x0) / max(len(word), 1)
    return [(ch, (x0 + i * step, y0, x0 + (i + 1) * step, y1)) for i, ch in enumerate(word)]


def _with_spaces(text: str, placed: list[tuple[Box, float]]) -> Segment:
    """The segment of ``text`` whose non-space characters have the ``placed`` boxes; a space
    spans the gap between its neighbours."""
    boxes: list[Box] = []
    conf: list[float] = []
    k = 0
    for ch in text:
        if ch.isspace():
            prev = placed[k - 1][0] if k else placed[0][0]
            nxt = placed[k][0] if k < len(placed) else prev
            boxes.append((prev[2], min(prev[1], nxt[1]), max(prev[2], nxt[0]), max(prev[3], nxt[3])))
            conf.append(1.0)
            continue
        boxes.append(placed[k][0])
        conf.append(placed[k][1])
        k += 1
    return Segment(text, boxes, conf)


def _shared(text: str, box: Box, score: float) -> Segment:
    """Characters placed along the line's box in proportion to their width (a Chinese
    character twice a digit's)."""
    weights = [1.0 if ord(c) > 0x2E80 else 0.55 for c in text]
    total = sum(weights) or 1.0
    x, boxes = box[0], []
    for w in weights:
        width = (box[2] - box[0]) * w / total
        boxes.append((x, box[1], x + width, box[3]))
        x += width
    return Segment(text, boxes, [score] * len(text))


_NUMBER = re.compile(r"[+\-−－]?\d+(?:\.\d+)?")


def numeric(text: str) -> bool:
    """A number alone: "16", "62.8492", a change "-5" or "+12"."""
    return _NUMBER.fullmatch(text.strip()) is not None
