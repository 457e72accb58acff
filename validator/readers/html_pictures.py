"""Pictures in an HTML page: a report whose tables were published as images (a screenshot of
the spreadsheet, a scan) is read by OCR where each picture stands.

gkcheck downloads nothing: a picture is read when the page carries it (a ``data:`` URI) or
when it lies beside the page on disk (a page saved "complete", ``report_files/image001.png``:
a relative address). Pictures on a server (``http://…``, ``/uploads/…``) are not fetched.
With ``--ocr auto`` only pictures large enough to hold a table are read (a logo, an icon, a
banner is not); ``--ocr always`` reads every one the page carries.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from validator.model.document import Location, Span, Table
from validator.model.errors import ReadError
from validator.readers import limits

MIN_WIDTH = 400  # pixels: a narrower picture (a logo, an icon, a seal) holds no table
MIN_HEIGHT = 120  # pixels: a lower one (a banner, a rule) neither
CSS_POINTS = 0.75  # points in a CSS pixel


@dataclass(slots=True)
class Picture:
    """An ``<img>`` of the page: where it stands among the blocks, its address and its source
    line; the width the page shows it at (CSS pixels), when it says."""

    at: int
    src: str
    line: int | None
    width: float | None


def picture(at: int, el) -> Picture:
    """The picture an ``<img>`` element shows, standing before block ``at``."""
    try:
        width = float(str(el.get("width") or "").strip().removesuffix("px")) or None
    except ValueError:
        width = None
    return Picture(at, (el.get("src") or "").strip(), el.sourceline, width)


def read_pictures(path: Path, blocks: list[Span | Table], found: list[Picture], meta: dict,
                  archive: dict[str, bytes] | None = None) -> None:
    """OCR the pictures the page carries (or its ``archive``: a saved page's resources by
    address) and put their lines where each stands; where OCR is off or not installed,
    count those that could hold a table (a missing table's finding says the table may be
    in one of them)."""
    from validator.readers import ocr

    carried = [(p, data) for p in found if (data := _bytes(p.src, path, archive)) is not None]
    if not carried:
        return
    if limits.LIMITS.ocr == "never" or not ocr.available():
        if wide := [p for p, _ in carried if p.width is None or p.width >= MIN_WIDTH]:
            meta["unread_pictures"] = ocr.left_unread(len(wide))
        return
    chosen = [(p, data) for p, data in carried if limits.LIMITS.ocr == "always" or _table_sized(data)]
    chosen = chosen[:limits.LIMITS.max_pages]
    if not chosen:
        return
    shown = [(data, p.width * CSS_POINTS if p.width else None) for p, data in chosen]
    lines = ocr.pictures(str(path), shown)
    for (p, _), spans in sorted(zip(chosen, lines, strict=True), key=lambda c: -c[0][0].at):
        blocks[p.at:p.at] = [replace(s, loc=Location(str(path), line=p.line, bbox=s.loc.bbox)) for s in spans]
    meta["ocr"] = {**ocr.meta(len(chosen)), "pictures": [p.line for p, _ in chosen]}


def _table_sized(data: bytes) -> bool:
    """Whether a picture is large enough to hold a table (its header says; nothing decoded)."""
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            return img.width >= MIN_WIDTH and img.height >= MIN_HEIGHT
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return False


def _bytes(src: str, page: Path, archive: dict[str, bytes] | None = None) -> bytes | None:
    """The picture's bytes where the page carries them: a ``data:`` URI, a resource of the
    saved page's ``archive``, or a file at a relative address beside the page; None for a
    picture on a server or one not there."""
    if src.startswith("data:"):
        head, _, body = src.partition(",")
        if not head.startswith("data:image/") or ";base64" not in head:
            return None
        try:
            return base64.b64decode(body, validate=False)
        except (binascii.Error, ValueError):
            return None
    if archive is not None:
        return carried(archive, src)
    parts = urlsplit(src)
    if not parts.path or parts.scheme or parts.netloc or parts.path.startswith("/"):
        return None
    file = page.parent / unquote(parts.path)
    try:
        if not file.is_file():
            return None
        limits.check_size(file)
        return file.read_bytes()
    except (OSError, ReadError):
        return None


def addresses(location: str) -> list[str]:
    """The addresses a page may use for a resource saved at ``location``: the whole of it and
    its path's last one, two and three parts ("image001.png", "report.files/image001.png")."""
    path = unquote(urlsplit(location).path.replace("\\", "/"))
    parts = [p for p in path.split("/") if p]
    return [location, *("/".join(parts[-n:]) for n in (1, 2, 3) if len(parts) >= n)]


def carried(archive: dict[str, bytes], src: str) -> bytes | None:
    """The archive's resource an ``<img src>`` names (by its whole address or its path's end)."""
    for address in addresses(src):
        if address in archive:
            return archive[address]
    return None
