"""PDF reports: the text layer read with pypdfium2, line by line, with character boxes.

Tables come out as lines of labels and numbers (as in text reports); page furniture such as
"- 3 -" is dropped, so a table crossing a page break reads as one. A PDF without a usable
text layer (a scan, or glyphs that map to no characters) is refused with a clear reason
rather than read as empty — or read by OCR (``readers/ocr.py``, the ``ocr`` extra; ``--ocr``):
a PDF without a text layer, every page; one with a text layer, its pages that are only a
picture (a table pasted in as a scan).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from validator.messages import Text
from validator.model.document import Document, Location, Span
from validator.model.errors import ReadError
from validator.readers import limits
from validator.readers.limits import check_size
from validator.readers.text import PAGE_NUMBER, is_noise

MIN_CHARS_PER_PAGE = 20
MAX_BAD_GLYPHS = 0.2


def read(path: Path) -> Document:
    check_size(path)
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        reason = str(exc).lower()
        if "password" in reason:
            raise ReadError(str(path), Text.of("read.pdf_encrypted")) from None
        raise ReadError(str(path), Text.of("read.pdf_unreadable", detail=str(exc))) from None
    try:
        if len(pdf) > limits.LIMITS.max_pages:
            raise ReadError(str(path), Text.of("read.pdf_too_many_pages", pages=len(pdf),
                                                    limit=limits.LIMITS.max_pages))
        if limits.LIMITS.ocr == "always":
            return _scanned(pdf, list(range(1, len(pdf) + 1)), str(path), "read.ocr_asked")
        pages = _text_layer(pdf, str(path))
        unusable = _unusable([s for spans, _, _ in pages for s in spans], sum(p[1] for p in pages), len(pages))
        if unusable is not None:
            if unusable == "read.pdf_scanned" and not any(picture for _, _, picture in pages):
                raise ReadError(str(path), Text.of(unusable))  # no text and no picture: nothing to OCR
            if limits.LIMITS.ocr == "never":
                raise ReadError(str(path), Text.of("read.ocr_off", found=Text.of(unusable)))
            return _scanned(pdf, list(range(1, len(pdf) + 1)), str(path), unusable)
        return _with_scanned_pages(pdf, pages, str(path))
    finally:
        pdf.close()


def _text_layer(pdf, path: str) -> list[tuple[list[Span], int, bool]]:
    """Each page's lines, its count of characters, and whether it is a picture without text
    (an image and fewer than ``MIN_CHARS_PER_PAGE`` characters: a scanned page)."""
    import pypdfium2 as pdfium

    pages, heights = [], []
    for number in range(len(pdf)):
        try:
            page = pdf[number]  # (loaded once: _page closes it)
            heights.append(page.get_height())
            pages.append(_page(page, number + 1, path))
        except pdfium.PdfiumError as exc:
            raise ReadError(path, Text.of("read.pdf_damaged_page", page=number + 1, detail=str(exc))) from None
    return _without_running_lines(pages, heights)


MARGIN = 0.1  # of the page's height: where running headers and footers stand (top or bottom)


def _without_running_lines(pages: list, heights: list[float]) -> list:
    """The pages without their running header and footer: the lines in the page's top or
    bottom tenth — a line, or a few on one level that a field broke apart ("— " and "2 —") —
    level by level from the page's edge, while each reads as a page number ("3", Word's
    default footer; "— 3 —", "第 3 页 共 9 页") counting on with the other pages', or as the
    same text on several pages (a date or document number over every page:
    "发布日期：2024-01-20", "示环〔2024〕3号"), as far as a level that stands apart from the
    page's next line (by twice its height)."""
    found = [(i, zone, levels) for i, (spans, _, _) in enumerate(pages) for zone in ("bottom", "top")
             if (levels := _levels(spans, heights[i], zone))]
    furniture = _furniture(pages, found)
    drop: set[tuple[int, int]] = set()
    for i, zone, levels in found:
        spans, depth = pages[i][0], -1
        for k, level in enumerate(levels):
            if (i, zone, k) not in furniture:
                break
            beyond = min(level) - 1 if zone == "bottom" else max(level) + 1
            near = spans[beyond] if 0 <= beyond < len(spans) else None
            if all(_apart(spans[j], near, heights[i], zone) for j in level):
                depth = k
        drop |= {(i, j) for level in levels[:depth + 1] for j in level}
    return [([s for j, s in enumerate(spans) if (i, j) not in drop], chars, picture)
            for i, (spans, chars, picture) in enumerate(pages)]


