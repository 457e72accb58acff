"""Plain-text and Markdown reports (text extracted from web pages or PDFs).

Each line becomes a :class:`Span`; runs of ``|``-separated lines become a :class:`Table`.
Page furniture (URL lines, ``-3-`` page numbers, ``第 3 页``) is dropped here, so that
nothing after the reader sees it.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from validator.messages import Text
from validator.model.document import Document, Location, Span, Table
from validator.model.errors import ReadError
from validator.readers.limits import check_size

_URL = re.compile(r"(?:https?://|file:///?|www\.)[\w./?%&=#:;~+\-]+", re.IGNORECASE)
PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3}|page\s*\d{1,3}(?:\s*of\s*\d{1,3})?)\s*$",
    re.IGNORECASE,
)
_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
# a table drawn with box-drawing characters (or "+---+" ASCII grids): its rule lines are no
# text, its vertical bars separate cells like "|"
_BOX_RULE = re.compile(r"^\s*(?=.*[┌┐└┘├┤┬┴┼╔╗╚╝╠╣╦╩╬╒╕╘╛╞╡╤╧╪╓╖╙╜╟╢╥╨╫┏┓┗┛┣┫┳┻╋+])"
                       r"[─━═┄┅┈┉╌╍\-=+┌┐└┘├┤┬┴┼╔╗╚╝╠╣╦╩╬╒╕╘╛╞╡╤╧╪╓╖╙╜╟╢╥╨╫┏┓┗┛┣┫┳┻╋│┃║\s]{3,}$")
_BARS = str.maketrans("│┃║┆┇┊┋｜", "||||||||")


def decode(data: bytes, path: str) -> str:
    """Decode report bytes: BOM, then UTF-8, then a detected Chinese encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        lenient = data.decode("utf-8", errors="replace")
        # a few damaged bytes (a page cut mid-character) should not lose the whole report
        if lenient.count("\ufffd") <= max(2, len(lenient) // 100) and _looks_chinese(lenient):
            return lenient
    for enc in ("gb18030",):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _looks_chinese(text):
            return text
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ReadError(path, Text.of("read.text_undecodable"))
    return str(best)


def _looks_chinese(text: str) -> bool:
    cjk = sum(1 for ch in text[:4000] if "\u4e00" <= ch <= "\u9fff")
    return cjk >= max(4, len(text[:4000]) // 20)


def read(path: Path) -> Document:
    """Read a text report into the document model."""
    check_size(path)
    data = path.read_bytes()
    if not data.strip():
        raise ReadError(str(path), Text.of("read.empty"))
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError(str(path), Text.of("read.binary"))
    text = decode(data, str(path))
    meta: dict = {"format": "text"}
    return Document(str(path), list(_blocks(text.splitlines(), str(path), meta)), meta)


def _blocks(lines: list[str], path: str, meta: dict):
    table: list[list[Span]] = []
    table_start = 0
    tables = 0
    for number, raw in enumerate(lines, start=1):
        line = _URL.sub(lambda m: " " * len(m.group()), raw)
        if _BOX_RULE.match(line):
            continue
        if _is_pipe_row(bars := line.translate(_BARS)):
            line = bars
            if _PIPE_SEPARATOR.match(line):
                continue
            if not table:
                table_start, tables = number, tables + 1
            table.append(_pipe_cells(line, number, path, tables, len(table) + 1))
            continue
        # cells copied from a table: tab-separated (a row of them all blank, in a table: blank cells)
        if line.count("\t") >= 2 and (line.strip() or table):
            if not table:
                table_start, tables = number, tables + 1
            table.append(_tab_cells(line, number, path, tables, len(table) + 1))
            continue
        if table:
            yield Table(_trimmed(table), Location(path, line=table_start))
            table = []
        if not line.strip() or is_noise(line):
            if is_pager(stripped := line.strip()) and (pages := pager_pages(stripped)) > 1:
                meta["split_pages"] = max(pages, meta.get("split_pages", 0))  # the rest: other pages
            continue
        yield Span(line, Location(path, line=number), 0)
    if table:
        yield Table(_trimmed(table), Location(path, line=table_start))


def _trimmed(rows: list[list[Span]]) -> list[list[Span]]:
    """Rows of a grid copied whole (as many fields each: a sheet's selection) cut after the
    last column that holds anything in any row (an empty column copied along: "21\t\t" is no
    blank cell after 21). Rows of differing lengths (a page's table copied by a browser:
    merged header cells are one field) keep their own empty fields: cells left blank."""
    if len({len(row) for row in rows}) > 1:
        return rows
    width = max((i + 1 for row in rows for i, cell in enumerate(row) if cell.text), default=0)
    return [row[:width] for row in rows]


# a browser's print header: "11/28/26, 4:40 AM <page title>", "2024/1/15 上午10:23 <title>"
_PRINT_STAMP = re.compile(r"^\s*\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s+(?:上午|下午)?\d{1,2}:\d{2}(?::\d{2})?"
                          r"\s*(?:[AaPp][Mm]\b|上午|下午)?")


def is_noise(line: str) -> bool:
    """Page furniture: page numbers such as "-3-", "第 3 页", "3/12" (alone, or after a URL: a
    browser's print footer), URLs (blanked apart), a browser's print header (date and time,
    then the page title), a web page's pager ("共2页 首页 上一页 1 2 下一页 尾页")."""
    rest = _URL.sub("", line).strip()
    return bool(PAGE_NUMBER.match(line) or _PRINT_STAMP.match(line) or not rest
                or (rest != line.strip() and PAGE_NUMBER.match(rest)) or is_pager(rest))


# a web page's pager: page links and numbers, "共N页", "转到第 页", nothing else
_PAGER_WORD = re.compile(r"首页|上一页|下一页|尾页|末页|前一页|后一页")
_PAGER = re.compile(r"(?:共\s*\d+\s*页|第\s*\d+\s*页|首页|上一页|下一页|尾页|末页|前一页|后一页|转到第?|跳转到?第?|页|"
                    r"\d+|[<>«»‹›…,，|/:：.\-\s\[\]]|go|GO|Go)++")  # possessive: no backtracking


def is_pager(line: str) -> bool:
    """Whether a line is a web page's pager (two of its page links at least, and numbers)."""
    return "页" in line and len(_PAGER_WORD.findall(line)) >= 2 and _PAGER.fullmatch(line.strip()) is not None


_PAGES = re.compile(r"共\s*(\d{1,3})\s*页")


def pager_pages(line: str) -> int:
    """How many pages a pager says the article has: its "共N页", else its highest page link
    (at least two: a pager is shown for more than one page)."""
    stated = _PAGES.search(line)
    if stated:
        return int(stated.group(1))
    return max((int(n) for n in re.findall(r"(?<!\d)\d{1,3}(?!\d)", line)), default=2)


def _is_pipe_row(line: str) -> bool:
    stripped = line.strip()
    return stripped.count("|") >= 2 and (stripped.startswith("|") or stripped.endswith("|"))


def _tab_cells(line: str, number: int, path: str, table: int, row: int) -> list[Span]:
    """Cells of a tab-separated row (empty cells kept), with grid positions."""
    cells, start = [], 0
    for col, part in enumerate(line.split("\t"), start=1):
        lead = len(part) - len(part.lstrip())
        cells.append(Span(part.strip(), Location(path, line=number, table=table, row=row, col=col),
                          start + lead))
        start += len(part) + 1
    return cells


def _pipe_cells(line: str, number: int, path: str, table: int, row: int) -> list[Span]:
    """Cells of a ``|``-separated row (empty cells kept), with grid positions."""
    cells: list[Span] = []
    bars = [i for i, ch in enumerate(line) if ch == "|"]
    stripped = line.strip()
    edges = bars[:]
    if not stripped.startswith("|"):
        edges.insert(0, -1)
    if not stripped.endswith("|"):
        edges.append(len(line))
    for left, right in itertools.pairwise(edges):
        start, end = left + 1, right
        while start < end and line[start].isspace():
            start += 1
        while end > start and line[end - 1].isspace():
            end -= 1
        cells.append(Span(line[start:end], Location(path, line=number, column=start + 1, table=table,
                                                     row=row, col=len(cells) + 1), start))
    return cells
