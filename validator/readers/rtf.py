"""Rich Text Format reports (.rtf; also what many office systems save under a .doc name),
read by a tokenizer of its control words: no maintained library keeps RTF's tables.

Text is decoded as the file says (``\\uN``, ``\\'hh`` bytes in the font's or the document's
code page: GBK for Chinese); a table's cells and rows come from ``\\cell``/``\\row`` (nested:
``\\nestcell``/``\\nestrow`` at ``\\itapN``), its grid from each row's ``\\cellx`` edges and its
merged cells from ``\\clmgf``/``\\clmrg``/``\\clvmgf``/``\\clvmrg`` — assembled as the .doc
reader does (readers/wordtables.py). Hidden (``\\v``), deleted and superscript text, field
codes, pictures, headers, footers, footnotes, comments and shapes' properties are not read;
field results, list numbers and what text boxes hold are (where the box is anchored).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from validator.messages import Text
from validator.model.document import Document
from validator.model.errors import ReadError
from validator.readers.limits import check_size
from validator.readers.wordtables import FIRST_MERGED, MERGED, VERT_FIRST, VERT_MERGED, Builder, Row

_TOKEN = re.compile(rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z])|([{}])|[\r\n]+"
                    rb"|([^\\{}\r\n]+)")
# destinations whose text is not the document's (a ``{\*\name …}`` group is skipped too)
_SKIPPED = frozenset({
    "fonttbl", "colortbl", "stylesheet", "info", "pict", "header", "headerl", "headerr", "headerf", "footer",
    "footerl", "footerr", "footerf", "footnote", "annotation", "atnid", "atnauthor", "fldinst", "xmlnstbl",
    "listtable", "listoverridetable", "rsidtbl", "generator", "themedata", "colorschememapping", "datastore",
    "latentstyles", "pgdsc", "pgdsctbl", "sp", "shprslt", "nonshppict", "bkmkstart", "bkmkend", "userprops",
    "revtbl", "filetbl", "objdata", "pntxta", "pntxtb", "txe", "xe", "tc", "private", "nonesttables"})
_CHARS = {"line": "\n", "tab": " ", "emdash": "—", "endash": "–", "lquote": "‘", "rquote": "’",
          "ldblquote": "“", "rdblquote": "”", "bullet": "•", "emspace": " ", "enspace": " ", "qmspace": " "}
_SYMBOLS = {b"~": " ", b"_": "-", b"-": "", b"\\": "\\", b"{": "{", b"}": "}", b"\n": "", b"\r": "", b"|": "",
            b":": ""}
# code page of a font's \fcharset (0 and 1: the document's own)
_CHARSET = {128: "cp932", 129: "cp949", 134: "gb18030", 136: "cp950", 161: "cp1253", 162: "cp1254",
            163: "cp1258", 177: "cp1255", 178: "cp1256", 186: "cp1257", 204: "cp1251", 222: "cp874",
            238: "cp1250"}
_CELL_FLAGS = {"clmgf": FIRST_MERGED, "clmrg": MERGED, "clvmgf": VERT_MERGED | VERT_FIRST, "clvmrg": VERT_MERGED}


def read(path: Path) -> Document:
    """Read an RTF report into the document model."""
    check_size(path)
    data = path.read_bytes()
    if not data.lstrip().startswith(b"{\\rtf"):
        raise ReadError(str(path), Text.of("read.rtf_damaged"))
    try:
        return Document(str(path), _Reader(str(path)).read(data), {"format": "rtf"})
    except (RecursionError, ValueError):
        raise ReadError(str(path), Text.of("read.rtf_damaged")) from None


@dataclass(slots=True)
class _Group:
    """What a group sets: skipped or not, hidden text, its font's code page, \\uc count."""

    skip: bool = False
    hidden: bool = False
    raised: bool = False
    codepage: str | None = None
    uc: int = 1
    fonts: bool = False  # inside the font table
    nest_props: bool = False  # inside \*\nesttableprops: a nested row's definition
    in_table: bool = False  # the paragraph's properties (a group keeps its own, as RTF says)
    depth: int = 1