def _furniture(pages: list, found: list) -> set[tuple[int, str, int]]:
    """The (page, zone, level) of ``found`` that read as a page number counting on with the
    other pages' (or the only one), or as the same text on several pages."""
    numbers: dict[tuple[int, str, int], int] = {}  # -> number - page
    texts: dict[tuple[int, str, int], tuple[str, str]] = {}
    for i, zone, levels in found:
        for k, level in enumerate(levels):
            text = " ".join(pages[i][0][j].text.strip() for j in level)
            number = _page_number(text)
            if number is not None:
                numbers[(i, zone, k)] = number - (i + 1)
            else:
                texts[(i, zone, k)] = (zone, re.sub(r"\s+", "", text))
    usual = Counter(numbers.values()).most_common(1)[0][0] if numbers else None
    alone = len({i for i, _, _ in numbers}) == 1
    pages_of: dict[tuple[str, str], set[int]] = {}
    for (i, _, _), key in texts.items():
        pages_of.setdefault(key, set()).add(i)
    return ({place for place, offset in numbers.items() if offset == usual or alone}
            | {place for place, key in texts.items() if len(pages_of[key]) > 1})


BAND_LINES = 6  # lines of one level of a running header or footer ("第", "2 页 共", "3", "页")
BAND_LEVELS = 2  # levels of it (a page number under a date)


def _levels(spans: list[Span], height: float, zone: str) -> list[list[int]]:
    """The indexes of the page's last (or first) lines that stand in its bottom (top) tenth,
    grouped by level from the page's edge (up to ``BAND_LEVELS`` of ``BAND_LINES``)."""
    order = range(len(spans) - 1, -1, -1) if zone == "bottom" else range(len(spans))
    levels: list[list[int]] = []
    for j in order:
        if not _in_margin(spans[j], height, zone):
            break
        if levels and _level(spans[j], spans[levels[-1][0]]) and len(levels[-1]) < BAND_LINES:
            levels[-1].append(j)
        elif len(levels) < BAND_LEVELS:
            levels.append([j])
        else:
            break
    return [sorted(level) for level in levels]


def _in_margin(span: Span, height: float, zone: str) -> bool:
    """Whether ``span`` stands in the page's top or bottom tenth (``zone``)."""
    if not span.boxes or height <= 0:
        return False
    low, high = _heights(span)
    return high < MARGIN * height if zone == "bottom" else low > (1 - MARGIN) * height


def _level(a: Span, b: Span) -> bool:
    """Whether two lines stand on one level: their heights overlap, or their middles are
    within half the taller's height (a dash's box is a hairline)."""
    (a_low, a_high), (b_low, b_high) = _heights(a), _heights(b)
    return min(a_high, b_high) > max(a_low, b_low) or \
        abs((a_low + a_high) - (b_low + b_high)) / 2 <= max(a_high - a_low, b_high - b_low) / 2


def _heights(span: Span) -> tuple[float, float]:
    boxes = span.boxes or [(0.0, 0.0, 0.0, 0.0)]
    return min(b[1] for b in boxes), max(b[3] for b in boxes)


def _page_number(text: str) -> int | None:
    """The page number a header or footer line is: "3", "— 3 —", "第 3 页 共 9 页", "3 / 9"."""
    if text.isascii() and text.isdigit() and len(text) <= 4:
        return int(text)
    if PAGE_NUMBER.match(text):
        return int(re.search(r"\d+", text).group())  # type: ignore[union-attr]
    return None


def _apart(span: Span, near: Span | None, height: float, zone: str) -> bool:
    """Whether ``span`` stands in the page's top or bottom tenth (``zone``), further from the
    ``near`` line than twice its own height."""
    if not _in_margin(span, height, zone):
        return False
    if near is None or not near.boxes:
        return True
    (low, high), (other_low, other_high) = _heights(span), _heights(near)
    gap = other_low - high if zone == "bottom" else low - other_high
    return gap > 2 * (high - low)


def _scanned(pdf, numbers: list[int], path: str, reason: str) -> Document:
    """Every page read by OCR (``reason``: why, for the refusal when OCR is not installed)."""
    from validator.readers import ocr

    ocr.require(path, reason)
    lines = ocr.read_pages(pdf, numbers, path)
    return ocr.document(path, [s for n in numbers for s in lines[n]], len(numbers), "pdf")


def _with_scanned_pages(pdf, pages: list[tuple[list[Span], int, bool]], path: str) -> Document:
    """The text layer, with its scanned pages (a table printed as a picture) read by OCR
    when OCR is installed and not turned off."""
    from validator.readers import ocr

    scanned = [n for n, (_, _, picture) in enumerate(pages, start=1) if picture]
    meta: dict = {"format": "pdf"}
    if scanned and limits.LIMITS.ocr == "auto" and ocr.available():
        lines = ocr.read_pages(pdf, scanned, path)
        pages = [(lines[n], 0, True) if n in lines else p for n, p in enumerate(pages, start=1)]
        meta["ocr"] = {**ocr.meta(len(scanned)), "page_numbers": scanned}
    elif scanned:  # for a missing table's finding to mention
        meta["unread_pictures"] = ocr.left_unread(len(scanned))
    return Document(path, [s for spans, _, _ in pages for s in spans], meta)


