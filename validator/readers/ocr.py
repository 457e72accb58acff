"""Scanned reports: page images read by OCR into the lines a PDF text layer gives.

RapidOCR (the ``ocr`` extra) runs the PP-OCR Chinese detection and recognition models shipped
inside its wheel, offline. Every recognised character comes with its box and confidence
(``scan_text``); a page scanned sideways is turned upright, coloured ink (seals) taken out.
The page's segments are laid out (``scan_layout``) as :class:`Span` lines with character
boxes (points, y upwards, as pdfium gives them) and confidences — the lines the PDF reader
makes from a text layer, so that a scanned table is read by the same positional table reading.
Whether a digit is right is not decided here: the checks verify every OCR number against the
template's identities (``checks/ocr.py``).
"""

from __future__ import annotations

import functools
import importlib.util
import math
from collections.abc import Iterator
from pathlib import Path

from validator.messages import Text
from validator.model.document import Document, Span, Table
from validator.model.errors import ReadError
from validator.readers import limits
from validator.readers.limits import check_size
from validator.readers.scan_layout import (
    printed,
    rotated,
    rows,
    ruled,
    skew,
    stray_marks,
    to_span,
    unread_marks,
    without_furniture,
)
from validator.readers.scan_runs import Print, spacing, split_run
from validator.readers.scan_text import between_rules, misread_numbers, segment

ENGINE = "rapidocr"
RENDER_DPI = 200  # a PDF page is rendered at this resolution, whatever its images hold
MAX_SIDE = 2400  # pixels: longer sides are scaled down (recognition gains nothing beyond)
PROBE_SIDE = 1000  # pixels: the size at which a sideways page's two turns are compared
FLUENT = 0.9  # mean confidence per character below which a page may be upside down
MIN_SIDE = 1200  # pixels: a smaller image is scaled up first (a 100 dpi scan of A5)
MAX_PIXELS = 60_000_000



def available() -> bool:
    """Whether the OCR extra is installed."""
    return all(importlib.util.find_spec(m) is not None for m in ("rapidocr", "onnxruntime"))


def require(path: str, reason: str) -> None:
    """Refuse, saying how to install OCR, when the extra is missing (``reason``: the message
    of what was found instead, e.g. ``read.pdf_scanned``)."""
    if not available():
        raise ReadError(path, Text.of("read.ocr_missing", found=Text.of(reason)))


def left_unread(count: int) -> dict:
    """What a missing table's finding says of ``count`` pictures or scanned pages OCR did not
    read: how many, and why (OCR turned off, or not installed)."""
    return {"count": count, "why": "off" if limits.LIMITS.ocr == "never" else "missing"}


def read(path: Path) -> Document:
    """An image file (PNG, JPEG, TIFF — every frame a page), read by OCR."""
    check_size(path)
    if limits.LIMITS.ocr == "never":
        raise ReadError(str(path), Text.of("read.ocr_off", found=Text.of("read.image_needs_ocr")))
    require(str(path), "read.image_needs_ocr")
    pages = list(_image_pages(path))
    lines = _ocr_pages(str(path), ((n, image, dpi) for n, (image, dpi) in enumerate(pages, start=1)), len(pages))
    return document(str(path), [s for n in sorted(lines) for s in lines[n]], len(pages), "image")


def read_pages(pdf, numbers: list[int], path: str) -> dict[int, list[Span]]:
    """The lines of the given pages (1-based) of an open pypdfium2 document, read by OCR."""
    return _ocr_pages(path, ((n, _rendered(pdf, n), RENDER_DPI) for n in numbers), len(numbers))


def _rendered(pdf, number: int):
    """Page ``number`` (1-based) as a grey image without coloured ink, at ``RENDER_DPI``."""
    page = pdf[number - 1]
    try:
        image = page.render(scale=RENDER_DPI / 72, rev_byteorder=True, may_draw_forms=True).to_numpy()
    finally:
        page.close()
    return _without_seals(image)


def _ocr_pages(path: str, pages: Iterator[tuple[int, object, float]], total: int) -> dict[int, list[Span]]:
    """Each page's lines (page number -> lines), the progress told as pages are done; a
    timeout says how many pages were read (a long scan needs a longer ``--timeout``)."""
    out: dict[int, list[Span]] = {}
    seen: list[float] = []  # how the document's pages space their numbers (scan_runs.spacing)
    try:
        for number, image, dpi in pages:
            out[number] = [] if image is None else page_lines(image, dpi, number, path, seen)
            _progress(path, len(out), total)
    except ReadError as exc:
        if exc.reason.key != "read.timeout":
            raise
        raise ReadError(path, Text.of("read.ocr_timeout", seconds=f"{limits.LIMITS.timeout:g}", done=len(out),
                                      pages=total)) from None
    return out


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
    if limits.on_page is not None:
        limits.on_page(path, done, total)


def _image_pages(path: Path | str, source=None) -> Iterator[tuple[object, float]]:
    """Each frame of an image file (or of ``source``, its bytes as a file object) as an RGB
    array, with its resolution (dpi; guessed from an A4 page width when the file does not
    say)."""
    import numpy as np
    from PIL import Image, ImageSequence, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = None  # checked below, from the header, before anything is decoded
    try:
        with Image.open(source or path) as img:
            if img.width * img.height > MAX_PIXELS:
                raise ReadError(str(path), Text.of("read.image_too_large", width=img.width, height=img.height,
                                                   limit=MAX_PIXELS))
            frames = getattr(img, "n_frames", 1)
            if frames > limits.LIMITS.max_pages:
                raise ReadError(str(path), Text.of("read.image_too_many_pages", pages=frames,
                                                   limit=limits.LIMITS.max_pages))
            for frame in ImageSequence.Iterator(img):
                rgb = frame.convert("RGB")
                yield _without_seals(np.asarray(rgb)), _dpi(frame.info.get("dpi"), rgb.width)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise ReadError(str(path), Text.of("read.image_unreadable", detail=str(exc) or type(exc).__name__)) from None


