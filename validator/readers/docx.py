"""Word reports (.docx, also as saved by WPS), read from the package's XML with lxml.

A table pasted as a picture (a screenshot of a spreadsheet) is read by OCR where the OCR
extra is installed: every picture wide enough to hold a table (all pictures with ``--ocr
always``), its lines placed where the picture stands. Tracked changes count as accepted
(inserted text kept, deleted text dropped); comments, field codes and headers/footers are
ignored; a text box is read once (not with the fallback copy Word stores beside it). Merged
cells: a horizontally merged cell (``gridSpan``) appears once with its grid column; vertically merged continuation cells
(``vMerge`` without ``restart``) are dropped, so each value appears exactly once.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from validator.messages import Text
from validator.model.document import Document, Location, Span, Table
from validator.model.errors import ReadError
from validator.readers.limits import check_size, safe_xml, zip_members

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
V = "{urn:schemas-microsoft-com:vml}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MIN_PICTURE = 200.0  # points: a picture narrower than this (a seal, a logo) holds no table
EMU = 12700  # English metric units per point
_HIDDEN = (f"{W}del", f"{W}moveFrom", f"{MC}Fallback")  # deleted text; a text box's second copy
_P, _T, _TAB, _TBL, _TCPR, _VAL, _GRIDSPAN, _VMERGE = (
    f"{W}{t}" for t in ("p", "t", "tab", "tbl", "tcPr", "val", "gridSpan", "vMerge"))
_BREAKS = (f"{W}br", f"{W}cr")
_RPR, _VANISH, _VERTALIGN, _RSTYLE = f"{W}rPr", f"{W}vanish", f"{W}vertAlign", f"{W}rStyle"
_TEXT = (_T, _TAB, *_BREAKS, _P)  # what a paragraph's text is made of
_CONTAINERS = (f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}ins")  # looked through
_ALT_CHUNK = f"{W}altChunk"




def read(path: Path) -> Document:
    """Read a .docx report into the document model."""
    check_size(path)
    with path.open("rb") as fh:
        head = fh.read(4)
    if head == b"\xd0\xcf\x11\xe0":  # Word 97–2003 under a .docx name
        from validator.readers import doc

        return doc.read(path)
    try:
        with zipfile.ZipFile(path) as zf:
            members = zip_members(zf, str(path))
            main = _main_part(zf, members, str(path))
            if main not in members:
                raise ReadError(str(path), Text.of("read.docx_no_document"))
            root = safe_xml(zf.read(main), str(path))
            body = root.find(f"{W}body")
            if body is None:
                raise ReadError(str(path), Text.of("read.docx_no_body"))
            reader = _Reader(str(path), root, _hidden_styles(zf, members, str(path)))
            # the main part's relationships: read once, when an altChunk or a picture needs them
            targets = cache(lambda: _relationships(zf, members, str(path), main))
            reader.chunk = _chunks(zf, targets, path)
            reader.walk(body)
            meta: dict = {"format": "docx"}
            chosen = _to_read(reader)
            if chosen:
                _read_pictures(zf, targets(), reader, chosen, meta)
            elif wide := _wide(reader):  # for a missing table's finding to mention
                from validator.readers import ocr

                meta["unread_pictures"] = ocr.left_unread(len(wide))
    except zipfile.BadZipFile:
        raise ReadError(str(path), Text.of("read.docx_not_zip")) from None
    except (OSError, EOFError, zlib.error, NotImplementedError, RuntimeError) as exc:
        raise ReadError(str(path), Text.of("read.docx_damaged", detail=type(exc).__name__)) from None
    return Document(str(path), reader.blocks, meta)


def _to_read(reader: _Reader) -> list[_Picture]:
    """The pictures OCR should read: every wide one (Word tables do not say which of the
    template's tables a picture holds), all with ``--ocr always``; none where OCR is off or
    not installed."""
    if not reader.pictures:
        return []
    from validator.readers import limits, ocr

    if limits.LIMITS.ocr == "never" or not ocr.available():
        return []
    chosen = reader.pictures if limits.LIMITS.ocr == "always" else _wide(reader)
    return chosen[:limits.LIMITS.max_pages]


def _wide(reader: _Reader) -> list[_Picture]:
    """Pictures wide enough to hold a table (a seal, a logo is narrower)."""
    return [p for p in reader.pictures if p.width is None or p.width >= MIN_PICTURE]


def _read_pictures(zf: zipfile.ZipFile, targets: dict[str, str], reader: _Reader, chosen: list[_Picture],
                   meta: dict) -> None:
    """OCR the ``chosen`` pictures (``targets``: the main part's relationships) and put their
    lines where each stands."""
    from dataclasses import replace

    from validator.readers import ocr

    found = [(zf.read(targets[p.rid]) if p.rid in targets else b"", p.width) for p in chosen]
    lines = ocr.pictures(reader.path, found)
    for picture, spans in sorted(zip(chosen, lines, strict=True), key=lambda c: -c[0].at):
        reader.blocks[picture.at:picture.at] = [
            replace(s, loc=Location(reader.path, line=s.loc.line, paragraph=picture.paragraph)) for s in spans]
    meta["ocr"] = {**ocr.meta(len(chosen)), "pictures": [p.paragraph for p in chosen]}


MAIN = "word/document.xml"
_OFFICE_DOCUMENT = "/officeDocument"  # the end of the package relationship type naming the main part


def _main_part(zf: zipfile.ZipFile, members: set[str], path: str) -> str:
    """The document's main part: as the package's relationships name it (some systems write
    ``word/document2.xml``), else ``word/document.xml``."""
    if MAIN in members or "_rels/.rels" not in members:
        return MAIN
    for rel in safe_xml(zf.read("_rels/.rels"), path).iter(f"{RELS}Relationship"):
        if (rel.get("Type") or "").endswith(_OFFICE_DOCUMENT) and rel.get("Target"):
            return posixpath.normpath(str(rel.get("Target")).lstrip("/"))
    return MAIN


def _relationships(zf: zipfile.ZipFile, members: set[str], path: str, main: str = MAIN) -> dict[str, str]:
    """The main part's relationship ids and the package members they point to."""
    folder, name = posixpath.split(main)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels not in members:
        return {}
    out = {}
    for rel in safe_xml(zf.read(rels), path).iter(f"{RELS}Relationship"):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External" or not target:
            continue
        member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        if member in members:
            out[rel.get("Id") or ""] = member
    return out


def _chunks(zf: zipfile.ZipFile, targets: Callable[[], dict[str, str]], path: Path
            ) -> Callable[[str], list[Span | Table]]:
    """What an altChunk (content a web system put into the Word file as a web page: the
    whole report, often) holds, as blocks: its page read by the HTML (or MHTML) reader."""
    def chunk(rid: str) -> list[Span | Table]:
        from validator.readers import html, mhtml

        member = targets().get(rid)
        if member is None:
            return []
        data = zf.read(member)
        if member.lower().endswith((".mht", ".mhtml")):
            return mhtml.read_bytes(path, data).blocks
        if member.lower().endswith((".htm", ".html", ".xhtml", ".xml")) or b"<html" in data[:4096].lower():
            return html.read_text(path, html.decode(data, str(path))).blocks
        return []  # (an RTF or a Word file as a chunk: not read)

    return chunk


@dataclass(slots=True)
class _Picture:
    """A picture in the body: where its lines go, its paragraph, its relationship id and
    the width it is shown at (points, when the drawing says)."""

    at: int
    paragraph: int
    rid: str
    width: float | None


def _hidden_styles(zf: zipfile.ZipFile, members: set[str], path: str) -> frozenset[str]:
    """Character styles whose text Word hides or raises (w:vanish, superscript: a hidden note,
    the footnote reference style), with the styles based on them."""
    if "word/styles.xml" not in members:
        return frozenset()
    data = zf.read("word/styles.xml")
    if b"vanish" not in data and b"vertAlign" not in data:
        return frozenset()  # no style hides or raises text (most documents: no parse needed)
    styles = {}
    for style in safe_xml(data, path).iter(f"{W}style"):
        if style.get(f"{W}type") == "character":
            based = style.find(f"{W}basedOn")
            props = style.find(_RPR)
            styles[style.get(f"{W}styleId") or ""] = (
                based.get(_VAL) if based is not None else None, props is not None and _marks_hidden(props))
    out = set()
    for sid in styles:
        seen, at = set(), sid
        while at in styles and at not in seen:
            seen.add(at)
            if styles[at][1]:
                out.add(sid)
                break
            at = styles[at][0]
    return frozenset(out)


class _Reader:
    def __init__(self, path: str, root, hidden_styles: frozenset[str] = frozenset()) -> None:
        self.path = path
        # whether the document has deleted runs or a text box's fallback copy at all (most
        # have neither: found once, in C, rather than asked of every run's ancestors)
        self.hidden = next(root.iter(*_HIDDEN), None) is not None
        # runs formatted as hidden text, or raised as a footnote mark ("83" and a superscript "1")
        marked = next(root.iter(_VANISH, _VERTALIGN), None) is not None or bool(hidden_styles)
        self.vanish: frozenset[str] | None = hidden_styles if marked else None
        self.blocks: list[Span | Table] = []
        self.paragraphs = 0
        self.tables = 0
        self.pictures: list[_Picture] = []
        self.chunk: Callable[[str], list[Span | Table]] = lambda rid: []  # an altChunk's blocks

    def walk(self, parent) -> None:
        for el in parent:
            if el.tag == _ALT_CHUNK:
                self.blocks.extend(self.chunk(el.get(f"{R}id") or ""))
            elif el.tag == _P:
                self.paragraphs += 1
                for line in paragraph_text(el, self.hidden, self.vanish).split("\n"):
                    if line.strip():
                        self.blocks.append(Span(line, Location(self.path, paragraph=self.paragraphs)))
                self._pictures(el)
            elif el.tag == _TBL:
                self._table(el)
            elif el.tag in _CONTAINERS:
                self.walk(el)

    def _pictures(self, p) -> None:
        """The paragraph's pictures (DrawingML, or VML as older Word and WPS write them)."""
        for el in p.iter(f"{A}blip", f"{V}imagedata"):
            rid = el.get(f"{R}embed") or el.get(f"{R}id")
            if rid and not _deleted(el, p):
                self.pictures.append(_Picture(len(self.blocks), self.paragraphs, rid, _shown_width(el)))

    def _table(self, tbl) -> None:
        cells = _cells(tbl) if tbl.find(f".//{W}tbl") is not None else []
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
                span, vmerge = _cell_props(tc)
                loc = Location(self.path, table=index, row=r, col=col)
                if vmerge is None or vmerge.get(_VAL) == "restart":
                    text = "\n".join(paragraph_text(p, self.hidden, self.vanish) for p in tc.iter(_P)
                                      if not _nested(p, tc))
                    cell = Span(text.strip(), loc, merged=loc if vmerge is not None else None)
                    above[col] = cell
                    row.append(cell)
                elif col in above and above[col].merged is not None:  # repeated in each row
                    first = above[col]
                    row.append(Span(first.text, loc, merged=first.merged))
                col += span
            rows.append(row)
        self.blocks.append(Table(rows, Location(self.path, table=index)))


def _shown_width(blip) -> float | None:
    """The width a DrawingML picture is shown at, in points (its drawing's extent)."""
    node = blip.getparent()
    while node is not None and node.tag not in (f"{WP}inline", f"{WP}anchor"):
        node = node.getparent()
    extent = node.find(f"{WP}extent") if node is not None else None
    try:
        return int(extent.get("cx")) / EMU if extent is not None else None
    except (TypeError, ValueError):
        return None


def _cell_props(tc) -> tuple[int, Any]:
    """A cell's grid span and its vertical merge element (None: not merged), looked up
    among its children (``find`` costs more than the walk: a cell has a few)."""
    props = next((c for c in tc if c.tag == _TCPR), None)
    span = vmerge = None
    if props is not None:
        for c in props.iterchildren(_GRIDSPAN, _VMERGE):
            if c.tag == _GRIDSPAN:
                span = c if span is None else span
            elif vmerge is None:
                vmerge = c
    return _int(span, 1), vmerge


def _cells(tbl) -> list:
    return [tc for tr in _children(tbl, "tr") for tc in _children(tr, "tc")]


def _children(el, name: str) -> list:
    """Direct ``w:name`` children, looking through content controls and tracked inserts."""
    out, tag = [], W + name
    for child in el:
        if child.tag == tag:
            out.append(child)
        elif child.tag in _CONTAINERS:
            out.extend(_children(child, name))
    return out


def _int(el, default: int) -> int:
    if el is None:
        return default
    try:
        return max(1, min(int(el.get(f"{W}val", default)), 1000))
    except ValueError:
        return default


def paragraph_text(p, hidden: bool = True, vanish: frozenset[str] | None = frozenset()) -> str:
    """Visible text of a paragraph: inserted runs kept, deleted runs, hidden text, superscript
    marks and field codes dropped; a text box anchored in it on lines of its own (once: Word also stores a
    fallback copy). ``hidden``: whether the document has deleted runs or fallback copies at
    all; ``vanish``: None where no run is formatted as hidden or raised, else the character
    styles that hide or raise text."""
    parts: list[str] = []
    for el in p.iter(*_TEXT):
        if el is p or (hidden and _deleted(el, p)):
            continue
        tag = el.tag
        if tag == _T:
            if vanish is not None and _vanished(el, vanish):
                continue
            parts.append(el.text or "")
        elif tag == _TAB:
            parts.append(" ")
        else:  # a break, or a text box's paragraph
            parts.append("\n")
    return "".join(parts)


def _vanished(t, styles: frozenset[str]) -> bool:
    """Text in a run formatted as hidden (``w:vanish``: Word neither shows nor prints it) or
    as superscript (a footnote mark: "83" and a raised "1" are 83, not 831), directly or by
    its character style."""
    run = t.getparent()
    props = next((c for c in run if c.tag == _RPR), None) if run is not None else None
    return props is not None and _marks_hidden(props, styles)


def _marks_hidden(props, styles: frozenset[str] = frozenset()) -> bool:
    """Whether run properties hide the text or raise it (directly, or by a style in ``styles``)."""
    for mark in props:
        if mark.tag == _VANISH and mark.get(_VAL, "true") not in ("0", "false", "off"):
            return True
        if mark.tag == _VERTALIGN and mark.get(_VAL) == "superscript":
            return True
        if mark.tag == _RSTYLE and mark.get(_VAL) in styles:
            return True
    return False


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
        if node.tag == _P:
            return True
        node = node.getparent()
    return False
