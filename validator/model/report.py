"""What the match stage hands on: a report's tables as template cells, plus parse issues."""

from __future__ import annotations

import sys
from array import array
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field

from validator.model.document import Location, Span, excerpt

# Cell status
VALUE = "value"  # a number was read
PLACEHOLDER = "placeholder"  # blank, "/", "-", "—", "无": counts as 0
MISSING = "missing"  # the row or table is not in the document
ABSENT_ROW = "absent"  # placeholder kind of the cells of a row the publisher left out
UNREADABLE = "unreadable"  # present but could not be read with certainty


@dataclass(slots=True)
class Cell:
    """One template cell as read from the document.

    Its location is computed on demand from the source span (most cells are never shown).
    """

    value: float | None
    status: str
    raw: str = ""
    placeholder: str | None = None
    span: Span | None = None  # the source span and the cell's range in it
    start: int = 0
    end: int = 0
    unit: str | None = None
    decimals: int = 0

    def __reduce__(self):  # compact and fast to pickle (batches send many cells)
        return (Cell, (self.value, self.status, self.raw, self.placeholder, self.span,
                       self.start, self.end, self.unit, self.decimals))

    @property
    def loc(self) -> Location | None:
        return None if self.span is None else self.span.locate(self.start, self.end)

    @property
    def excerpt(self) -> str | None:
        """The source text around the cell, for people."""
        return None if self.span is None else excerpt(self.span.text, self.start, self.end)

    @property
    def known(self) -> bool:
        return self.status in (VALUE, PLACEHOLDER)

    @property
    def arithmetic(self) -> float | None:
        """Value used in identities: placeholders count as 0, unknown is ``None``."""
        if self.status == VALUE:
            return self.value
        return 0.0 if self.status == PLACEHOLDER else None


_STATUS = (VALUE, PLACEHOLDER, MISSING, UNREADABLE)


class CompactCells(MutableMapping[tuple[str, str], "Cell"]):
    """A table's cells stored column-wise (a batch keeps thousands of reports in memory);
    :class:`Cell` objects, without source locations, are made on access. Read-only: reports
    are compacted after the checks, when nothing changes them any more.

    The key index is shared by every table of the same layout; raw text, placeholder and unit
    are kept only where they say more than the number itself.
    """

    __slots__ = ("_codes", "_decimals", "_extras", "_index", "_values")

    def __setitem__(self, key: tuple[str, str], cell: Cell) -> None:
        raise TypeError("compacted cells are read-only")

    def __delitem__(self, key: tuple[str, str]) -> None:
        raise TypeError("compacted cells are read-only")

    def __init__(self, cells: MutableMapping[tuple[str, str], Cell]) -> None:
        self._index = _shared_index(tuple(cells))
        self._values = array("d", (c.value if c.value is not None else float("nan")
                                   for c in cells.values()))
        self._codes = bytes(_STATUS.index(c.status) for c in cells.values())
        self._decimals = bytes(min(c.decimals, 255) for c in cells.values())
        self._extras = {i: (sys.intern(c.raw), c.placeholder, c.unit)
                        for i, c in enumerate(cells.values())
                        if c.placeholder or c.unit or c.raw != _plain(c.value)}

    def __reduce__(self):  # the index is shared again on the receiving side
        return (_restore, (tuple(self._index), self._values, self._codes, self._decimals,
                           self._extras))

    def shown(self) -> dict[tuple[str, str], float | None]:
        """Each cell's number, or None where it is not a number (fast path for output)."""
        return {k: (self._values[i] if self._codes[i] == 0 else None)
                for k, i in self._index.items()}

    def __getitem__(self, key: tuple[str, str]) -> Cell:
        i = self._index[key]
        stored = self._values[i]
        value = None if stored != stored else stored
        raw, place, unit = self._extras.get(i) or (_plain(value), None, None)
        return Cell(value, _STATUS[self._codes[i]], raw, place, unit=unit,
                    decimals=self._decimals[i])

    def __iter__(self):
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


def _restore(keys, values, codes, decimals, extras) -> CompactCells:
    cells = CompactCells.__new__(CompactCells)
    cells._index = _shared_index(keys)
    cells._values, cells._codes, cells._decimals, cells._extras = values, codes, decimals, extras
    return cells


_INDEXES: dict[tuple, dict] = {}


