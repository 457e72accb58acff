"""HTML reports: whole government web pages or fragments.

lxml parses without network access; scripts, styles and form controls are dropped (a form
itself is a container: ASP.NET pages put the whole body in one). Text of block elements
becomes paragraphs (a table's caption too, before the table); every data table (one with no
table inside it) becomes a :class:`Table` whose cells carry their grid position
(rowspan/colspan resolved), table index and source line. Layout tables that wrap the page
are walked through as containers. Pictures the page carries are read by OCR where they stand
(``html_pictures``).
"""

from __future__ import annotations

import re
from pathlib import Path

from validator.messages import Text
from validator.model.document import Document, Location, Span, Table
from validator.model.errors import ReadError
from validator.readers.limits import check_size
from validator.readers.text import is_pager, pager_pages

_DROP = {"script", "style", "noscript", "template", "iframe", "object", "embed", "select",
         "button", "textarea", "svg", "canvas", "head", "del", "s", "strike"}  # del, s, strike: text struck out
_FRAMES = {"iframe", "embed", "object"}  # what they show may be the report (a PDF): named
_BLOCK = {"p", "div", "section", "article", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
          "tr", "table", "blockquote", "pre", "header", "footer", "nav", "aside", "main", "dl",
          "dt", "dd", "center", "body", "html", "caption", "hr", "address", "figure", "form"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)
_WS = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")


def decode(data: bytes, path: str, declared: str | None = None) -> str:
    """The charset ``declared`` outside the page (a MIME part's header), then a BOM, a
    ``<meta>`` charset, then as text (UTF-8, then detection)."""
    from validator.readers.text import decode as decode_text

    if declared and (text := _as_declared(data, declared)) is not None:
        return text
    m = None if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) \
        else _META_CHARSET.search(data[:8192])
    if m and (text := _as_declared(data, m.group(1).decode("ascii", "ignore"))) is not None:
        return text
    return decode_text(data, path)


def _as_declared(data: bytes, name: str) -> str | None:
    """``data`` in the charset ``name`` says (GB2312 and GBK read as their superset GB18030),
    or None where it is unknown or does not fit."""
    name = name.lower()
    if _WESTERN.match(name) and not data.isascii():
        return None  # a site template's charset: any bytes decode, the page's Chinese is lost
    try:
        return data.decode("gb18030" if name in ("gb2312", "gbk", "x-gbk") else name)
    except (LookupError, UnicodeDecodeError):
        return None


_WESTERN = re.compile(r"(?:iso[-_]?8859[-_]\d+|latin[-_]?1|l1|windows-125\d|cp125\d|us-ascii|ascii)$")


def read(path: Path) -> Document:
    """Read an HTML page or fragment into the document model."""
    check_size(path)
    data = path.read_bytes()
    if not data.strip():
        raise ReadError(str(path), Text.of("read.empty"))
    return read_text(path, decode(data, str(path)))


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # no character of a page (Word's \v: a line break)


def read_text(path: Path, text: str, carried: dict[str, bytes] | None = None) -> Document:
    """Read a page's decoded ``text`` (the pictures it shows: beside ``path`` on disk, or
    ``carried`` with it, by address)."""
    from lxml import etree

    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    if _CONTROL.search(text):  # lxml keeps them in text it then refuses to take back
        text = _CONTROL.sub(" ", text)
    # lxml.etree's own elements (lxml.html's element classes cost a Python call per node)
    parser = etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True,
                              huge_tree=False, recover=True)
    try:
        root = etree.fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ReadError(str(path), Text.of("read.html_unparseable", detail=str(exc))) from None
    if root is None:
        raise ReadError(str(path), Text.of("read.html_unparseable", detail="no document"))
    meta: dict = {"format": "html"}
    heads = _heads(root)
    title = _title(heads)
    if title:
        meta["title"] = title
    published = _published(heads)
    if published:
        meta["published"] = published
    walker = _Walker(str(path))
    try:
        walker.walk(root)
    except RecursionError:
        raise ReadError(str(path), Text.of("read.html_too_deep")) from None
    walker.flush()
    if walker.attachments:
        meta["attachments"] = walker.attachments
    if walker.split_pages > 1:
        meta["split_pages"] = walker.split_pages
    if walker.hidden_spans:
        meta["hidden_spans"] = walker.hidden_spans
    if walker.pictures:
        from validator.readers.html_pictures import read_pictures

        read_pictures(path, walker.blocks, walker.pictures, meta, carried)
    return Document(str(path), walker.blocks, meta)


