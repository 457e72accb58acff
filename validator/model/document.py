"""The document model every reader produces: paragraphs and tables, with provenance."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace


@dataclass(slots=True, unsafe_hash=True)
class Location:
    """Where something sits in the original file. Unused fields stay ``None``.

    A value: compared and hashed by its fields, never modified once made (``replace`` it).
    Not ``frozen``: a frozen dataclass's constructor costs four times as much, and every
    cell, paragraph and number of a report gets one."""

    path: str
    line: int | None = None
    column: int | None = None  # 1-based character column in ``line``
    end_column: int | None = None
    page: int | None = None
    paragraph: int | None = None  # 1-based paragraph index (DOCX)
    table: int | None = None  # 1-based table index (DOCX/HTML)
    row: int | None = None
    col: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    sheet: str | None = None
    cell: str | None = None

    def __reduce__(self):  # compact and fast to pickle
        return (Location, tuple(getattr(self, f) for f in _LOCATION_FIELDS))

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}

    def short(self) -> str:
        """Compact human form: ``file:12:5``, ``file p3``, ``file 表2 行4 列3``."""
        out = self.path
        if self.line is not None:
            out += f":{self.line}" + (f":{self.column}" if self.column else "")
        if self.page is not None:
            out += f" p{self.page}"
        if self.paragraph is not None:
            out += f" ¶{self.paragraph}"
        if self.table is not None:
            out += f" 表{self.table}"
        if self.row is not None:
            out += f" 行{self.row}"
        if self.col is not None:
            out += f" 列{self.col}"
        if self.sheet is not None:
            out += f" {self.sheet}!{self.cell or ''}"
        return out


_LOCATION_FIELDS = tuple(f.name for f in fields(Location))


@dataclass(slots=True)
class Span:
    """A piece of text with the location of its first character.

    ``column`` (text from one source line) is the 0-based column of ``text[0]`` in that line,
    so that sub-spans can be located exactly; ``boxes`` (PDF) gives one box per character and
    ``conf`` (text read by OCR) the recogniser's confidence in each character (0–1).
    A grid cell merged over several rows appears in each row it covers; ``merged`` is then
    the location of its first (top-left) position, in every copy and in the cell itself.
    """

    text: str
    loc: Location
    column: int | None = None
    boxes: list[tuple[float, float, float, float]] | None = None
    merged: Location | None = None
    conf: list[float] | None = None

    def __reduce__(self):
        return (Span, (self.text, self.loc, self.column, self.boxes, self.merged, self.conf))

    def confidence(self, start: int, end: int) -> float | None:
        """The OCR confidence of ``text[start:end]`` (its least sure character), else None."""
        if self.conf is None:
            return None
        part = [c for c, ch in zip(self.conf[start:end], self.text[start:end], strict=False) if not ch.isspace()]
        return min(part) if part else None

    @property
    def repeated(self) -> bool:
        """A merged cell's copy in a row below its first one."""
        return self.merged is not None and self.merged != self.loc

    def locate(self, start: int, end: int) -> Location:
        """Location of ``text[start:end]``."""
        if self.boxes:
            part = self.boxes[start:max(end, start + 1)] or self.boxes[-1:]
            box = (min(b[0] for b in part), min(b[1] for b in part),
                   max(b[2] for b in part), max(b[3] for b in part))
            return replace(self.loc, bbox=(round(box[0], 1), round(box[1], 1), round(box[2], 1), round(box[3], 1)))
        if self.loc.line is None or self.column is None or not self.text:
            return self.loc
        first = self.column + min(start, len(self.text) - 1)
        last = self.column + min(max(end - 1, start), len(self.text) - 1)
        loc = self.loc
        if loc.table is None and loc.page is None and loc.sheet is None and loc.paragraph is None:
            return Location(loc.path, loc.line, first + 1, last + 1)
        return replace(loc, column=first + 1, end_column=last + 1)


@dataclass(slots=True)
class Table:
    """A grid of cells, merged cells already expanded by the reader; ``hidden``: in a part
    of a web page not shown (``display: none``), which a script may show (a tab) or not (a
    stale copy)."""

    rows: list[list[Span]]
    loc: Location
    hidden: bool = False


@dataclass(slots=True)
class Document:
    """A report as read: blocks in reading order plus reader metadata."""

    path: str
    blocks: list[Span | Table] = field(default_factory=list)
    meta: dict = field(default_factory=dict)


def excerpt(text: str, start: int, end: int, width: int = 40) -> str:
    """The source text around ``text[start:end]``, trimmed to about ``2 * width`` chars."""
    a, b = max(0, start - width), min(len(text), end + width)
    return ("…" if a else "") + text[a:b].strip() + ("…" if b < len(text) else "")
