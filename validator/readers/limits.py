"""Input limits shared by the readers, with documented defaults (``gkcheck check --help``).

A limit that is exceeded is a clear error for that document only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from validator.messages import Text
from validator.model.errors import ReadError

MAX_RATIO = 200  # decompressed / compressed size of one archive member (zip bombs)


@dataclass
class Limits:
    """Per-document limits: file size, unpacked size, PDF pages, seconds; and when to OCR."""

    max_bytes: int = 50 * 1024 * 1024
    max_unzipped: int = 200 * 1024 * 1024
    max_pages: int = 300
    timeout: float = 60.0
    ocr: str = "auto"  # auto: pages without text only; always; never (--ocr)


LIMITS = Limits()
# called with (path, pages done, pages) as a long scan is read by OCR (the CLI draws a bar;
# here, not in the OCR reader, so that setting it costs no import)
on_page: Callable[[str, int, int], None] | None = None
EXPIRED = False  # the current document's --timeout has passed (set by the run's alarm)


def expire(expired: bool = True) -> None:
    """Record that the current document's time is up (or, False, a new document begins):
    a reader whose library wraps the alarm's exception tells a timeout by this."""
    global EXPIRED
    EXPIRED = expired


def configure(limits: Limits) -> None:
    """Set the limits for this process (the CLI, and each worker)."""
    global LIMITS
    LIMITS = limits


def check_size(path: Path) -> int:
    """The file's size; a clear error when it is over the limit."""
    size = path.stat().st_size
    if size > LIMITS.max_bytes:
        raise ReadError(str(path), Text.of("read.too_large", size=size, limit=LIMITS.max_bytes))
    return size


def zip_members(zf, path: str) -> set[str]:
    """Member names of an OOXML package, refusing zip bombs before anything is inflated."""
    total = 0
    for info in zf.infolist():
        total += info.file_size
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO \
                and info.file_size > 1024 * 1024:
            raise ReadError(path, Text.of("read.zip_bomb", member=repr(info.filename), ratio=MAX_RATIO))
    if total > LIMITS.max_unzipped:
        raise ReadError(path, Text.of("read.unzipped_too_large", size=total, limit=LIMITS.max_unzipped))
    return set(zf.namelist())


def safe_xml(data: bytes, path: str):
    """Parse XML with no network, no DTD, no entity expansion."""
    from lxml import etree

    if b"<!ENTITY" in data[:65536] or b"<!DOCTYPE" in data[:65536]:
        raise ReadError(path, Text.of("read.xml_dtd"))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True)
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ReadError(path, Text.of("read.xml_malformed", detail=exc.msg)) from None
