"""Reading an upload within the limits, into a private temporary folder removed afterwards."""

from __future__ import annotations

import re
import shutil
from collections.abc import AsyncGenerator, AsyncIterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from validator.messages import Text
from validator.web.settings import MB, Settings

_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]")


class Refused(Exception):
    """The request is refused: its HTTP status and the message (from the catalogue)."""

    def __init__(self, status: int, text: Text) -> None:
        super().__init__(text.key)
        self.status = status
        self.text = text


@dataclass
class Upload:
    """The files of one request (Starlette ``UploadFile``s, spooled privately)."""

    files: list
    previous: list

    def close(self) -> None:
        for f in (*self.files, *self.previous):
            f.file.close()


async def receive(request, settings: Settings) -> Upload:
    """The request's parts ``files`` and ``previous``; :class:`Refused` for a bad request."""
    from starlette.datastructures import UploadFile
    from starlette.formparsers import MultiPartException, MultiPartParser

    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise Refused(400, Text.of("web.not_multipart"))
    too_large = Refused(413, Text.of("web.upload_too_large", limit=_mb(settings.max_total)))
    if int(request.headers.get("content-length") or 0) > settings.max_body:
        raise too_large
    parser = MultiPartParser(request.headers, _capped(request.stream(), settings.max_body, too_large),
                             max_files=settings.max_files, max_fields=8, max_part_size=64 * 1024)
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        if "too many files" in str(exc).lower():
            raise Refused(413, Text.of("web.too_many_files", limit=settings.max_files)) from None
        raise Refused(400, Text.of("web.bad_form", detail=str(exc))) from None
    upload = Upload([f for f in form.getlist("files") if isinstance(f, UploadFile)],
                    [f for f in form.getlist("previous") if isinstance(f, UploadFile)])
    try:
        _within_limits(upload, settings)
    except Refused:
        upload.close()
        raise
    return upload


def _within_limits(upload: Upload, settings: Settings) -> None:
    if not upload.files:
        raise Refused(400, Text.of("web.no_file"))
    for f in (*upload.files, *upload.previous):
        if (f.size or 0) > settings.limits.max_bytes:
            raise Refused(413, Text.of("web.file_too_large", name=safe_name(f.filename),
                                       limit=_mb(settings.limits.max_bytes)))


async def _capped(stream: AsyncIterator[bytes], cap: int, refusal: Refused) -> AsyncGenerator[bytes, None]:
    """The body, refused as soon as it passes ``cap`` bytes (a body without Content-Length too)."""
    seen = 0
    async for chunk in stream:
        seen += len(chunk)
        if seen > cap:
            raise refusal
        yield chunk


def save(upload: Upload, root: Path) -> tuple[list[str], list[str]]:
    """Write the files under ``root`` (``0/name``, ``1/name``…, last year's ``p0/name``…), keeping
    each file's own name (its suffix chooses the reader; the report shows it)."""
    def put(f, folder: str) -> str:
        target = root / folder / safe_name(f.filename)
        target.parent.mkdir(mode=0o700)
        f.file.seek(0)
        with target.open("wb") as out:
            shutil.copyfileobj(f.file, out, 1 << 20)
        return str(target)

    return ([put(f, str(i)) for i, f in enumerate(upload.files)],
            [put(f, f"p{i}") for i, f in enumerate(upload.previous)])


def safe_name(raw: str | None) -> str:
    """The file name without any folder or control character, at most 80 characters."""
    name = _UNSAFE.sub("_", PurePosixPath((raw or "").replace("\\", "/")).name).strip()
    if name in ("", ".", ".."):
        return "upload"
    if len(name) > 80:
        suffix = PurePosixPath(name).suffix[:12]
        name = name[:80 - len(suffix)] + suffix
    return name


def _mb(size: int) -> str:
    return f"{size / MB:g}"