def _heads(root) -> tuple[list, list, list, list]:
    """The page's meta, h1, h2/h3 and title elements, in one pass over its tree (in C)."""
    metas: list = []
    h1s: list = []
    subs: list = []
    titles: list = []
    for el in root.iter("meta", "h1", "h2", "h3", "title"):
        {"meta": metas, "h1": h1s, "title": titles}.get(el.tag, subs).append(el)
    return metas, h1s, subs, titles


def _title(heads: tuple[list, list, list, list]) -> str | None:
    """The article's title: the first of its meta ArticleTitle, headings (h1, then h2/h3) and
    <title> that names a report (报告) of a year, else one of no year, else the first of them at
    all (h2/h3 aside: a page's sidebar and sections have them). A heading that is a link is
    another page's title (related articles)."""
    metas, h1s, subs, titles = heads
    groups = ([m.get("content") for m in metas if m.get("name") == "ArticleTitle" and m.get("content") is not None],
              ["".join(h.itertext()) for h in h1s], ["".join(h.itertext()) for h in subs if not _linked(h)],
              [t.text for t in titles if t.text])
    found = [[_WS.sub(" ", t).strip() for t in texts if t and t.strip()] for texts in groups]
    reports = [t for texts in found for t in texts if "报告" in t or "報告" in t]
    dated = next((t for t in reports if _YEAR.search(t)), None)  # (a sidebar's "年度报告" names no year)
    return dated or next(iter(reports), None) or next((texts[0] for texts in (found[0], found[1], found[3])
                                                        if texts), None)


_YEAR = re.compile(r"(?:19|20)\d\d")


def _linked(heading) -> bool:
    """A heading that is a link, or holds one: another page's title (related articles, a
    sidebar's list), not the article's."""
    parent = heading.getparent()
    return next(heading.iter("a"), None) is not None or (parent is not None and parent.tag == "a")


_DATE = re.compile(r"((?:19|20)\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})")


def _published(heads: tuple[list, list, list, list]) -> str | None:
    """A CMS page's publication date from its meta tags (PubDate, publishdate, DC.date…)."""
    names = ("pubdate", "publishdate", "publish_date", "dc.date", "dcterms.issued",
             "article:published_time", "firstpublishedtime")
    for el in heads[0]:
        if el.get("content") is None:
            continue
        name = (el.get("name") or el.get("property") or "").lower()
        m = _DATE.search(el.get("content") or "") if name in names else None
        if m:
            y, mo, d = (int(g) for g in m.groups())
            if 1 <= mo <= 12 and 1 <= d <= 31:
                return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


# a part's heading, numbered, no number in it ("三、收到和处理政府信息公开申请情况")
_HEADING_ALT = re.compile(r"^[一二三四五六七八九十]、[^\d]{2,30}$")


