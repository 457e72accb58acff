"""Scanned reports: page images read by OCR into the lines a PDF text layer gives.

RapidOCR (the ``ocr`` extra) runs the PP-OCR Chinese detection and recognition models shipped
inside its wheel, offline. Every recognised character comes with its box and confidence. A
small rotation of the scan is measured from the text lines and taken out of the coordinates;
the text lines are gathered into rows by position, left to right, and handed on as
:class:`Span` lines with character boxes (points, y upwards, as pdfium gives them) and
confidences — the lines the PDF reader makes from a text layer, so that a scanned table is
read by the same positional table reading. Whether a digit is right is not decided here: the
checks verify every OCR number against the template's identities (``checks/ocr.py``).
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import importlib.util
import math
import re
import statistics
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from validator.messages import Text
from validator.model.document import Document, Location, Span, Table
from validator.model.errors import ReadError
from validator.readers import limits
from validator.readers.limits import check_size

ENGINE = "rapidocr"
RENDER_DPI = 200  # a PDF page is rendered at this resolution, whatever its images hold
MAX_SIDE = 2400  # pixels: longer sides are scaled down (recognition gains nothing beyond)
PROBE_SIDE = 1000  # pixels: the size at which a sideways page's two turns are compared
MIN_SIDE = 1200  # pixels: a smaller image is scaled up first (a 100 dpi scan of A5)
MAX_PIXELS = 60_000_000
TIGHT = 0.5  # of a line's height: segments whose middles are this close are one row

# called with (path, pages done, pages) as a long scan proceeds (the CLI draws a bar)
on_page: Callable[[str, int, int], None] | None = None


def available() -> bool:
    """Whether the OCR extra is installed."""
    return all(importlib.util.find_spec(m) is not None for m in ("rapidocr", "onnxruntime"))


def require(path: str, reason: str) -> None:
    """Refuse, saying how to install OCR, when the extra is missing (``reason``: the message
    of what was found instead, e.g. ``read.pdf_scanned``)."""
    if not available():
        raise ReadError(path, Text.of("read.ocr_missing", found=Text.of(reason)))


@dataclass(slots=True)
class Segment:
    """One recognised text line piece: its characters, their boxes (pixels, x0 y0 x1 y1,
    y downwards) and confidences."""

    text: str
    boxes: list[tuple[float, float, float, float]]
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


# ---------------------------------------------------------------------------- documents

def read(path: Path) -> Document:
    """An image file (PNG, JPEG, TIFF — every frame a page), read by OCR."""
    check_size(path)
    if limits.LIMITS.ocr == "never":
        raise ReadError(str(path), Text.of("read.ocr_off", found=Text.of("read.image_needs_ocr")))
    require(str(path), "read.image_needs_ocr")
    pages = list(_image_pages(path))
    lines: dict[int, list[Span]] = {}
    with _counting(str(path), len(pages), lines):
        for number, (image, dpi) in enumerate(pages, start=1):
            lines[number] = page_lines(image, dpi, number, str(path))
            _progress(str(path), number, len(pages))
    return document(str(path), [s for n in sorted(lines) for s in lines[n]], len(pages), "image")


def read_pages(pdf, numbers: list[int], path: str) -> dict[int, list[Span]]:
    """The lines of the given pages (1-based) of an open pypdfium2 document, read by OCR."""
    out: dict[int, list[Span]] = {}
    with _counting(path, len(numbers), out):
        for done, number in enumerate(numbers, start=1):
            page = pdf[number - 1]
            try:
                bitmap = page.render(scale=RENDER_DPI / 72, rev_byteorder=True, may_draw_forms=True)
                image = bitmap.to_numpy()
            finally:
                page.close()
            out[number] = page_lines(_without_seals(image), RENDER_DPI, number, path)
            _progress(path, done, len(numbers))
    return out


@contextlib.contextmanager
def _counting(path: str, pages: int, done: dict):
    """A timeout while reading pages by OCR says how far it got (a long scan needs a longer
    ``--timeout``: OCR reads a page in a few seconds)."""
    try:
        yield
    except ReadError as exc:
        if exc.reason.key != "read.timeout":
            raise
        raise ReadError(path, Text.of("read.ocr_timeout", seconds=f"{limits.LIMITS.timeout:g}", done=len(done),
                                      pages=pages)) from None


def document(path: str, spans: list[Span], pages: int, fmt: str) -> Document:
    """The document of OCR'd lines; a scan with no text at all is refused."""
    if not any(s.text.strip() for s in spans):
        raise ReadError(path, Text.of("read.ocr_no_text", pages=pages))
    return Document(path, list[Span | Table](spans), {"format": fmt, "ocr": meta(pages)})


