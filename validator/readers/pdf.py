"""PDF reports: the text layer read with pypdfium2, line by line, with character boxes.

Tables come out as lines of labels and numbers (as in text reports); page furniture such as
"- 3 -" is dropped, so a table crossing a page break reads as one. A PDF without a usable
text layer (a scan, or glyphs that map to no characters) is refused with a clear reason
rather than read as empty.
"""

from __future__ import annotations

from pathlib import Path

from validator.messages import Text
from validator.model.document import Document, Location, Span
from validator.model.errors import ReadError
from validator.readers import limits
from validator.readers.limits import check_size
from validator.readers.text import is_noise

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
        blocks: list[Span] = []
        chars = 0
        for number in range(len(pdf)):
            try:
                page_spans, page_chars = _page(pdf[number], number + 1, str(path))
            except pdfium.PdfiumError as exc:
                raise ReadError(str(path), Text.of("read.pdf_damaged_page", page=number + 1, detail=str(exc))) from None
            blocks.extend(page_spans)
            chars += page_chars
    finally:
        pdf.close()
    _usable(blocks, chars, max(1, number + 1), str(path))
    return Document(str(path), list(blocks), {"format": "pdf"})


def _page(page, number: int, path: str) -> tuple[list[Span], int]:
    tp = page.get_textpage()
    count = tp.count_chars()
    text = tp.get_text_range(0, count) if count else ""
    boxes = [tp.get_charbox(i) for i in range(count)] if len(text) == count else None
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
    page.close()
    return spans, sum(1 for ch in text if not ch.isspace())


def _usable(blocks: list[Span], chars: int, pages: int, path: str) -> None:
    if chars < MIN_CHARS_PER_PAGE * pages:
        raise ReadError(path, Text.of("read.pdf_no_text"))
    bad = sum(1 for s in blocks for ch in s.text
              if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff" or (ord(ch) < 32 and ch != "\t"))
    if bad > MAX_BAD_GLYPHS * chars:
        raise ReadError(path, Text.of("read.pdf_unmapped"))
