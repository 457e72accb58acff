"""Reader registry: one reader per format, imported only when that format is read."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from validator.messages import Text
from validator.model.document import Document
from validator.model.errors import ReadError

# suffix -> module under validator.readers exposing ``read(path) -> Document``
READERS = {
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".mht": "mhtml",
    ".mhtml": "mhtml",
    ".docx": "docx",
    ".rtf": "rtf",
    ".docm": "docx",
    ".doc": "doc",
    ".dot": "doc",
    ".wps": "doc",
    ".xlsx": "sheet",
    ".xlsm": "sheet",
    ".xls": "sheet",
    ".et": "sheet",
    ".csv": "sheet",
    ".pdf": "pdf",
    **{suffix: "ocr" for suffix in (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp")},
}

# first bytes of the page images the OCR reader takes
_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM")


SPREADSHEET_ML = "urn:schemas-microsoft-com:office:spreadsheet"  # Excel 2003 XML (an .xls some systems write)

_MIME_HEADER = re.compile(rb"[a-z][a-z0-9-]*:[ \t]")  # a MIME archive's first line: "from: <saved by blink>"

IMAGE_SUFFIXES = frozenset(k for k, v in READERS.items() if v == "ocr")


def supported(path: Path, images: bool = False) -> bool:
    """Whether a file found in a folder is read as a report: page images only when asked
    (a saved web page's folder holds pictures; ``--ocr always`` takes them)."""
    suffix = path.suffix.lower()
    return suffix in READERS and (images or suffix not in IMAGE_SUFFIXES)


def sniff(path: Path) -> str | None:
    """The reader the file's first bytes call for, whatever its name says (or None)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(2048)
    except OSError:
        return None
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(_IMAGES) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return "ocr"
    if head.lstrip()[:5] == b"{\\rtf":
        return "rtf"  # also what office systems save under a .doc name
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"  # an Office 97–2003 file: Word (or WPS), or a workbook the doc reader passes on
    if head.startswith(b"PK\x03\x04"):
        if b"word/" in head:
            return "docx"
        if b"xl/" in head:
            return "sheet"
        return None
    if SPREADSHEET_ML.encode() in head:
        return "sheet"  # Excel 2003 XML
    probe = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if _MIME_HEADER.match(probe) and b"multipart/related" in probe:
        return "mhtml"  # a page saved as one file (.mht), whatever its name
    if probe.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<table" in probe[:512]:
        return "html"
    if probe.startswith(b"<") and len(set(_MARKUP.findall(probe))) >= 2 and path.suffix.lower() not in _MARKDOWN:
        return "html"  # a page or fragment opening otherwise (a comment, <meta>, a long <style>)
    return None


# tags a web page opens with or soon shows (a Markdown file may hold some: read as Markdown)
_MARKUP = re.compile(rb"<(head|body|meta|title|style|script|link|base|div|p|table|span|font|center|h[1-6]"
                     rb"|form|section|article|header|nav|main|ul|ol|li|br|img|a|tr|td|!--)(?=[\s>/])")
_MARKDOWN = (".md", ".markdown")


def read(path: str | Path) -> Document:
    """Read ``path`` with the reader its content calls for, else the one for its suffix."""
    path = Path(path)
    if not path.is_file():
        raise ReadError(str(path), Text.of("read.no_such_file" if not path.exists() else "read.not_regular_file"))
    by_name = READERS.get(path.suffix.lower())
    name = sniff(path) or by_name
    if name is None:
        known = ", ".join(sorted(READERS))
        raise ReadError(str(path), Text.of("read.unsupported_type", suffix=repr(path.suffix or "(none)"), known=known))
    if name == "sheet" and by_name == "sheet" and path.suffix.lower() == ".csv":
        name = by_name
    module = importlib.import_module(f"validator.readers.{name}")
    return module.read(path)
