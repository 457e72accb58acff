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
