"""Scanned reports: a page's segments laid out as the lines a PDF text layer gives — turned
straight, gathered into rows (between the rules of a ruled table), with marks OCR could not
read among a row's numbers kept as unreadable characters."""

from __future__ import annotations

import bisect
import math
import re
import statistics

from validator.model.document import Location, Span
from validator.readers.scan_text import UNREAD, Box, Segment, numeric
from validator.readers.text import is_noise

TIGHT = 0.5  # of a line's height: segments whose middles are this close are one row


def printed(gray, smooth: bool = True):
    """What is printed (255) against the paper around it (a shadow or a grey page is paper;
    light grey rules are print): clearly darker than the local background, specks removed
    (``smooth``; which also removes hairlines one pixel thin)."""
    import cv2

    source = cv2.medianBlur(gray, 3) if smooth else gray
    return cv2.adaptiveThreshold(source, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 41, 25)


def ruled(ink, angle: float) -> tuple[list[float], float, float]:
    """The horizontal rules of the page's ruled table (y of each, top to bottom, in the
    deskewed frame) and the table's left and right edges; none where there is no table.
    ``ink``: the page's print (:func:`printed`)."""
    import cv2

    width = ink.shape[1]
    # short pieces of line (a rule turned by a degree or two is straight over a short run)
    lines = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (width // 40, 1)))
    count, _, stats, _ = cv2.connectedComponentsWithStats((lines > 0).astype("uint8"), connectivity=8)
    ys, lefts, rights = [], [], []
    cx, cy = width / 2, ink.shape[0] / 2
    for x, y, w, h, _ in stats[1:count]:
        if w < width / 3 or h > w * 0.05 + 8:
            continue
        mid_x, mid_y = x + w / 2, y + h / 2  # the rule's middle and ends, turned like the text
        ys.append(cy + (mid_x - cx) * math.sin(angle) + (mid_y - cy) * math.cos(angle))
        lefts.append(cx + (x - cx) * math.cos(angle) - (mid_y - cy) * math.sin(angle))
        rights.append(cx + (x + w - cx) * math.cos(angle) - (mid_y - cy) * math.sin(angle))
    if len(ys) < 3:
        return [], 0.0, 0.0
    return sorted(ys), min(lefts), max(rights)


def unread_marks(ink, quads, segments: list[Segment]) -> list[Segment]:
    """Marks the size of a digit printed among the numbers of a row that OCR did not
    recognise (a faint or broken digit at a low resolution): each becomes an unreadable
    character, so that its cell is reported unread rather than read as blank. Table rules,
    specks, seals and everything outside the value area of a row are left alone. ``ink``:
    the page's print (:func:`printed`), not changed."""
    import cv2
    import numpy as np

    numbers = [g for g in segments if numeric(g.text)]
    if len(numbers) < 2:
        return []
    h = statistics.median(g.bottom - g.top for g in numbers)
    long = max(int(h * 2), 8)
    rules = cv2.bitwise_or(
        cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (long, 1))),
        cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, long))))
    ink = cv2.subtract(ink, cv2.dilate(rules, np.ones((3, 3), "uint8")))
    for q in quads:  # what OCR read
        cv2.fillPoly(ink, [np.asarray(q, dtype="int32")], 0)
    ink = cv2.dilate(ink, np.ones((max(1, int(h / 8)), 1), "uint8"))  # a broken stroke is one mark
    count, _, stats, _ = cv2.connectedComponentsWithStats((ink > 0).astype("uint8"), connectivity=8)
    out = []
    for x, y, w, hh, area in stats[1:count]:
        if not (0.5 * h <= hh <= 1.3 * h and w <= 1.2 * h and area >= 0.08 * h * h):
            continue
        mid = y + hh / 2
        row = [g for g in numbers if abs(g.middle - mid) <= TIGHT * h]
        if len(row) >= 2 and min(g.left for g in row) - 2 * h < x:
            out.append(Segment(UNREAD, [(float(x), float(y), float(x + w), float(y + hh))], [0.0]))
    return out


def skew(quads) -> float:
    """The page's rotation in radians (positive: text rising to the right in image
    coordinates), from its long text lines; 0 when too few lines say."""
    angles = []
    for q in quads:
        (x0, y0), (x1, y1) = q[0], q[1]
        height = math.dist(q[0], q[3])
        if x1 - x0 > 4 * max(height, 1.0):
            angles.append(math.atan2(y1 - y0, x1 - x0))
    if len(angles) < 3:
        return 0.0
    angle = statistics.median(angles)
    return angle if abs(angle) > math.radians(0.1) else 0.0


def rotated(seg: Segment, angle: float, cx: float, cy: float) -> Segment:
    """The segment turned by ``angle`` about (cx, cy), each box keeping its size."""
    cos, sin = math.cos(angle), math.sin(angle)

    def turn(x: float, y: float) -> tuple[float, float]:
        return cx + (x - cx) * cos - (y - cy) * sin, cy + (x - cx) * sin + (y - cy) * cos

    boxes = []
    for x0, y0, x1, y1 in seg.boxes:
        pts = [turn(x0, y0), turn(x1, y0), turn(x1, y1), turn(x0, y1)]
        # the box keeps its size: rotating the corners would widen it by the height × angle
        mx, my = sum(p[0] for p in pts) / 4, sum(p[1] for p in pts) / 4
        w, h = (x1 - x0) / 2, (y1 - y0) / 2
        boxes.append((mx - w, my - h, mx + w, my + h))
    return Segment(seg.text, boxes, seg.conf)


