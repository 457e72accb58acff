"""Reader registry: one reader per format, imported only when that format is read."""

from __future__ import annotations

import importlib
from pathlib import Path

from validator.document import Document
from validator.errors import ReadError

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
    ".docx": "docx",
    ".docm": "docx",
    ".doc": "docx",
    ".xlsx": "sheet",
    ".xlsm": "sheet",
    ".csv": "sheet",
    ".pdf": "pdf",
}


def supported(path: Path) -> bool:
    return path.suffix.lower() in READERS


def read(path: str | Path) -> Document:
    """Read ``path`` with the reader for its suffix."""
    path = Path(path)
    name = READERS.get(path.suffix.lower())
    if name is None:
        known = ", ".join(sorted(READERS))
        raise ReadError(str(path), f"unsupported file type {path.suffix or '(none)'!r} (known: {known})")
    if not path.is_file():
        raise ReadError(str(path), "no such file")
    module = importlib.import_module(f"validator.readers.{name}")
    return module.read(path)