def _page(page, number: int, path: str) -> tuple[list[Span], int, bool]:
    if page.get_rotation() and _runs_right(page):
        # upright text on a page turned for display (sideways, upside down): read it upright
        # (pdfium would order its pieces as the turned page shows them); the file is untouched
        page.set_rotation(0)
    tp = page.get_textpage()
    count = tp.count_chars()
    text = tp.get_text_range(0, count) if count else ""
    boxes = _char_boxes(tp, count) if len(text) == count else None
    if boxes:
        text, boxes = _without_marks(text, boxes)
    spans: list[Span] = []
    start = 0
    for line_no, line in enumerate(text.replace("\r\n", "\n\r").split("\n"), start=1):
        raw = line.replace("\r", "")
        lead = len(line) - len(raw)  # the "\r" we moved after the "\n"
        a = start + lead
        start += len(line) + 1
        if not raw.strip() or is_noise(raw):
            continue
        span_boxes = boxes[a:a + len(raw)] if boxes else None
        spans.append(Span(raw, Location(path, page=number, line=line_no), None, span_boxes))
    tp.close()
    chars = sum(1 for ch in text if not ch.isspace())
    picture = chars < MIN_CHARS_PER_PAGE and _has_image(page)
    page.close()
    return spans, chars, picture


def _char_boxes(tp, count: int) -> list[tuple[float, float, float, float]]:
    """Every character's box (left, bottom, right, top), as ``PdfTextPage.get_charbox`` gives
    it, through pdfium's own call with four numbers made once (the helper makes four per
    character: a third of reading a page)."""
    from ctypes import c_double

    import pypdfium2.raw as pdfium_c

    get, raw = pdfium_c.FPDFText_GetCharBox, tp.raw
    left, right, bottom, top = c_double(), c_double(), c_double(), c_double()
    out = []
    for i in range(count):
        if not get(raw, i, left, right, bottom, top):
            tp.get_charbox(i)  # raises the helper's error
        out.append((left.value, bottom.value, right.value, top.value))
    return out


def _without_marks(text: str, boxes: list) -> tuple[str, list]:
    """The page's text without the footnote marks raised after a number ("83" and a
    superscript "1": the text layer says 831, or 83 and the 1 on a line of its own): digits
    right after a digit (line breaks between aside) and close to its right, their foot raised by
    more than a third of its height, no taller than it."""
    drop: list[int] = []
    base = None  # the box of the number's last digit on the line
    breaks: list[int] = []  # line breaks since it (pdfium may break the line before a raised mark)
    for i, ch in enumerate(text):
        if ch in "\r\n" and base is not None:
            breaks.append(i)
            continue
        if not ch.isdigit():
            base, breaks = None, []
            continue
        box = boxes[i]
        if base is not None and _raised(box, base):
            drop.extend(breaks)
            drop.append(i)
            breaks = []
            continue
        if breaks:  # a digit on the next line: a number of its own
            base, breaks = box, []
            continue
        if not drop or drop[-1] != i - 1:
            base = box
    if not drop:
        return text, boxes
    gone = set(drop)
    return "".join(ch for i, ch in enumerate(text) if i not in gone), [b for i, b in enumerate(boxes) if i not in gone]


def _raised(box, base) -> bool:
    """Whether ``box`` (left, bottom, right, top) is a mark raised after the digit ``base``
    on an upright line (on a turned one the next digit stands above, not to the right)."""
    height = base[3] - base[1]
    return base[2] - 0.5 <= box[0] < base[2] + height and box[1] - base[1] > RAISED * height \
        and box[3] - box[1] <= height + 0.1


RAISED = 1 / 3  # of a digit's height: a digit whose foot stands this much higher is a mark


def _runs_right(page, sample: int = 400) -> bool:
    """Whether most neighbouring characters of the page's text follow each other to the
    right in the page's own coordinates (its text is upright there)."""
    tp = page.get_textpage()
    try:
        count = min(tp.count_chars(), sample)
        text = tp.get_text_range(0, count) if count else ""
        if len(text) != count:
            return False
        centres = [((b[0] + b[2]) / 2, (b[1] + b[3]) / 2) for b in map(tp.get_charbox, range(count))]
    finally:
        tp.close()
    right = other = 0
    for i in range(count - 1):
        if text[i].isspace() or text[i + 1].isspace():
            continue
        dx, dy = centres[i + 1][0] - centres[i][0], centres[i + 1][1] - centres[i][1]
        if dx > abs(dy):
            right += 1
        else:
            other += 1
    return right > other


def _has_image(page) -> bool:
    import pypdfium2.raw as raw

    return next(iter(page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=4)), None) is not None


def _unusable(blocks: list[Span], chars: int, pages: int) -> str | None:
    """Why the text layer cannot be read (a message key), or None."""
    if chars < MIN_CHARS_PER_PAGE * pages:
        return "read.pdf_scanned"
    bad = sum(1 for s in blocks for ch in s.text
              if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff" or (ord(ch) < 32 and ch != "\t"))
    return "read.pdf_unmapped" if bad > MAX_BAD_GLYPHS * chars else None
