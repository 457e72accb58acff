"""Word reports (.docx, also as saved by WPS), read from the package's XML with lxml.

Tracked changes count as accepted (inserted text kept, deleted text dropped); comments,
field codes and headers/footers are ignored; a text box is read once (not with the fallback
copy Word stores beside it). Merged cells: a horizontally merged cell
(``gridSpan``) appears once with its grid column; vertically merged continuation cells
(``vMerge`` without ``restart``) are dropped, so each value appears exactly once.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from validator.messages import Text
from validator.model.document import Document, Location, Span, Table
from validator.model.errors import ReadError
from validator.readers.limits import check_size, safe_xml, zip_members

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_HIDDEN = (f"{W}del", f"{W}moveFrom", f"{MC}Fallback")  # deleted text; a text box's second copy


def read(path: Path) -> Document:
    """Read a .docx report into the document model."""
    check_size(path)
    if path.read_bytes()[:8].startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError(str(path), Text.of("read.doc_legacy"))
    try:
        with zipfile.ZipFile(path) as zf:
            members = zip_members(zf, str(path))
            if "word/document.xml" not in members:
                raise ReadError(str(path), Text.of("read.docx_no_document"))
            root = safe_xml(zf.read("word/document.xml"), str(path))
    except zipfile.BadZipFile:
        raise ReadError(str(path), Text.of("read.docx_not_zip")) from None
    except (OSError, EOFError, zlib.error, NotImplementedError, RuntimeError) as exc:
        raise ReadError(str(path), Text.of("read.docx_damaged", detail=type(exc).__name__)) from None
    body = root.find(f"{W}body")
    if body is None:
        raise ReadError(str(path), Text.of("read.docx_no_body"))
    reader = _Reader(str(path))
    reader.walk(body)
    return Document(str(path), reader.blocks, {"format": "docx"})


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.blocks: list[Span | Table] = []
        self.paragraphs = 0
        self.tables = 0

    def walk(self, parent) -> None:
        for el in parent:
            if el.tag == f"{W}p":
                self.paragraphs += 1
                for line in paragraph_text(el).split("\n"):
                    if line.strip():
                        self.blocks.append(Span(line, Location(self.path, paragraph=self.paragraphs)))
            elif el.tag == f"{W}tbl":
                self._table(el)
            elif el.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}ins"):
                self.walk(el)

    def _table(self, tbl) -> None:
        cells = [tc for tr in _children(tbl, "tr") for tc in _children(tr, "tc")]
        if any(tc.find(f".//{W}tbl") is not None for tc in cells):
            for tc in cells:  # a layout table around the report: read what its cells hold
                self.walk(tc)
            return
        self.tables += 1
        index = self.tables
        rows: list[list[Span]] = []
        above: dict[int, Span] = {}  # column -> the cell a vertical merge continues
        for r, tr in enumerate(_children(tbl, "tr"), start=1):
            col = 1 + _int(tr.find(f"{W}trPr/{W}gridBefore"), 0)
            row: list[Span] = []
            for tc in _children(tr, "tc"):
                props = tc.find(f"{W}tcPr")
                span = _int(props.find(f"{W}gridSpan") if props is not None else None, 1)
                vmerge = props.find(f"{W}vMerge") if props is not None else None
                loc = Location(self.path, table=index, row=r, col=col)
                if vmerge is None or vmerge.get(f"{W}val") == "restart":
                    text = "\n".join(paragraph_text(p) for p in tc.iter(f"{W}p") if not _nested(p, tc))
                    cell = Span(text.strip(), loc, merged=loc if vmerge is not None else None)
                    above[col] = cell
                    row.append(cell)
                elif col in above and above[col].merged is not None:  # repeated in each row
                    first = above[col]
                    row.append(Span(first.text, loc, merged=first.merged))
                col += span
            rows.append(row)
        self.blocks.append(Table(rows, Location(self.path, table=index)))


def _children(el, name: str) -> list:
    """Direct ``w:name`` children, looking through content controls and tracked inserts."""
    out = []
    for child in el:
        if child.tag == f"{W}{name}":
            out.append(child)
        elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}ins"):
            out.extend(_children(child, name))
    return out


def _int(el, default: int) -> int:
    if el is None:
        return default
    try:
        return max(1, min(int(el.get(f"{W}val", default)), 1000))
    except ValueError:
        return default


def paragraph_text(p) -> str:
    """Visible text of a paragraph: inserted runs kept, deleted runs and field codes dropped;
    a text box anchored in it on lines of its own (once: Word also stores a fallback copy)."""
    parts: list[str] = []
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}p"):
        if el is p or _deleted(el, p):
            continue
        if el.tag == f"{W}p":
            parts.append("\n")
        elif el.tag == f"{W}t":
            parts.append(el.text or "")
        elif el.tag == f"{W}tab":
            parts.append(" ")
        elif el.tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
    return "".join(parts)


def _deleted(el, stop) -> bool:
    node = el
    while node is not None and node is not stop:
        if node.tag in _HIDDEN:
            return True
        node = node.getparent()
    return False


def _nested(p, stop) -> bool:
    """A paragraph inside another one (in a text box): read with the one it is anchored in."""
    node = p.getparent()
    while node is not None and node is not stop:
        if node.tag == f"{W}p":
            return True
        node = node.getparent()
    return False
