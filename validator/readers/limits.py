"""Input limits shared by the readers (documented defaults; see README)."""

from __future__ import annotations

from pathlib import Path

from validator.errors import ReadError

MAX_BYTES = 50 * 1024 * 1024


def check_size(path: Path, limit: int = MAX_BYTES) -> int:
    """The file's size; a clear error when it is over ``limit``."""
    size = path.stat().st_size
    if size > limit:
        raise ReadError(str(path), f"file too large ({size} bytes > limit {limit})")
    return size

MAX_UNZIPPED = 200 * 1024 * 1024
MAX_RATIO = 200  # decompressed / compressed, per member


def zip_members(zf, path: str) -> set[str]:
    """Member names of an OOXML package, refusing zip bombs before anything is inflated."""
    total = 0
    for info in zf.infolist():
        total += info.file_size
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO \
                and info.file_size > 1024 * 1024:
            raise ReadError(path, f"refusing suspicious archive member {info.filename!r} "
                                  f"(compression ratio over {MAX_RATIO}:1)")
    if total > MAX_UNZIPPED:
        raise ReadError(path, f"archive too large when unpacked ({total} bytes > {MAX_UNZIPPED})")
    return set(zf.namelist())


def safe_xml(data: bytes, path: str):
    """Parse XML with no network, no DTD, no entity expansion."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True)
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ReadError(path, f"malformed XML inside the document ({exc.msg})") from None