def meta(pages: int) -> dict:
    """What the JSON says about how a document was OCR'd."""
    from importlib.metadata import version

    return {"engine": f"{ENGINE} {version(ENGINE)}", "pages": pages, "dpi": RENDER_DPI}


def _progress(path: str, done: int, total: int) -> None:
    if on_page is not None:
        on_page(path, done, total)


def _image_pages(path: Path) -> Iterator[tuple[object, float]]:
    """Each frame of an image file as an RGB array, with its resolution (dpi; guessed from
    an A4 page width when the file does not say)."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = None  # checked below, from the header, before anything is decoded
    try:
        with Image.open(path) as img:
            if img.width * img.height > MAX_PIXELS:
                raise ReadError(str(path), Text.of("read.image_too_large", width=img.width, height=img.height,
                                                   limit=MAX_PIXELS))
            frames = getattr(img, "n_frames", 1)
            if frames > limits.LIMITS.max_pages:
                raise ReadError(str(path), Text.of("read.image_too_many_pages", pages=frames,
                                                   limit=limits.LIMITS.max_pages))
            for frame in ImageSequence.Iterator(img):
                rgb = frame.convert("RGB")
                dpi = _dpi(frame.info.get("dpi"), rgb.width)
                yield _without_seals(_rgb_array(rgb)), dpi
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise ReadError(str(path), Text.of("read.image_unreadable", detail=str(exc) or type(exc).__name__)) from None


def _dpi(stated, width: int) -> float:
    try:
        dpi = float(stated[0]) if stated else 0.0
    except (TypeError, ValueError, IndexError):
        dpi = 0.0
    return dpi if 50 <= dpi <= 1200 else max(width / 8.27, 1.0)  # A4 is 8.27 inches wide


def _rgb_array(img):
    import numpy as np

    return np.asarray(img)


def _without_seals(image):
    """The page in grey with coloured ink taken out: a red seal stamped over the table (every
    official report carries one), a blue signature — print is black or grey, and strongly
    coloured pixels are paper."""
    import numpy as np

    if image.ndim == 2:
        return np.stack([image] * 3, axis=-1)
    rgb = image[:, :, :3].astype("int16")
    gray = rgb.mean(axis=2)
    colour = rgb.max(axis=2) - rgb.min(axis=2) > 60
    gray[colour] = 255
    gray = gray.astype("uint8")
    return np.stack([gray] * 3, axis=-1)


# ---------------------------------------------------------------------------- one page

@functools.cache
def _engine():
    from rapidocr import RapidOCR

    return RapidOCR(params={"Global.log_level": "critical", "Global.max_side_len": MAX_SIDE,
                            "Global.min_side_len": 30})


def page_lines(image, dpi: float, number: int, path: str) -> list[Span]:
    """The text lines of one page image, top to bottom, as spans with character boxes in
    points (y upwards) and confidences."""
    image, dpi = _sized(image, dpi)
    image, result = _upright(image, path)
    if result.txts is None:
        return []
    segments = [_segment(t, s, q, w) for t, s, q, w in
                zip(result.txts, result.scores, result.boxes, result.word_results or [None] * len(result.txts),
                    strict=True)]
    ink = _ink(image[:, :, 0])
    segments = [_split_run(seg, image, ink, path) for seg in segments]
    segments += unread_marks(image, result.boxes, segments)
    height, width = image.shape[:2]
    angle = skew([q for q in result.boxes])
    if angle:
        segments = [_rotated(s, -angle, width / 2, height / 2) for s in segments]
    scale = 72 / dpi
    grouped = [_stray_marks(row) for row in rows(segments, _rules(image, -angle))]
    return [_span(row, height, scale, number, line, path) for line, row in enumerate(grouped, start=1)]


def _ink(gray):
    """What is printed (255) against the paper around it (a shadow or a grey page is paper;
    light grey rules are print): clearly darker than the local background, specks removed."""
    import cv2

    smooth = cv2.medianBlur(gray, 3)
    return cv2.adaptiveThreshold(smooth, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 41, 25)


def _rules(image, angle: float) -> tuple[list[float], float, float]:
    """The horizontal rules of the page's ruled table (y of each, top to bottom, in the
    deskewed frame) and the table's left and right edges; none where there is no table."""
    import cv2

    gray = image.mean(axis=2).astype("uint8") if image.ndim == 3 else image
    ink = _ink(gray)
    width = image.shape[1]
    # short pieces of line (a rule turned by a degree or two is straight over a short run)
    lines = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (width // 40, 1)))
    count, _, stats, _ = cv2.connectedComponentsWithStats((lines > 0).astype("uint8"), connectivity=8)
    ys, lefts, rights = [], [], []
    cx, cy = width / 2, image.shape[0] / 2
    for x, y, w, h, _ in stats[1:count]:
        if w < width / 3 or h > w * 0.05 + 8:
            continue
        mid_x, mid_y = x + w / 2, y + h / 2  # the rule's middle, turned like the text
        ys.append(cy + (mid_x - cx) * math.sin(angle) + (mid_y - cy) * math.cos(angle))
        lefts.append(float(x))
        rights.append(float(x + w))
    if len(ys) < 3:
        return [], 0.0, 0.0
    return sorted(ys), min(lefts), max(rights)


UNREAD = "\ufffd"  # a mark printed where OCR read nothing: a cell that cannot be read


def unread_marks(image, quads, segments: list[Segment]) -> list[Segment]:
    """Marks the size of a digit printed among the numbers of a row that OCR did not
    recognise (a faint or broken digit at a low resolution): each becomes an unreadable
    character, so that its cell is reported unread rather than read as blank. Table rules,
    specks, seals and everything outside the value area of a row are left alone."""
    import cv2
    import numpy as np

    numeric = [g for g in segments if _numeric(g.text)]
    if len(numeric) < 2:
        return []
    gray = image.mean(axis=2).astype("uint8") if image.ndim == 3 else image
    ink = _ink(gray)
    h = statistics.median(g.bottom - g.top for g in numeric)
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
        row = [g for g in numeric if abs((g.top + g.bottom) / 2 - mid) <= TIGHT * h]
        if len(row) >= 2 and min(g.left for g in row) - 2 * h < x:
            out.append(Segment(UNREAD, [(float(x), float(y), float(x + w), float(y + hh))], [0.0]))
    return out


def _numeric(text: str) -> bool:
    body = text.strip().replace(".", "", 1)
    return bool(body) and body.isdigit()


def _recognised(image, path: str, **options):
    """What OCR reads on a page image; a failure of the engine is a clear reason, and a
    timeout that falls inside it stays a timeout."""
    try:
        # every switch given each time: the engine keeps the last call's
        return _engine()(image, **{"use_det": True, "use_cls": True, "use_rec": True, "return_word_box": True,
                                   "return_single_char_box": True, **options})
    except ReadError:
        raise
    except Exception as exc:  # the engine wraps what interrupts it (the --timeout alarm)
        if "gave up after" in str(exc):
            raise ReadError(path, Text.of("read.timeout", seconds=f"{limits.LIMITS.timeout:g}")) from None
        raise ReadError(path, Text.of("read.ocr_failed", detail=type(exc).__name__)) from None


def _upright(image, path: str):
    """The page turned upright and what OCR read on it: on a page scanned sideways most text
    lines stand on end; both quarter turns are read at a small size and the one that reads
    more text, more surely, is read in full (locations on such a page are in its upright
    frame)."""
    import cv2
    import numpy as np

    result = _recognised(image, path)
    if not _sideways(result):
        return image, result
    factor = PROBE_SIDE / max(image.shape[:2])
    small = cv2.resize(image, (round(image.shape[1] * factor), round(image.shape[0] * factor)),
                       interpolation=cv2.INTER_AREA)
    turns = max((1, 3), key=lambda k: _weight(_recognised(np.ascontiguousarray(np.rot90(small, k)), path)))
    turned = np.ascontiguousarray(np.rot90(image, turns))
    return turned, _recognised(turned, path)


def _weight(result) -> float:
    """How much text OCR read, and how surely."""
    return sum(len(t) * s for t, s in zip(result.txts or (), result.scores or (), strict=True))


def _sideways(result) -> bool:
    """Whether most text lines of three characters or more stand on end (OCR reads them
    all the same, but rows and columns would be read crosswise)."""
    if result.txts is None:
        return False
    long = [q for t, q in zip(result.txts, result.boxes, strict=True) if len(t.strip()) >= 3]
    tall = sum(math.dist(q[0], q[3]) > math.dist(q[0], q[1]) for q in long)
    return tall > len(long) / 2


def _sized(image, dpi: float):
    """The image scaled so that its longer side lies between MIN_SIDE and MAX_SIDE."""
    long = max(image.shape[:2])
    factor = MAX_SIDE / long if long > MAX_SIDE else (MIN_SIDE / long if long < MIN_SIDE else 1.0)
    if factor == 1.0:
        return image, dpi
    import cv2

    size = (round(image.shape[1] * factor), round(image.shape[0] * factor))
    method = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
    return cv2.resize(image, size, interpolation=method), dpi * factor


_DASHES = frozenset({"一", "一一", "_", "__", "－", "-", "--", "—", "——", "–", "~"})
_SPECK = re.compile(r"(?<=\d)[.,，。、·'`]$")  # a speck after a lone number read as a stop


def _segment(text: str, score: float, quad, words) -> Segment:
    """A recognised line's characters with their boxes: the recogniser's own character
    boxes where they spell the text, else the line's box shared out by character width.
    A stop after a lone number ("0.") is a speck, not a numbering mark: dropped. A text line
    that is only a dash (read as 一, _ or －) is the dash "—" of an empty cell."""
    if text.strip() in _DASHES:  # a cell's lone dash, which OCR reads as 一 or _
        text = "—"
        words = None
    elif text.strip()[:-1].isdigit() and _SPECK.search(text.strip()):
        text = text.strip()[:-1]
        words = [w for w in (words or ())][:len(text)] if words else words
    chars = [(str(w[0]).replace(" ", ""), float(w[1]), w[2]) for w in (words or ())]
    letters = "".join(c for c in text if not c.isspace())
    if chars and "".join(c[0] for c in chars) == letters:
        placed = [(box, score_) for word, score_, quad_ in chars for _, box in _spread(word, quad_)]
        return _with_spaces(text, placed)
    xs = [p[0] for p in quad]
    ys = [p[1] for p in quad]
    box = (min(xs), min(ys), max(xs), max(ys))
    return _shared(text, box, float(score))


def _spread(word: str, quad) -> list[tuple[str, tuple[float, float, float, float]]]:
    """A recognised word's box shared out between its characters."""
    xs = [p[0] for p in quad]
    ys = [p[1] for p in quad]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    step = (x1 - x0) / max(len(word), 1)
    return [(ch, (x0 + i * step, y0, x0 + (i + 1) * step, y1)) for i, ch in enumerate(word)]


def _with_spaces(text: str, placed: list[tuple[tuple[float, float, float, float], float]]) -> Segment:
    """The segment of ``text`` whose non-space characters have the ``placed`` boxes; a space
    spans the gap between its neighbours."""
    boxes: list[tuple[float, float, float, float]] = []
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


def _shared(text: str, box: tuple[float, float, float, float], score: float) -> Segment:
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


def _rotated(seg: Segment, angle: float, cx: float, cy: float) -> Segment:
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
        middle = (seg.top + seg.bottom) / 2
        if ys and ys[0] < middle < ys[-1] and left - 5 <= seg.left <= right:
            bands.setdefault(bisect.bisect(ys, middle), []).append(seg)
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


def _stray_marks(row: list[Segment]) -> list[Segment]:
    """A row with a short text among its numbers (a cell's dash read as 二, a smudge read as a
    character): that text is no label but a cell OCR could not read — an unreadable mark."""
    numeric = [i for i, s in enumerate(row) if _numeric(s.text)]
    if len(numeric) < 2:
        return row
    out = list(row)
    for i in range(numeric[0] + 1, numeric[-1]):
        seg = row[i]
        if not _numeric(seg.text) and seg.text != "—" and len(seg.text.strip()) <= 2:
            out[i] = Segment(UNREAD, [(seg.left, seg.top, seg.right, seg.bottom)], [0.0])
    return out


_RUN = re.compile(r"\d{2,}")
_DIGIT_LOOKS = str.maketrans("OoIl|", "00111")


def _split_run(seg: Segment, image, ink, path: str) -> Segment:
    """Digits read together though printed apart ("16 1 16" in a small font, read "16116"):
    where the print shows gaps inside the run, each stretch of print is read again on its own;
    the run is split only when those reads spell exactly the run's digits (two reads agree),
    else it stays as read."""
    pieces: list[tuple[int, int, list[tuple[str, float, tuple[float, float, float, float]]]]] = []
    for m in _RUN.finditer(seg.text):
        a, b = m.span()
        left, right = seg.boxes[a][0], seg.boxes[b - 1][2]
        pad = (right - left) / (b - a) / 2
        blobs = [blob for blob in _blobs(ink, left - pad, right + pad, seg.top, seg.bottom)
                 if left <= (blob[0] + blob[2]) / 2 <= right]  # not a neighbouring character
        if len(blobs) < 2:
            continue
        again = [_read_again(image, box, path) for box in blobs]
        if "".join(t for t, _ in again) == m.group() and all(t.isdigit() for t, _ in again):
            pieces.append((a, b, [(t, sc, box) for (t, sc), box in zip(again, blobs, strict=True)]))
    if not pieces:
        return seg
    text, boxes, conf, pos = "", [], [], 0
    for a, b, reads in pieces:
        text += seg.text[pos:a]
        boxes += seg.boxes[pos:a]
        conf += seg.conf[pos:a]
        sure = min(seg.conf[a:b])
        for k, (digits, score, (x0, y0, x1, y1)) in enumerate(reads):
            if k:
                text += " "
                boxes.append((boxes[-1][2], y0, x0, y1))
                conf.append(1.0)
            step = (x1 - x0) / len(digits)
            text += digits
            boxes += [(x0 + i * step, y0, x0 + (i + 1) * step, y1) for i in range(len(digits))]
            conf += [min(sure, score)] * len(digits)
        pos = b
    return Segment(text + seg.text[pos:], boxes + seg.boxes[pos:], conf + seg.conf[pos:])


def _blobs(ink, x0: float, x1: float, top: float, bottom: float) -> list[tuple[float, float, float, float]]:
    """The stretches of print between ``x0`` and ``x1`` set apart by blank columns wider
    than two fifths of the print's height (a space; digits of one number stand closer)."""
    xa, xb, ya, yb = max(0, int(x0)), int(x1) + 1, max(0, int(top)), int(bottom) + 1
    region = ink[ya:yb, xa:xb] > 0
    rows = region.any(axis=1).nonzero()[0]
    if len(rows) == 0:
        return []
    height = float(rows[-1] - rows[0] + 1)  # the print's own height
    used = region.any(axis=0)
    out, start, blank = [], None, 0
    for x, on in enumerate(used.tolist() + [False] * int(height)):
        if on:
            start = x if start is None else start
            blank = 0
        elif start is not None:
            blank += 1
            if blank >= 0.4 * height:
                end = x - blank + 1
                if end - start >= height / 10:
                    out.append((float(xa + start), float(ya), float(xa + end), float(yb)))
                start, blank = None, 0
    return out


def _read_again(image, box: tuple[float, float, float, float], path: str) -> tuple[str, float]:
    """One stretch of print read on its own (recognition only), with its confidence."""
    import numpy as np

    x0, y0, x1, y1 = box
    margin = (y1 - y0) / 4
    crop = np.ascontiguousarray(image[max(0, int(y0 - margin)):int(y1 + margin),
                                      max(0, int(x0 - margin)):int(x1 + margin)])
    try:
        found = _recognised(crop, path, use_det=False, use_cls=False, return_word_box=False,
                            return_single_char_box=False)
    except ReadError as exc:
        if exc.reason.key == "read.ocr_failed":
            return "", 0.0  # a failed second read leaves the first reading as it was
        raise
    # alone, a 0 may come back as the letter O and a 1 as l: the run's digits decide
    text = "".join(found.txts or ()).strip().translate(_DIGIT_LOOKS)
    return text, float(min(found.scores)) if found.scores else 0.0


def _several_rows(band: list[Segment]) -> bool:
    """Whether a band holds two numbers in one column, one above the other: several rows."""
    numbers = sorted((s for s in band if _numeric(s.text)), key=lambda s: s.top)
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
    for seg in sorted(segments, key=lambda s: (s.top + s.bottom) / 2):
        top, bottom = seg.top, seg.bottom
        middle = (top + bottom) / 2
        best, best_gap = None, math.inf
        for row_top, row_bottom, members in out[-6:]:
            gap = abs(middle - (row_top + row_bottom) / 2)
            if gap <= TIGHT * min(bottom - top, row_bottom - row_top) and gap < best_gap:
                best, best_gap = members, gap
        if best is None:
            out.append((top, bottom, [seg]))
        else:
            best.append(seg)
    return [sorted(members, key=lambda s: s.left) for _, _, members in out]


def _span(row: list[Segment], height: float, scale: float, page: int, line: int, path: str) -> Span:
    text = ""
    boxes: list[tuple[float, float, float, float]] = []
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
