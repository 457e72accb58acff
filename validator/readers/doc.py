"""Word 97–2003 reports (.doc, and WPS's .wps in the same binary format), read from the
file's streams ([MS-DOC]) with olefile: no maintained library reads this format's tables.

The main text comes from the piece table; paragraph properties say which paragraphs are
table cells, which mark ends a row and, on that mark, where each cell's edges lie (the grid
columns and merged cells); character properties say which text is deleted (a tracked
change: counted as accepted), hidden or raised as a footnote mark. Field codes are dropped
and their results kept; text boxes are read after the main text; headers, footers,
footnotes and comments are not read. A table inside a layout table is read as the docx
reader reads it: the layout table's cells in order, the inner tables as tables. An Excel
97–2003 workbook (.xls, or one saved under a Word name) goes to the sheet reader.
"""

from __future__ import annotations

import struct
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from validator.messages import Text
from validator.model.document import Document
from validator.model.errors import ReadError
from validator.readers.limits import check_size
from validator.readers.wordtables import FIRST_MERGED, MERGED, VERT_FIRST, VERT_MERGED, Builder, Row

_FKP = 512  # bytes of a formatted disk page
_CELL, _PARA, _PAGE, _LINE = "\x07", "\r", "\x0c", "\x0b"
_FIELD_BEGIN, _FIELD_SEP, _FIELD_END = "\x13", "\x14", "\x15"
# characters that stand for something else (a picture, a footnote's number, a drawing) or
# format text (an optional hyphen); tabs and no-break spaces are spaces
_DROPPED = dict.fromkeys(map(ord, "\x01\x02\x03\x04\x05\x06\x08\x1f"), None) | {
    0x09: " ", 0xA0: " ", 0x1E: "-", 0x0E: "\n"}
# paragraph properties (sprm ids)
_IN_TABLE, _TTP, _ITAP, _INNER_CELL, _INNER_TTP, _HUGE = 0x2416, 0x2417, 0x6649, 0x244B, 0x244C, 0x6646
_DEF_TABLE, _VERT_MERGE, _MERGE = 0xD608, 0xD62B, 0x5624
# character properties: deleted (tracked), hidden, hidden field code; superscript position
_CHAR_HIDDEN = {0x0800, 0x083C, 0x0802}
_CHAR_POSITION = 0x2A48
_OPERAND = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}  # operand size by the sprm's top 3 bits
_WORKBOOK = ("Workbook", "Book")


def read(path: Path) -> Document:
    """Read a Word 97–2003 binary report into the document model."""
    check_size(path)
    import olefile

    try:
        if not olefile.isOleFile(str(path)):
            raise ReadError(str(path), Text.of("read.doc_damaged", detail="not an OLE file"))
        with olefile.OleFileIO(str(path)) as ole:
            if any(ole.exists(name) for name in _WORKBOOK):
                from validator.readers import sheet

                return sheet.read_xls(path)
            if ole.exists("EncryptedPackage") or not ole.exists("WordDocument"):
                key = "read.encrypted" if ole.exists("EncryptedPackage") else "read.doc_not_word"
                raise ReadError(str(path), Text.of(key))
            streams = _Streams.open(ole, str(path))
    except ReadError:
        raise
    except (OSError, ValueError, IndexError, struct.error) as exc:
        raise ReadError(str(path), Text.of("read.doc_damaged", detail=type(exc).__name__)) from None
    try:
        return _Reader(str(path), streams).document()
    except (ValueError, IndexError, struct.error) as exc:
        raise ReadError(str(path), Text.of("read.doc_damaged", detail=type(exc).__name__)) from None