def rows(segments: list[Segment], ruled: tuple[list[float], float, float] = ([], 0.0, 0.0)
         ) -> list[list[Segment]]:
    """Segments gathered into rows, top to bottom, each left to right. Inside a ruled table
    a row is what lies between two rules (a label wrapped over lines and its numbers, however
    they sit in their cells); elsewhere a segment joins the row whose first segment's middle
    is nearest its own, within ``TIGHT`` of the smaller height."""
    ys, left, right = ruled
    bands: dict[int, list[Segment]] = {}
    free: list[Segment] = []
    for seg in segments:
        if ys and ys[0] < seg.middle < ys[-1] and left - 5 <= seg.left <= right:
            bands.setdefault(bisect.bisect(ys, seg.middle), []).append(seg)
        else:
            free.append(seg)
    out = []
    for band in bands.values():
        if _several_rows(band):  # a rule between them was not seen: by lines
            out += [(min(s.top for s in row), row) for row in _lines(band)]
        else:
            out.append((min(s.top for s in band), _reading_order(band)))
    out += [(min(s.top for s in row), row) for row in _lines(free)]
    return [row for _, row in sorted(out, key=lambda r: r[0])]


def stray_marks(row: list[Segment]) -> list[Segment]:
    """A row with a short text among its numbers (a cell's dash read as 二, a smudge read as a
    character): that text is no label but a cell OCR could not read — an unreadable mark."""
    at = [i for i, s in enumerate(row) if numeric(s.text)]
    if len(at) < 2:
        return row
    out = list(row)
    for i in range(at[0] + 1, at[-1]):
        seg = row[i]
        if not numeric(seg.text) and seg.text != "—" and len(seg.text.strip()) <= 2:
            out[i] = Segment(UNREAD, [seg.box], [0.0])
    return out


_FOLIO = re.compile(r"^(?:[-—–－~_]\s*\d{1,3}\s*[-—–－~_]?|\d{1,3}\s*[-—–－~_])$")


def without_furniture(lines: list[list[Segment]], rules: list[float]) -> list[list[Segment]]:
    """The page's lines without its furniture: what a text layer's reader drops ("-3-",
    "第 3 页", a URL), and a page number OCR read with a dash lost ("-3", "3-") as the first
    or last line of the page, outside the ruled table."""
    def text(line: list[Segment]) -> str:
        return " ".join(s.text for s in line)

    def folio(n: int) -> bool:
        line = lines[n]
        outside = not rules or min(s.top for s in line) > rules[-1] or max(s.bottom for s in line) < rules[0]
        return n in (0, len(lines) - 1) and outside and bool(_FOLIO.match(text(line).replace(" ", "")))

    return [line for n, line in enumerate(lines) if not is_noise(text(line)) and not folio(n)]


def _several_rows(band: list[Segment]) -> bool:
    """Whether a band holds two numbers in one column, one above the other: several rows."""
    numbers = sorted((s for s in band if numeric(s.text)), key=lambda s: s.top)
    return any(b.top >= a.bottom - 2 and b.left < a.right and a.left < b.right
               for i, a in enumerate(numbers) for b in numbers[i + 1:])


def _reading_order(band: list[Segment]) -> list[Segment]:
    """The segments of one table row, cell by cell from the left (segments overlapping
    horizontally share a cell), each cell's lines top to bottom."""
    cells: list[tuple[float, float, list[Segment]]] = []
    for seg in sorted(band, key=lambda s: s.left):
        if cells and seg.left < cells[-1][1]:
            left, right, members = cells[-1]
            cells[-1] = (left, max(right, seg.right), [*members, seg])
        else:
            cells.append((seg.left, seg.right, [seg]))
    return [seg for _, _, members in cells for seg in sorted(members, key=lambda s: s.top)]


def _lines(segments: list[Segment]) -> list[list[Segment]]:
    """Segments outside a ruled table, in lines: a segment joins the line whose first
    segment's middle is nearest its own, within ``TIGHT`` of the smaller height."""
    out: list[tuple[float, float, list[Segment]]] = []
    for seg in sorted(segments, key=lambda s: s.middle):
        top, bottom = seg.top, seg.bottom
        best, best_gap = None, math.inf
        for row_top, row_bottom, members in out[-6:]:
            gap = abs(seg.middle - (row_top + row_bottom) / 2)
            if gap <= TIGHT * min(bottom - top, row_bottom - row_top) and gap < best_gap:
                best, best_gap = members, gap
        if best is None:
            out.append((top, bottom, [seg]))
        else:
            best.append(seg)
    return [sorted(members, key=lambda s: s.left) for _, _, members in out]


def to_span(row: list[Segment], height: float, scale: float, page: int, line: int, path: str) -> Span:
    """One row as a text line: segments apart by a space, boxes in points with y upwards
    (``height``: the image's, ``scale``: points per pixel), as pdfium gives a text layer."""
    text = ""
    boxes: list[Box] = []
    conf: list[float] = []
    for seg in row:
        if text:
            prev, nxt = boxes[-1], seg.boxes[0]
            text += " "
            boxes.append((prev[2], prev[1], max(prev[2], nxt[0]), prev[3]))
            conf.append(1.0)
        text += seg.text
        boxes.extend(seg.boxes)
        conf.extend(seg.conf)
    points = [(round(float(x0) * scale, 2), round((height - float(y1)) * scale, 2), round(float(x1) * scale, 2),
               round((height - float(y0)) * scale, 2)) for x0, y0, x1, y1 in boxes]
    return Span(text, Location(path, page=page, line=line), None, points, None, [round(float(c), 4) for c in conf])

