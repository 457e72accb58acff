"""Web pages saved as one file (.mht, .mhtml: Word's "single file web page", a browser's
"save as MHTML"): a MIME archive whose pages the HTML reader reads, in order (a frame's page
after the page that shows it); pictures saved in the archive are read by OCR where the page
shows them, as pictures beside a saved page are."""

from __future__ import annotations

from pathlib import Path

from validator.messages import Text
from validator.model.document import Document
from validator.model.errors import ReadError
from validator.readers.limits import check_size

_PAGES = ("text/html", "application/xhtml+xml")


def read(path: Path) -> Document:
    """Read a saved web archive into the document model."""
    check_size(path)
    return read_bytes(path, path.read_bytes())


def read_bytes(path: Path, data: bytes) -> Document:
    """Read a web archive's bytes (a file's, or a part of one: a Word file's altChunk)."""
    import email
    import email.policy

    from validator.readers import html
    from validator.readers.html_pictures import addresses

    message = email.message_from_bytes(data, policy=email.policy.compat32)
    parts = [p for p in message.walk() if not p.is_multipart()]
    pages = [p for p in parts if p.get_content_type() in _PAGES]
    if not pages:
        raise ReadError(str(path), Text.of("read.mhtml_no_page"))
    archive: dict[str, bytes] = {}
    for part in parts:
        location = str(part.get("Content-Location") or "")  # a Header where it is not ASCII
        content_id = str(part.get("Content-ID") or "").strip("<> ")
        if part.get_content_maintype() == "image" and (location or content_id):
            picture = part.get_payload(decode=True)
            if not isinstance(picture, bytes):
                continue
            names = addresses(location) if location else []
            for address in [*names, *([f"cid:{content_id}"] if content_id else [])]:
                archive.setdefault(address, picture)
    blocks, meta = [], {"format": "mhtml"}
    for page in pages:
        doc = html.read_text(path, _text(page, str(path)), archive)
        blocks.extend(doc.blocks)
        meta = {**doc.meta, **meta}
    return Document(str(path), blocks, meta)


def _text(part, path: str) -> str:
    """A page part decoded by its declared charset, else as an HTML file is."""
    from validator.readers import html

    data = part.get_payload(decode=True)
    return html.decode(data if isinstance(data, bytes) else b"", path, part.get_content_charset())