@dataclass(slots=True)
class _Streams:
    """The streams a Word binary file keeps its text and properties in, and its FIB's values."""

    word: bytes
    table: bytes
    data: bytes
    text_chars: int  # characters read: the main text and the text boxes' story after it
    fc_lcb: list[tuple[int, int]]
    stories: list[tuple[int, int]]  # character ranges read: the main text, the text boxes' text

    @classmethod
    def open(cls, ole, path: str) -> _Streams:
        word = ole.openstream("WordDocument").read()
        ident, nfib = struct.unpack_from("<HH", word, 0)
        flags = struct.unpack_from("<H", word, 0x0A)[0]
        if ident != 0xA5EC or nfib < 0xC1:
            raise ReadError(path, Text.of("read.doc_too_old"))
        if flags & 0x0100:
            raise ReadError(path, Text.of("read.encrypted"))
        name = "1Table" if flags & 0x0200 else "0Table"
        if not ole.exists(name):
            raise ReadError(path, Text.of("read.doc_damaged", detail=f"no {name} stream"))
        table = ole.openstream(name).read()
        data = ole.openstream("Data").read() if ole.exists("Data") else b""
        at = 32
        csw = struct.unpack_from("<H", word, at)[0]
        at += 2 + 2 * csw
        cslw = struct.unpack_from("<H", word, at)[0]
        lengths = [max(0, n) for n in struct.unpack_from(f"<{min(cslw, 11)}i", word, at + 2)]
        at += 2 + 4 * cslw
        count = struct.unpack_from("<H", word, at)[0]
        pairs = struct.unpack_from(f"<{2 * count}I", word, at + 2)
        stories = [(0, min(lengths[3], len(word)))]
        if len(lengths) > 9 and lengths[9]:  # text boxes: after footnotes, headers, macros, comments, endnotes
            start = sum(lengths[3:9])
            stories.append((start, min(start + lengths[9], len(word))))
        return cls(word, table, data, stories[-1][1], list(zip(pairs[::2], pairs[1::2], strict=True)),
                   [(a, b) for a, b in stories if a < b])

    def blob(self, index: int) -> bytes:
        """The table stream's structure at the FIB's ``index``-th (fc, lcb) pair."""
        if index >= len(self.fc_lcb):
            return b""
        fc, lcb = self.fc_lcb[index]
        return self.table[fc:fc + lcb] if lcb else b""


_CHPX, _PAPX, _CLX = 12, 13, 33  # indices of PlcfBteChpx, PlcfBtePapx, Clx among the FIB's pairs


@dataclass(slots=True)
class _Piece:
    cp: int  # first character position
    end: int
    fc: int  # byte offset of its first character in the WordDocument stream
    width: int  # 1 (compressed, cp1252) or 2 (UTF-16)

    def fc_of(self, cp: int) -> int:
        return self.fc + (cp - self.cp) * self.width