class _Reader:
    """The control words in order: groups, text in its code page, paragraphs and table rows."""

    def __init__(self, path: str) -> None:
        self.out = Builder(path)
        self.group = _Group()
        self.stack: list[_Group] = []
        self.ansi = "cp1252"
        self.fonts: dict[int, str] = {}
        self.font = -1
        self.default_font = -1  # \deffN: the font of text that names none
        self.text: list[str] = []
        self.bytes = bytearray()
        self.skip_chars = 0
        self.defs: dict[int, Row] = {}
        self.pending = 0  # merge flags of the next \cellx
        self.destination = False  # the group just opened began with \*

    def read(self, data: bytes) -> list:
        for m in _TOKEN.finditer(data):
            word, arg, hexa, symbol, brace, run = m.groups()
            if hexa is not None:
                self._byte(int(hexa, 16))
                continue
            self._flush()
            if word is not None:
                self._word(word.decode(), int(arg) if arg is not None else None)
            elif brace is not None:
                self._brace(brace)
            elif symbol is not None:
                self._symbol(symbol)
            elif run is not None:
                self._run(run)
        self._flush()
        if self.stack:  # a group left open (the document's own, at least): the file was cut short
            raise ValueError("truncated")
        self._paragraph(cell_end=False)
        return self.out.finish()

    # ------------------------------------------------------------------ text
    def _byte(self, b: int) -> None:
        if self.skip_chars:
            self.skip_chars -= 1
        elif not self.group.skip and not self.group.fonts:
            self.bytes.append(b)

    def _run(self, run: bytes) -> None:
        if self.skip_chars:
            cut = min(self.skip_chars, len(run))
            run, self.skip_chars = run[cut:], self.skip_chars - cut
        if run and not self.group.skip and not self.group.fonts:
            self.bytes.extend(run)

    def _flush(self) -> None:
        if self.bytes:
            page = self.group.codepage or self.fonts.get(self.default_font) or self.ansi
            self._add(bytes(self.bytes).decode(page, "replace"))
            self.bytes.clear()

    def _add(self, text: str) -> None:
        g = self.group
        if not (g.skip or g.hidden or g.raised or g.fonts):
            self.text.append(text)

    def _paragraph(self, cell_end: bool, depth: int | None = None) -> None:
        text = "".join(self.text)
        self.text = []
        if any("\ud800" <= ch <= "\udfff" for ch in text):  # \u pairs of a character beyond the BMP
            text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        if depth is None:
            depth = self.group.depth if self.group.in_table else 0
        self.out.paragraph(text, depth, cell_end)

    # ------------------------------------------------------------------ groups
    def _brace(self, brace: bytes) -> None:
        self.skip_chars = 0
        if brace == b"{":
            self.stack.append(self.group)
            self.group = replace(self.group)
            self.destination = False
        elif self.stack:
            self.group = self.stack.pop()

    def _symbol(self, symbol: bytes) -> None:
        if symbol == b"*":
            self.destination = True
            return
        if symbol == b"'":
            return
        self.skip_chars = 0
        if symbol in (b"\n", b"\r"):
            self._end_paragraph()
        elif symbol in _SYMBOLS:
            self._add(_SYMBOLS[symbol])

    # ------------------------------------------------------------------ control words
    def _word(self, word: str, arg: int | None) -> None:
        g = self.group
        if self.destination:
            self.destination = False
            if word == "nesttableprops":
                g.nest_props = True
            elif word not in ("listtext", "pntext", "fldrslt", "result", "shpinst", "shptxt"):
                g.skip = True
            return
        if word in _SKIPPED:
            g.skip = True
            if word == "fonttbl":
                g.skip, g.fonts = False, True
            return
        if word == "u" and arg is not None:
            if -32768 <= arg <= 65535:  # a signed or unsigned 16-bit code unit
                self._add(chr(arg % 65536))
            self.skip_chars = g.uc
            return
        self.skip_chars = 0
        if word in _CHARS:
            self._add(_CHARS[word])
        elif word in ("par", "sect"):
            self._end_paragraph()
        elif not self._format(word, arg):
            self._table(word, arg)

    def _format(self, word: str, arg: int | None) -> bool:
        """Character and font settings; False when ``word`` is none of them."""
        g = self.group
        on = arg is None or arg != 0
        if word == "f" and arg is not None:
            if g.fonts:
                self.font = arg
            else:
                g.codepage = self.fonts.get(arg)
        elif word == "fcharset" and arg is not None and g.fonts:
            if arg in _CHARSET:
                self.fonts[self.font] = _CHARSET[arg]
        elif word == "deff" and arg is not None:
            self.default_font = arg
        elif word == "ansicpg" and arg is not None:
            self.ansi = "gb18030" if arg == 936 else f"cp{arg}"
            try:
                "".encode(self.ansi)
            except LookupError:
                self.ansi = "cp1252"
        elif word == "uc" and arg is not None:
            g.uc = max(0, min(arg, 10))
        elif word in ("v", "deleted"):
            g.hidden = on
        elif word in ("super", "up"):
            g.raised = on
        elif word in ("nosupersub", "sub"):
            g.raised = False
        elif word == "plain":
            g.hidden = g.raised = False
            g.codepage = None
        else:
            return False
        return True

    def _table(self, word: str, arg: int | None) -> None:
        """Paragraph and table words: \\intbl, \\itap, \\cell, \\row, a row's definition."""
        g = self.group
        if word == "pard":
            g.in_table, g.depth = False, 1
        elif word == "intbl":
            g.in_table = True
        elif word == "itap" and arg is not None:
            g.depth = max(0, arg)
            g.in_table = g.depth > 0
        elif word == "cell":
            self._paragraph(cell_end=True, depth=1)
        elif word == "nestcell":
            self._paragraph(cell_end=True, depth=max(g.depth, 2))
        elif word == "row":
            self._row(1)
        elif word == "nestrow":
            self._row(max(g.depth, 2))
        elif word == "trowd":
            self.defs[self._def_depth()] = Row([], [])
            self.pending = 0
        elif word == "trleft" and arg is not None:
            row = self.defs.get(self._def_depth())
            if row is not None and row.edges == []:
                row.edges.append(arg)
        elif word in _CELL_FLAGS:
            self.pending |= _CELL_FLAGS[word]
        elif word == "cellx" and arg is not None:
            self._cellx(arg)

    def _def_depth(self) -> int:
        return max(self.group.depth, 2) if self.group.nest_props else 1

    def _cellx(self, edge: int) -> None:
        row = self.defs.setdefault(self._def_depth(), Row([], []))
        assert row.edges is not None and row.flags is not None
        if not row.edges:
            row.edges.append(0)  # no \trleft: the row starts at the margin
        row.edges.append(edge)
        row.flags.append(self.pending)
        self.pending = 0

    def _row(self, depth: int) -> None:
        if self.text and "".join(self.text).strip():  # text before \row with no \cell: its own cell
            self._paragraph(cell_end=True, depth=depth)
        self.text = []
        row = self.defs.get(depth, Row())
        self.out.row_end(depth, Row(list(row.edges or ()) or None, list(row.flags or ()) or None))

    def _end_paragraph(self) -> None:
        self._paragraph(cell_end=False)