class _Walker:
    """Depth-first walk collecting paragraphs and data tables in reading order."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.blocks: list[Span | Table] = []
        self.buffer: list[str] = []
        self.line: int | None = None
        self.tables = 0
        self.pictures: list = []  # html_pictures.Picture, each where it stands
        self.attachments: list[str] = []  # names of the files the page links to (attachment)
        self.split_pages = 0  # pages a pager says the article has (0: no pager)
        self.hidden = 0  # containers not shown around the element walked
        self.hidden_spans: list[int] = []  # (block indices of) paragraphs in them

    def flush(self) -> None:
        text = _WS.sub(" ", "".join(self.buffer)).strip()
        if text:
            for part in text.split("\n"):
                part = part.strip()
                if not part:
                    continue
                if is_pager(part):  # a pager's page numbers are no values; the rest of the article is on other pages
                    self.split_pages = max(self.split_pages, pager_pages(part))
                    continue
                if self.hidden:
                    self.hidden_spans.append(len(self.blocks))
                self.blocks.append(Span(part, Location(self.path, line=self.line)))
        self.buffer, self.line = [], None

    def walk(self, el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if tag in _DROP:  # (a hidden container is read: pages reveal tabs and panes by script)
            if tag in _FRAMES:
                self.attachments += embedded(el)
            self._tail(el)
            return
        if tag == "table" and not el.xpath(".//table"):
            self.flush()
            for caption in el.iterchildren("caption"):  # often the part's heading
                self.walk(caption)
            self._table(el, self.hidden > 0 or _invisible(el))
            self._tail(el)
            return
        if tag == "div" and (rows := _div_rows(el)) is not None:  # a table drawn with divs
            self.flush()
            self.tables += 1
            self.blocks.append(Table(_place(rows, self.path, self.tables),
                                     Location(self.path, line=el.sourceline, table=self.tables),
                                     self.hidden > 0 or _invisible(el)))
            self._tail(el)
            return
        hides = False
        if tag in _BLOCK:
            self.flush()
            hides = _invisible(el)  # read all the same (a tab); its tables marked hidden
            self.hidden += hides
        if tag == "br":
            self.buffer.append("\n")
        elif tag == "img":
            from validator.readers.html_pictures import picture

            self.pictures.append(picture(len(self.blocks), el))  # before the paragraph it is in
            alt = (el.get("alt") or "").strip()
            if _HEADING_ALT.match(alt):  # a heading drawn as a picture, its words in its alt text
                self._add(alt, el)
        elif tag == "a":
            name = attachment(el)
            if name:
                self.attachments.append(name)
        if el.text:
            self._add(el.text, el)
        for child in el:
            self.walk(child)
        if tag in _BLOCK:
            self.flush()
            self.hidden -= hides
        self._tail(el)

    def _tail(self, el) -> None:
        if el.tail:
            self._add(el.tail, el)

    def _add(self, text: str, el) -> None:
        if self.line is None:
            self.line = getattr(el, "sourceline", None)
        self.buffer.append(text)

    def _table(self, el, hidden: bool) -> None:
        self.tables += 1
        index = self.tables
        rows = [_grid_row(tr) for tr in _rows(el)]
        self.blocks.append(Table(_place(rows, self.path, index), Location(self.path, line=el.sourceline, table=index),
                                 hidden))


_FILES = (".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".et", ".ofd", ".zip", ".rar", ".7z")
_FILE = re.compile(r"\.(?:pdf|docx?|wps|xlsx?|et|ofd|zip|rar|7z)\b")  # a file's suffix in an address


def attachment(a) -> str | None:
    """The name of the file a link offers for download (a report published as an attachment:
    "附件：……年度报告.pdf"), by the link's address or its text; None for other links."""
    text = (a.text or "") if len(a) == 0 else "".join(a.itertext())
    return _file_name((a.get("href") or "").strip(), text.strip())


def embedded(el) -> list[str]:
    """The files a frame, embed or object shows (a report embedded as a PDF, also through a
    viewer page: "viewer.html?file=/upload/report.pdf"), and those an object's fallback
    links offer."""
    from urllib.parse import parse_qsl, urlsplit

    names = []
    for address in filter(None, (el.get("src"), el.get("data"))):
        try:
            query = [v for _, v in parse_qsl(urlsplit(address.strip()).query)]
        except ValueError:
            query = []
        names += [n for a in (address.strip(), *query) if (n := _file_name(a, ""))][:1]
    return names + [n for a in el.iter("a") if (n := attachment(a))]


def _file_name(href: str, label: str) -> str | None:
    from urllib.parse import unquote, urlsplit

    low = href.lower()
    if low.startswith(("mailto:", "tel:")):
        return None
    if label.lower().endswith(_FILES) and len(label) <= 200:
        return _WS.sub(" ", label)
    if not _FILE.search(low) or low.startswith("javascript:"):
        return None  # most links: a page, not a file
    try:
        path = unquote(urlsplit(href).path)
    except ValueError:  # an address no URL parser accepts ("http://[x")
        return None
    if not path.lower().endswith(_FILES):
        return None
    label = _WS.sub(" ", label)
    name = path.rsplit("/", 1)[-1]
    return f"{label} ({name})" if label and label.rstrip("：:") not in _GENERIC and len(label) <= 200 else name