def _pieces(s: _Streams) -> list[_Piece]:
    """The piece table (the Clx's Pcdt), skipping the Prc property blocks before it."""
    clx = s.blob(_CLX)
    at = 0
    while at < len(clx) and clx[at] == 0x01:
        at += 3 + struct.unpack_from("<h", clx, at + 1)[0]
    if at >= len(clx) or clx[at] != 0x02:
        raise ValueError("no piece table")
    size = struct.unpack_from("<I", clx, at + 1)[0]
    plc = clx[at + 5:at + 5 + size]
    n = (len(plc) - 4) // 12
    cps = struct.unpack_from(f"<{n + 1}I", plc, 0)
    out = []
    for i in range(n):
        raw = struct.unpack_from("<I", plc, 4 * (n + 1) + 8 * i + 2)[0]
        compressed = bool(raw & 0x40000000)
        fc = raw & 0x3FFFFFFF
        end = min(cps[i + 1], s.text_chars)  # up to the stories read
        if cps[i] < end:
            out.append(_Piece(cps[i], end, fc // 2 if compressed else fc, 1 if compressed else 2))
    return sorted(out, key=lambda p: p.cp)


def _text(s: _Streams, pieces: list[_Piece]) -> str:
    """The main text; a character's index is its position (a piece cut short is padded)."""
    parts, at = [], 0
    for p in pieces:
        if p.cp > at:
            parts.append(" " * (p.cp - at))
        raw = s.word[p.fc:p.fc + (p.end - p.cp) * p.width]
        text = raw.decode("cp1252", "replace") if p.width == 1 else raw.decode("utf-16-le", "replace")
        parts.append(text[:p.end - p.cp].ljust(p.end - p.cp))
        at = max(at, p.end)
    return "".join(parts)


# ------------------------------------------------------------------ property runs (FKPs)
@dataclass(slots=True)
class _Runs:
    """Byte ranges of the WordDocument stream and the grpprl (property list) of each."""

    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    props: list[bytes] = field(default_factory=list)

    def at(self, fc: int) -> bytes:
        i = bisect_right(self.starts, fc) - 1
        return self.props[i] if i >= 0 and fc < self.ends[i] else b""


def _fkp_pages(blob: bytes) -> list[int]:
    if len(blob) < 8:
        return []
    n = (len(blob) - 4) // 8
    return [pn & 0x3FFFFF for pn in struct.unpack_from(f"<{n}I", blob, 4 * (n + 1))]


def _runs(s: _Streams, paragraphs: bool) -> _Runs:
    """Every paragraph's (``paragraphs``) or character run's properties, page by page."""
    runs = _Runs()
    for pn in _fkp_pages(s.blob(_PAPX if paragraphs else _CHPX)):
        page = s.word[pn * _FKP:(pn + 1) * _FKP]
        if len(page) < _FKP:
            continue
        crun = page[511]
        fcs = struct.unpack_from(f"<{crun + 1}I", page, 0)
        for i in range(crun):
            offset = page[4 * (crun + 1) + (13 * i if paragraphs else i)] * 2
            grpprl = (_papx(page, offset, s.data) if paragraphs else _chpx(page, offset)) if offset else b""
            runs.starts.append(fcs[i])
            runs.ends.append(fcs[i + 1])
            runs.props.append(grpprl)
    order = sorted(range(len(runs.starts)), key=runs.starts.__getitem__)
    return _Runs([runs.starts[i] for i in order], [runs.ends[i] for i in order], [runs.props[i] for i in order])


def _chpx(page: bytes, offset: int) -> bytes:
    return page[offset + 1:offset + 1 + page[offset]]


def _papx(page: bytes, offset: int, data: bytes) -> bytes:
    """A paragraph's sprms (after its style index); a large one is kept in the Data stream."""
    cb = page[offset]
    size, start = (2 * cb - 1, offset + 1) if cb else (2 * page[offset + 1], offset + 2)
    grpprl = page[start + 2:start + size]
    for sprm, operand in _sprms(grpprl):
        if sprm == _HUGE and len(operand) == 4:
            at = struct.unpack("<I", operand)[0]
            length = struct.unpack_from("<H", data, at)[0] if at + 2 <= len(data) else 0
            return data[at + 2:at + 2 + length]
    return grpprl


def _sprms(grpprl: bytes):
    """(sprm, operand) pairs of a property list."""
    at, n = 0, len(grpprl)
    while at + 2 <= n:
        sprm = grpprl[at] | grpprl[at + 1] << 8
        at += 2
        spra = sprm >> 13
        if spra != 6:
            size = _OPERAND[spra]
        elif sprm in (_DEF_TABLE, 0xD606) and at + 2 <= n:
            size = (grpprl[at] | grpprl[at + 1] << 8) + 1  # a 2-byte count, itself included
        elif at < n:
            size = grpprl[at] + 1
            if sprm == 0xC615 and grpprl[at] == 255 and at + 1 < n:  # tab changes, long form
                dels = grpprl[at + 1]
                size = 2 + 4 * dels + 1 + 3 * (grpprl[at + 2 + 4 * dels] if at + 2 + 4 * dels < n else 0)
        else:
            break
        yield sprm, grpprl[at:at + size]
        at += size


# ------------------------------------------------------------------ paragraphs and tables
@dataclass(slots=True)
class _Para:
    """What a paragraph's properties say about tables: its table depth, whether it ends a
    cell or a row, and (on a row's end) its cells' edges and merge flags."""

    depth: int = 0
    cell_end: bool = False
    row_end: bool = False
    row: Row = field(default_factory=Row)


def _para(grpprl: bytes, mark: str) -> _Para:
    p = _Para()
    in_table = inner_cell = inner_ttp = ttp = False
    flags: list[int] | None = None
    for sprm, op in _sprms(grpprl):
        if sprm == _IN_TABLE:
            in_table = op[:1] != b"\x00"
        elif sprm == _TTP:
            ttp = op[:1] != b"\x00"
        elif sprm == _ITAP and len(op) == 4:
            p.depth = struct.unpack("<i", op)[0]
        elif sprm == _INNER_CELL:
            inner_cell = op[:1] != b"\x00"
        elif sprm == _INNER_TTP:
            inner_ttp = op[:1] != b"\x00"
        elif sprm == _DEF_TABLE:
            p.row.edges, flags = _def_table(op)
            p.row.flags = flags
        elif sprm == _VERT_MERGE and len(op) >= 3 and flags is not None and op[1] < len(flags):
            flags[op[1]] = (flags[op[1]] & ~0x60) | {1: VERT_MERGED, 3: VERT_MERGED | VERT_FIRST}.get(op[2], 0)
        elif sprm == _MERGE and len(op) == 2 and flags is not None:
            first, last = op[0], min(op[1], len(flags))
            for i in range(first, last):
                flags[i] = (flags[i] & ~3) | (FIRST_MERGED if i == first else MERGED)
    if in_table and p.depth == 0:
        p.depth = 1
    if p.depth <= 1:
        p.cell_end, p.row_end = mark == _CELL and not ttp, mark == _CELL and ttp
    else:
        p.cell_end, p.row_end = inner_cell, inner_ttp
    return p


def _def_table(op: bytes) -> tuple[list[int], list[int]]:
    """A row's cell edges (twips) and each cell's merge flags (TC80's first word)."""
    count = op[2] if len(op) > 2 else 0
    edges = list(struct.unpack_from(f"<{count + 1}h", op, 3)) if len(op) >= 3 + 2 * (count + 1) else []
    at = 3 + 2 * (count + 1)
    flags = [struct.unpack_from("<H", op, at + 20 * i)[0] if at + 20 * i + 2 <= len(op) else 0
             for i in range(count)]
    return edges, flags


class _Reader:
    """The document's text, paragraph by paragraph, with its tables assembled."""

    def __init__(self, path: str, s: _Streams) -> None:
        self.path = path
        self.pieces = _pieces(s)
        self.starts = [p.cp for p in self.pieces]
        self.text = _text(s, self.pieces)
        self.papx = _runs(s, paragraphs=True)
        self.stories = s.stories
        self.hidden = self._hidden_mask(_runs(s, paragraphs=False))
        self.out = Builder(path)

    def fc(self, cp: int) -> int:
        i = bisect_right(self.starts, cp) - 1
        return self.pieces[max(i, 0)].fc_of(cp)

    def _hidden_mask(self, chpx: _Runs) -> set[int]:
        """Character positions of deleted, hidden or superscript text."""
        ranges = [(a, b) for a, b, g in zip(chpx.starts, chpx.ends, chpx.props, strict=True) if g and _dropped(g)]
        out: set[int] = set()
        for a, b in ranges:
            for p in self.pieces:
                lo, hi = max(a, p.fc), min(b, p.fc + (p.end - p.cp) * p.width)
                if lo < hi:
                    out.update(range(p.cp + (lo - p.fc) // p.width, p.cp + (hi - p.fc + p.width - 1) // p.width))
        return out

    def document(self) -> Document:
        """The main text's blocks, then those of its text boxes (a table in a text box; where
        each box stands is not looked up: tables are found by what they hold)."""
        text = self.text
        for first, last in self.stories:
            start, stop = first, min(last, len(text))
            for i in range(first, stop):
                if text[i] in (_PARA, _CELL, _PAGE):
                    self._paragraph(self._visible(start, i), text[i], i)
                    start = i + 1
            if start < stop:
                self._paragraph(self._visible(start, stop), _PARA, stop - 1)
            self.out.paragraph("", 0)  # a story's tables end with it
        return Document(self.path, self.out.finish(), {"format": "doc"})

    def _visible(self, start: int, end: int) -> str:
        """The paragraph's text as Word shows it: field results, not codes; no hidden text."""
        part = self.text[start:end]
        hidden = self.hidden
        if _FIELD_BEGIN not in part and not (hidden and any(i in hidden for i in range(start, end))):
            return part.translate(_DROPPED).replace(_LINE, "\n")
        out, fields = [], []  # per open field: whether its code part is still going on
        for i in range(start, end):
            ch = self.text[i]
            if ch == _FIELD_BEGIN:
                fields.append(True)
            elif ch == _FIELD_SEP and fields:
                fields[-1] = False
            elif ch == _FIELD_END and fields:
                fields.pop()
            elif not (any(fields) or i in hidden):
                out.append(ch)
        return "".join(out).translate(_DROPPED).replace(_LINE, "\n")

    def _paragraph(self, text: str, mark: str, cp: int) -> None:
        p = _para(self.papx.at(self.fc(cp)), mark)
        if p.row_end and p.depth > 0:
            self.out.row_end(p.depth, p.row)
        else:
            self.out.paragraph(text, p.depth, p.cell_end)


def _dropped(grpprl: bytes) -> bool:
    for sprm, op in _sprms(grpprl):
        if sprm in _CHAR_HIDDEN and op[:1] in (b"\x01", b"\x81"):
            return True
        if sprm == _CHAR_POSITION and op[:1] == b"\x01":
            return True
    return False