def pictures(path: str, found: list[tuple[bytes, float | None]]) -> list[list[Span]]:
    """The lines of each picture of a document (its bytes, and the width it is shown at in
    points when known), read by OCR in turn; a picture that cannot be decoded (a Word
    drawing, a metafile) reads as nothing."""
    import io

    def images() -> Iterator[tuple[int, object, float]]:
        for number, (data, shown) in enumerate(found, start=1):
            try:
                image, dpi = next(_image_pages(path, io.BytesIO(data)))
            except (ReadError, StopIteration):
                image, dpi = None, 0.0
            if image is not None and shown:
                dpi = image.shape[1] / (shown / 72)  # type: ignore[attr-defined]
            yield number, image, dpi

    lines = _ocr_pages(path, images(), len(found))
    return [lines.get(n, []) for n in range(1, len(found) + 1)]


def _dpi(stated, width: int) -> float:
    try:
        dpi = float(stated[0]) if stated else 0.0
    except (TypeError, ValueError, IndexError):
        dpi = 0.0
    return dpi if 50 <= dpi <= 1200 else max(width / 8.27, 1.0)  # A4 is 8.27 inches wide


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


def page_lines(image, dpi: float, number: int, path: str, seen: list[float] | None = None) -> list[Span]:
    """The text lines of one page image, top to bottom, as spans with character boxes in
    points (y upwards) and confidences. ``seen``: the spacing of numbers on the document's
    pages read before (added to)."""
    image, dpi = _sized(image, dpi)
    image, result = _upright(image, path)
    if result.txts is None:
        return []
    segments = [segment(t, s, q, w) for t, s, q, w in
                zip(result.txts, result.scores, result.boxes, result.word_results or [None] * len(result.txts),
                    strict=True)]
    gray = image[:, :, 0]  # the image is grey: its channels are equal
    ink = printed(gray)
    page = Print(ink, printed(gray, smooth=False))
    segments = [misread_numbers(piece) for seg in segments for piece in between_rules(seg)]
    apart = spacing(segments, page, seen)
    again = functools.partial(_read_again, image, path=path)
    segments = [split_run(seg, page, again, apart) for seg in segments]
    segments += unread_marks(ink, result.boxes, segments)
    height, width = image.shape[:2]
    angle = skew(result.boxes)
    if angle:
        segments = [rotated(s, -angle, width / 2, height / 2) for s in segments]
    scale = 72 / dpi
    rules = ruled(ink, -angle)
    grouped = [stray_marks(row) for row in without_furniture(rows(segments, rules), rules[0])]
    return [to_span(row, height, scale, number, line, path) for line, row in enumerate(grouped, start=1)]


def _recognised(image, path: str, **options):
    """What OCR reads on a page image; a failure of the engine is a clear reason, and a
    timeout that falls inside it stays a timeout."""
    try:
        # every switch given each time: the engine keeps the last call's
        # no turning of single text lines: a line of digits alone may look upside down to the
        # classifier (and 6 read as 9); a page is turned as a whole (:func:`_upright`)
        return _engine()(image, **{"use_det": True, "use_cls": False, "use_rec": True, "return_word_box": True,
                                   "return_single_char_box": True, **options})
    except ReadError:
        raise
    except Exception as exc:  # the engine wraps what interrupts it (the --timeout alarm)
        if limits.EXPIRED:
            raise ReadError(path, Text.of("read.timeout", seconds=f"{limits.LIMITS.timeout:g}")) from None
        raise ReadError(path, Text.of("read.ocr_failed", detail=type(exc).__name__)) from None


def _upright(image, path: str):
    """The page turned upright and what OCR read on it. On a page scanned sideways most text
    lines stand on end: both quarter turns are read at a small size and the one that reads
    more text, more surely, is read in full. A page read haltingly may be upside down: it is
    compared with its half turn the same way. (Locations on a turned page are in its upright
    frame.)"""
    import numpy as np

    result = _recognised(image, path)
    if _sideways(result):
        turns = (1, 3)
    elif _fluency(result) < FLUENT:
        turns = (0, 2)
    else:
        return image, result
    small = _small(image)
    best = max(turns, key=lambda k: _weight(_recognised(np.ascontiguousarray(np.rot90(small, k)), path)))
    if best == 0:
        return image, result
    turned = np.ascontiguousarray(np.rot90(image, best))
    return turned, _recognised(turned, path)


def _small(image):
    import cv2

    factor = PROBE_SIDE / max(image.shape[:2])
    return cv2.resize(image, (round(image.shape[1] * factor), round(image.shape[0] * factor)),
                      interpolation=cv2.INTER_AREA)


def _fluency(result) -> float:
    """Mean confidence per character read (1.0 where nothing was read: nothing to turn)."""
    chars = sum(len(t) for t in result.txts or ())
    return _weight(result) / chars if chars else 1.0


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


_DIGIT_LOOKS = str.maketrans("OoIl|", "00111")


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