_GENERIC = {"下载", "点击下载", "附件", "下载附件", "附件下载", "点击此处", "点击查看", "查看", "原文",
            "download", "here", "click here"}


# text, source line, rowspan, colspan (and where a CSS grid places it, the column)
Cell = tuple[str, int | None, int, int] | tuple[str, int | None, int, int, int | None]


def _div_rows(el) -> list | None:
    """The rows of a table drawn with divs (``html_divs``), or None: asked only where the div's
    style, or its first child's, says how it is laid out."""
    style = el.get("style")
    if not (style and "display" in style.lower()):
        first = next((c for c in el if isinstance(c.tag, str)), None)
        if first is None or "flex" not in (first.get("style") or "").lower():
            return None
    from validator.readers import html_divs

    return html_divs.rows(el, lambda cell: "" if _left_out(cell) else _cell_text(cell))


def _grid_row(tr) -> list[Cell]:
    """The row's cells with their row and column spans (grid columns are placed later)."""
    return [(_cell_text(td), td.sourceline, _span(td, "rowspan"), _span(td, "colspan"))
            for td in tr if isinstance(td.tag, str) and td.tag.lower() in ("td", "th") and not _left_out(td)]


def _left_out(td) -> bool:
    """A cell a browser gives no column (``hidden``, ``display: none``: an export's helper
    column); one merely not seen (``visibility: hidden``) keeps its column, empty."""
    if td.get("hidden") is not None:
        return True
    style = td.get("style")
    return bool(style) and "display" in (low := style.lower()) and _DISPLAY_NONE.search(low) is not None


_DISPLAY_NONE = re.compile(r"display\s*:\s*none")


def _place(rows: list[list[Cell]], path: str, table: int) -> list[list[Span]]:
    """Grid columns resolved (rowspan/colspan); a cell merged over rows is repeated in each
    row it covers (``Span.merged``), so that every row shows what stands in it."""
    grid: list[dict[int, Span | None]] = [{} for _ in range(len(rows) + 1)]  # 1-based rows
    for r, row in enumerate(rows, start=1):
        mine, c = grid[r], 1
        for cell in row:
            text, line, rowspan, colspan = cell[:4]
            if len(cell) > 4 and cell[4]:  # a column the page places the cell in (a CSS grid)
                c = cell[4]
            while c in mine:
                c += 1
            first = Location(path, line, None, None, None, None, table, r, c)
            if rowspan == colspan == 1:
                mine[c] = Span(text, first)
                c += 1
                continue
            for dr in range(min(rowspan, len(rows) - r + 1)):
                below = grid[r + dr]
                for dc in range(colspan):
                    below[c + dc] = None
                if dr:
                    below[c] = Span(text, Location(path, line, None, None, None, None, table, r + dr, c),
                                    merged=first)
            mine[c] = Span(text, first, merged=first if rowspan > 1 else None)
            c += colspan
    return [[s for _, s in sorted(cells.items()) if s is not None] for cells in grid[1:]]


def _rows(table) -> list:
    """The table's own rows (not those of nested tables), in the order a browser draws them
    (a ``<tfoot>`` last, wherever it stands); rows nobody sees (Word's zero-height row of
    column widths, ``display: none``) are left out."""
    rows = [tr for tr in table.iter("tr") if _owner(tr) is table and not _hidden(tr)]
    foot = [tr for tr in rows if _in_foot(tr, table)]
    return [tr for tr in rows if tr not in foot] + foot if foot else rows


def _in_foot(tr, table) -> bool:
    parent = tr.getparent()
    return parent is not None and parent is not table and parent.tag == "tfoot" and parent.getparent() is table


# of a style in lower case; struck-through text is a value deleted ("<span style='text-decoration:
# line-through'>11</span>10")
_NONE = re.compile(r"display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|text-decoration[^;]*line-through")