def _shared_index(keys: tuple) -> dict[tuple[str, str], int]:
    index = _INDEXES.get(keys)
    if index is None:
        index = _INDEXES[keys] = {k: i for i, k in enumerate(keys)}
    return index


def _plain(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(value)


@dataclass(slots=True)
class Issue:
    """A parse problem found while matching; the ``parse`` rule whose ``issue`` option names
    its code (``template.PARSE_ISSUES``) reports it."""

    code: str
    table: str | None
    row: str | None
    fields: dict = field(default_factory=dict)
    loc: Location | None = None
    excerpt: str | None = None


@dataclass(slots=True)
class TableResult:
    """One template table of one report."""

    table: str
    layout: str
    found: bool
    cells: MutableMapping[tuple[str, str], Cell] = field(default_factory=dict)
    rows_found: set[str] = field(default_factory=set)
    loc: Location | None = None
    # Subtotals printed on group-label rows (table 三 （三）…（六）): (group key, column) -> Cell.
    subtotals: dict[tuple[str, str], Cell] = field(default_factory=dict)


def shown_values(cells) -> dict[tuple[str, str], float | None]:
    """Each cell's number, or None where the cell holds no number."""
    if isinstance(cells, CompactCells):
        return cells.shown()
    return {k: (c.value if c.status == VALUE else None) for k, c in cells.items()}


@dataclass(frozen=True, slots=True)
class Part:
    """A free-text part (五, 六): its first characters, where its heading is, whether its end is
    known, how many sentences of substance it has and the topics (``template.PART_TOPICS``) it
    mentions."""

    excerpt: str
    loc: Location | None
    closed: bool
    sentences: int
    topics: tuple[str, ...]


@dataclass(slots=True)
class Meta:
    """What the match stage learnt about a document besides its tables."""

    sha256: str = ""  # of the file's bytes (the document's identity when agency or year is unknown)
    format: str | None = None  # the reader's format name
    title: str | None = None  # the page's title, when the reader found one
    published: str | None = None  # ISO date of publication the page or the text gives
    period_year: int | None = None  # the year the intro's statistics period names
    headings_anywhere: str = ""  # section numerals (一…六) found anywhere, in template order
    parts: tuple[int, int, int, str] | None = None  # the intro's "由……等N部分组成": N, items, named, sentence
    sketches: dict[str, tuple[int, bytes, int]] = field(default_factory=dict)  # section -> text sketch
    free_text: dict[str, Part] = field(default_factory=dict)  # parts 五 and 六 (match.parts)
    ocr: dict | None = None  # how the text was OCR'd (engine, pages, dpi) and, after the checks, its cells
    unread_pictures: dict | None = None  # pictures OCR would read were it on: {"count": n, "why": "missing"|"off"}
    attachments: list[str] | None = None  # files a web page links to for download (names)
    split_pages: int | None = None  # pages a web page's pager says the article is split into

    @classmethod
    def of(cls, doc_meta: Mapping[str, object]) -> Meta:
        """The reader's metadata (format, title, published, ocr, unread_pictures, attachments,
        split_pages)."""
        keys = ("format", "title", "published", "ocr", "unread_pictures", "attachments", "split_pages")
        return cls(**{k: v for k, v in doc_meta.items() if k in keys})  # type: ignore[arg-type]


@dataclass(slots=True)
class Report:
    """A matched report: metadata, tables, parse issues."""

    path: str
    agency: str | None = None
    year: int | None = None
    tables: dict[str, TableResult] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    sections: dict[str, Location | None] = field(default_factory=dict)
    meta: Meta = field(default_factory=Meta)
    statements: list = field(default_factory=list)  # match.prose.Statement

    def layouts(self) -> dict[str, str]:
        return {name: t.layout for name, t in self.tables.items()}

    def compact(self) -> None:
        """Drop what only the checks needed (source spans, statements): for large batches."""
        for res in self.tables.values():
            if not isinstance(res.cells, CompactCells):
                res.cells = CompactCells(res.cells)
        self.statements = []
        self.meta.parts = None  # read by the structure rules, which have run
        self.meta.free_text = {}  # read by the content rules, which have run

    @property
    def identity(self) -> str:
        """Stable document identity: agency and year, else the content hash."""
        if self.agency and self.year:
            return f"{self.agency}/{self.year}"
        return f"sha256:{self.meta.sha256[:16]}"