def _invisible(el, marks: bool = False) -> bool:
    """What a browser does not show: the ``hidden`` attribute, ``display: none``,
    ``visibility: hidden`` — asked of a table's rows and what its cells hold (a stale row kept
    out of sight), not of containers, which pages show by script (tabs, panes). ``marks``: a
    footnote mark raised by ``vertical-align: super`` too ("83" and a raised "1")."""
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return bool(style) and _style_hides(style, marks)


def _style_hides(style: str, marks: bool) -> bool:
    """Whether an element's ``style`` hides it (or raises it as a mark, with ``marks``)."""
    style = style.lower()  # words to look for first: Word's spans all carry a style, its cells "border:none"
    return (("display" in style or "visibility" in style or "line-through" in style)
            and _NONE.search(style) is not None) \
        or (marks and "super" in style and _SUPER.search(style) is not None)


_SUPER = re.compile(r"vertical-align\s*:\s*super")


_ZERO = re.compile(r"(?<![\w-])height\s*:\s*0(?:\.0*)?(?:pt|px|cm|mm)?\s*(?:;|$)", re.IGNORECASE)


def _hidden(tr) -> bool:
    """Not shown (:func:`_invisible`), or an empty row of zero height (a table row grows to
    its content, so only an empty one stays invisible)."""
    style = tr.get("style") or ""
    if _invisible(tr):
        return True
    zero = (tr.get("height") or "").strip() in ("0", "0px") or bool(_ZERO.search(style))
    return zero and not "".join(tr.itertext()).strip()


def _owner(tr):
    node = tr.getparent()
    while node is not None and (not isinstance(node.tag, str) or node.tag.lower() != "table"):
        node = node.getparent()
    return node


def _span(td, attr: str) -> int:
    value = td.get(attr)
    if value is None:
        return 1
    try:
        return max(1, min(int(value.strip() or 1), 1000))
    except ValueError:
        return 1


_SKIPPED_IN_CELLS = _DROP | {"sup"}
_LINE_BREAKS = frozenset(("br", "p", "div", "li"))


def _shown_text(td) -> str | None:
    """The cell's text with a line break before each line-breaking element, in C (lxml's
    text serialisation), when nothing in it may be hidden; else None (walked element by
    element). Word's cells nest spans and fonts in a paragraph: most take this way."""
    breaks = []
    for el in td.iterdescendants():
        tag = el.tag
        if not isinstance(tag, str):
            return None
        tag = tag.lower()
        if tag in _SKIPPED_IN_CELLS or el.get("hidden") is not None:
            return None
        style = el.get("style")
        if style and _style_hides(style, True):
            return None
        if tag in _LINE_BREAKS:
            breaks.append(el)
    if _invisible(td, marks=True):
        return None
    for el in breaks:  # a break at the start of the cell only adds an empty line, dropped
        if el.tag.lower() == "br":
            el.tail = "\n" + (el.tail or "")
        else:
            el.text = "\n" + (el.text or "")
    return _tostring(td, method="text", encoding=str, with_tail=False)


def _tostring(*args, **kwargs) -> str:
    """lxml's ``etree.tostring`` (imported on first use: this module is imported without lxml)."""
    global _tostring
    from lxml.etree import tostring

    _tostring = tostring
    return tostring(*args, **kwargs)


def _cell_text(td) -> str:
    if len(td) == 0:  # the common case: plain text in the cell
        style = td.get("style")
        return "" if style and _style_hides(style, False) else _WS.sub(" ", td.text or "").strip()
    text = _shown_text(td)
    if text is None:
        text = _walked_text(td)
    return "\n".join(p.strip() for p in _WS.sub(" ", text).split("\n") if p.strip())


def _walked_text(td) -> str:
    """The cell's text element by element: what is not shown left out, a line break before
    each line-breaking element that follows text."""
    parts: list[str] = []

    def visit(el) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in _SKIPPED_IN_CELLS or _invisible(el, marks=True):  # not shown; "83<sup>1</sup>"
            return
        if tag in _LINE_BREAKS and parts:
            parts.append("\n")
        if el.text:
            parts.append(el.text)
        for child in el:
            visit(child)
            if child.tail:
                parts.append(child.tail)

    visit(td)
    return "".join(parts)
