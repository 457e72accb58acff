"""Meaning-preserving variations of annual reports, and the check that each reads like its
original (issue 10, item 5).

A *variation* changes what a careful reader would not count as content: the wording, spelling
or numbering of section headings, where a heading stands (inside the table as a merged title
row, or nowhere), sentences with years and dates, captions "单位：件", notes "注：……" and blank
paragraphs between a heading and its table, the order of the tables, table 四 transposed.
The *table variations* (``VARIATIONS.update`` below ``TOOLS``) change what publishers and staff
change in and around the tables: sentences that state the table's own counts before it, a
sentence or note right after it, captions with years; table 二 split into its blocks; rows
inside a table (unit, caption with year, title, note, an empty last row); a 序号 column; 合计,
half-width brackets, one-character typos, 规范性文件/行政规范性文件, full-width digits, thousands
separators; vertical labels, group labels on rows of their own; table 三 across a page break
with its header repeated and a running header/footer (and Chromium's own print header/footer);
CMS link tables with dates and counts; a layout table around the report; <font>/<span> soup.
A *format* is how the varied report is written: rendered from a block model (plain HTML,
Word-exported HTML, the same inside a government CMS page, DOCX, text, sheets, PDF printed by
Chromium or by LibreOffice) or, for real documents, the document itself edited in place (the
CMS page with lxml, the text with string operations).

Every variant must read exactly like its original: the same layout and (status, value) for
every template cell, and the same findings as (rule, severity, table, row, column, expected,
actual), locations excluded — except that a variation which changes the headings may change the
heading-structure warnings, structure.sections and structure.part-count (``Variation.allowed``;
never at error level).

Formats of the block model: ``html`` (plain), ``html-word`` (Word's "save as web page": styled
spans, <o:p>, and the zero-height row of empty cells Word puts under tables with merged cells),
``html-cms`` (the same soup, without that row, inside a CMS article page), ``docx``,
``pdf-chromium`` (the plain page printed by Chromium), ``pdf-lo`` (the DOCX printed by
LibreOffice), ``xlsx``, ``csv`` (as Excel saves it), ``tsv`` (a table copied as tab-separated
lines), ``txt-rows`` (a row's cells separated by spaces), ``txt-cells`` (a cell per line). In
place: ``page``, ``txt``, ``txt-glued``, ``pdf`` (identity only).

Sources (:func:`sources`): the cross-format fixture (``tests/fixtures/formats/report.html``,
the template filled in, and ``tests/fixtures/blank/report_blank.html``, its zero cells empty)
through the block model in every format; ``samples/*.txt`` and the seed report as text; the
corpus web pages in place; the corpus text with its cells run together as glued text; the
corpus PDF as itself only.

Used by ``tests/test_metamorphic.py`` (a sample, in CI) and ``scripts/metamorphic.py`` (all
sources × variations × formats). The inserted sentences are written for this harness; only
those of ``count-sentence`` and ``count-detail`` state counts, and those are the counts the
original's own tables read (``facts_of``), so they agree with the table.
"""

from __future__ import annotations

import copy
import csv
import html
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import lxml.html
from lxml import etree

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"
SHARED = Path(os.environ.get("GKCHECK_SHARED", ROOT.parent / "shared"))
BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
SOFFICE = shutil.which("soffice")

NUMERALS = "一二三四五六"
STATS = "二三四"  # the parts with a table
KIND_SECTION = {"active": "二", "applications": "三", "review": "四"}
SECTION_KIND = {v: k for k, v in KIND_SECTION.items()}
RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
GROUPS = ("行政复议", "未经复议直接起诉", "复议后起诉")


# ====================================================================== headings
# What a heading of each part is about: a short line "X、…" with one of these words and no digits.
_HEAD_WORDS = {"一": ("总体", "概述", "基本情况"), "二": ("主动公开",), "三": ("申请",),
               "四": ("复议", "诉讼"), "五": ("问题", "改进"), "六": ("其他", "事项", "说明")}
_HEAD = re.compile(r"^([一二三四五六])\s*[、.．]\s*(\S.{1,40})$")


def heading_of(text: str) -> tuple[str, str] | None:
    """(numeral, body) when ``text`` is a part heading of the template, else None."""
    t = re.sub(r"[\s\u3000\xa0]+", "", text)
    m = _HEAD.match(t)
    if not m or re.search(r"\d", m.group(2)) or len(t) > 40:
        return None
    numeral, body = m.groups()
    if numeral == "三" and not re.search("收到|处理", body):
        return None  # 三、本年度办理结果 is a row of table 三
    return (numeral, body) if any(w in body for w in _HEAD_WORDS[numeral]) else None


def _repeat(body: str) -> str:
    """A stray repeated character in the middle of the heading."""
    i = len(body) // 2
    while body[i] in "、和及的":
        i += 1
    return body[:i + 1] + body[i:]


def _swap(body: str) -> str:
    """Two neighbouring characters swapped."""
    i = len(body) // 2
    while body[i] in "、和及的" or body[i + 1] in "、和及的":
        i += 1
    return body[:i] + body[i + 1] + body[i] + body[i + 2:]


def _conjunction(body: str) -> str:
    """Another conjunction: 、→和, 和→及, 及→和 (the first one)."""
    m = re.search("[、和及]", body)
    if not m:
        return body
    return body[:m.start()] + {"、": "和", "和": "及", "及": "和"}[m.group()] + body[m.end():]


REWORDED = {"一": "工作总体情况", "二": "主动公开政府信息的情况", "三": "收到和处理政府信息公开申请的情况",
            "四": "因政府信息公开工作被申请行政复议和提起行政诉讼情况",
            "五": "政府信息公开工作存在的主要问题及改进情况", "六": "需要报告的其他事项"}


def _reword(s: str, body: str) -> str | None:
    return f"{s}、{REWORDED[s]}"


def _typo(fn: Callable[[str], str], parts: str) -> Callable[[str, str], str | None]:
    return lambda s, body: f"{s}、{fn(body)}" if s in parts else f"{s}、{body}"


def _renumber(s: str, body: str) -> str | None:
    """The narrative part unnumbered, the statistics parts numbered from 一 after it."""
    return body if s == "一" else f"{NUMERALS[NUMERALS.index(s) - 1]}、{body}"


# ====================================================================== inserted text
# Neutral sentences written for this harness: years and dates, never a count of anything.
SENTENCES = {
    "二": "{y}年，本机关主动公开政府信息的有关数据统计如下（数据截至{y}年12月31日）。",
    "三": "本机关{y}年度收到和处理政府信息公开申请的具体情况详见下表。",
    "四": "本机关{y}年度政府信息公开行政复议、行政诉讼情况统计如下表。",
}
NOTES = {
    "二": "注：本表数据由本机关政务公开工作机构汇总。",
    "三": "注：表中数据的统计时段为{y}年1月1日至{y}年12月31日。",
    "四": "注：本表按国家统一格式填报。",
}
CAPTION = "单位：件"


def _sentence(s: str, facts: dict | None = None) -> list[tuple[str, str]]:
    return [("body", SENTENCES[s])]


def _caption(s: str, facts: dict | None = None) -> list[tuple[str, str]]:
    return [("caption", CAPTION)] if s in "三四" else []


def _note(s: str, facts: dict | None = None) -> list[tuple[str, str]]:
    return [("note", NOTES[s])]


def _blank(s: str, facts: dict | None = None) -> list[tuple[str, str]]:
    return [("blank", ""), ("blank", "")]


def _draft(s: str, facts: dict | None = None) -> list[tuple[str, str]]:
    return [*_sentence(s), ("blank", ""), *_note(s), *_caption(s)]


# Sentences that state counts, the way staff introduce a table ("本年新收……73件，详见下表。"). The
# counts are those the original's tables read (``facts_of``), so the sentence agrees with the
# table: findings must not change. A clause is left out when its cell is not a plain number.
_FACTS = {
    "licensing": ("active_disclosure", "licensing", "decisions"),
    "penalty": ("active_disclosure", "penalty", "decisions"),
    "new": ("applications", "new_received", "total"),
    "carried": ("applications", "carried_over", "total"),
    "review": ("review_litigation", "review", "total"),
    "direct": ("review_litigation", "litigation_direct", "total"),
    "after": ("review_litigation", "litigation_after_review", "total"),
    "person": ("applications", "new_received", "natural_person"),
    "granted": ("applications", "granted", "total"),
    "partial": ("applications", "partially_granted", "total"),
}


_ORGS = ("commercial", "research", "social_welfare", "legal_services", "other_org")
_SUMS = {  # a count that is the sum of several cells of table 三: (rows, columns)
    "org": (("new_received",), _ORGS),
    "denied": (tuple(f"denied.{k}" for k in ("state_secret", "prohibited_by_law", "endangers_safety_stability",
                                             "third_party_rights", "internal_affairs", "process_information",
                                             "enforcement_case_file", "administrative_query")), ("total",)),
    "unable": (("unable.not_held", "unable.needs_creation", "unable.unclear_after_correction"), ("total",)),
}


def facts_of(reading: Reading) -> dict[str, int]:
    """The counts a sentence may state: cells the original reads as whole numbers, and sums of
    cells that are all read as whole numbers."""
    def value(table: str, row: str, column: str) -> int | None:
        cell = reading.tables.get(table, (None, False, {}))[2].get((row, column))
        if cell and cell[0] == "value" and cell[1] is not None and float(cell[1]).is_integer():
            return int(cell[1])
        return None

    out = {}
    for key, (table, row, column) in _FACTS.items():
        if (v := value(table, row, column)) is not None:
            out[key] = v
    for key, (rows, columns) in _SUMS.items():
        values = [value("applications", r, c) for r in rows for c in columns]
        if values and None not in values:
            out[key] = sum(values)
    return out


def count_sentence(s: str, facts: dict) -> str | None:
    """The sentence before the table of part ``s`` that states some of its counts."""
    f = facts
    if s == "二":
        parts = [f"作出行政许可决定{f['licensing']}件" if "licensing" in f else "",
                 f"行政处罚决定{f['penalty']}件" if "penalty" in f else ""]
        parts = [x for x in parts if x]
        return f"本年度{'、'.join(parts)}，具体情况如下表：" if parts else None
    if s == "三" and "new" in f:
        carried = f"，上年结转{f['carried']}件" if "carried" in f else ""
        return f"本年新收政府信息公开申请{f['new']}件{carried}，详见下表。"
    if s == "四" and "review" in f:
        suits = f"，被提起行政诉讼{f['direct'] + f['after']}件" if "direct" in f and "after" in f else ""
        return f"本年度因政府信息公开工作被申请行政复议{f['review']}件{suits}，具体情况如下表。"
    return None


def _counts(s: str, facts: dict | None = None) -> list[tuple[str, str]]:
    text = count_sentence(s, facts or {})
    return [("body", text)] if text else []


def detail_sentence(facts: dict) -> str | None:
    """A sentence before table 三 that reads almost like its rows: the new applications by
    applicant, then the outcomes (each as the table has it)."""
    f = facts
    if "new" not in f:
        return None
    who = f"，其中自然人申请{f['person']}件、法人或其他组织申请{f['org']}件" if "person" in f and "org" in f else ""
    names = (("granted", "予以公开"), ("partial", "部分公开"), ("denied", "不予公开"), ("unable", "无法提供"))
    outcomes = "，".join(f"{name}{f[k]}件" for k, name in names if k in f)
    return f"本年度共新收政府信息公开申请{f['new']}件{who}。" + (f"从办理结果看，{outcomes}。" if outcomes else "")


def _detail(s: str, facts: dict | None = None) -> list[tuple[str, str]]:
    text = detail_sentence(facts or {}) if s == "三" else None
    return [("body", text)] if text else []


AFTER = {
    "二": "{y}年全年主动公开工作按计划推进。",
    "三": "{y}年度依申请公开工作总体平稳有序。",
    "四": "{y}年度上述数据已报上级主管部门备案。",
}


TABLE_CAPTIONS = {
    "二": "表1　{y}年度主动公开政府信息情况统计表",
    "三": "表2　{y}年度政府信息公开申请办理情况统计表",
    "四": "表3　{y}年度政府信息公开行政复议、行政诉讼情况统计表",
}


def _table_caption(s: str, facts: dict | None = None) -> list[tuple[str, str]]:
    """A numbered caption with the year, and the unit under it (三/四)."""
    return [("caption", TABLE_CAPTIONS[s]), *_caption(s)]


# ====================================================================== variations
HEADING_RULES = frozenset({"structure.sections", "structure.part-count"})


@dataclass(frozen=True)
class Variation:
    """One meaning-preserving change. ``heading`` maps (numeral, body) to the new heading text
    (None: removed); ``insert`` gives the paragraphs (role, text) put right before the table of
    a part; ``title_row`` moves the headings of 二/三/四 into their tables; ``move`` = (part,
    part it is moved before); ``transpose`` turns table 四 round. ``allowed``: the rules whose
    findings may differ from the original's."""

    name: str
    doc: str
    heading: Callable[[str, str], str | None] | None = None
    insert: Callable[[str, dict | None], list[tuple[str, str]]] | None = None
    title_row: bool = False
    move: tuple[str, str] | None = None
    transpose: bool = False
    # The table variations (issue 10, the adversary's round): ``cells`` maps the text of every
    # cell of the template tables, (table kind, text) -> text (in text reports: every table
    # line of parts 二–四); ``model``, ``page`` and ``text`` edit the block model, a real page
    # (lxml root) and a text report's items in place, returning False where they do not apply;
    # ``render``: flags for the renderers; ``formats``: the only formats it applies to.
    cells: Callable[[str, str], str] | None = None
    model: Callable[[Model, Ctx], bool] | None = None
    page: Callable[[object, Ctx], bool] | None = None
    text: Callable[[list, Ctx], bool] | None = None
    render: frozenset[str] = frozenset()
    formats: frozenset[str] | None = None
    extra_allowed: frozenset[str] = frozenset()

    @property
    def allowed(self) -> frozenset[str]:
        changes = self.heading is not None or self.title_row or self.move is not None
        return (HEADING_RULES if changes else frozenset()) | self.extra_allowed


@dataclass
class Ctx:
    """What a variation needs beyond the document: the report's year and title, the counts
    its original reads (``facts_of``) and the format being written."""

    year: int
    title: str = ""
    facts: dict = field(default_factory=dict)
    fmt: str = ""


VARIATIONS: dict[str, Variation] = {v.name: v for v in [
    Variation("identity", "unchanged (the renderer or the in-place editor alone)"),
    Variation("reword", "every part heading reworded (四: 因政府信息公开工作被申请行政复议和提起行政诉讼情况)",
              heading=_reword),
    Variation("typo-repeat", "headings 二/三/四 with one character repeated", heading=_typo(_repeat, STATS)),
    Variation("typo-swap", "headings 二/三/四 with two characters swapped", heading=_typo(_swap, STATS)),
    Variation("typo-conj", "headings 三/四/五 with another conjunction (和/及/、)",
              heading=_typo(_conjunction, "三四五")),
    Variation("no-numeral", "every heading without its numeral", heading=lambda s, body: body),
    Variation("renumber", "narrative part unnumbered, the statistics parts numbered 一/二/三 after it",
              heading=_renumber),
    Variation("title-row", "headings of 二/三/四 moved into their tables as a merged first row",
              title_row=True),
    Variation("no-heading", "headings of 二/三/四 removed",
              heading=lambda s, body: None if s in STATS else f"{s}、{body}"),
    Variation("sentence", "a sentence with the year (and a date) between each heading and its table",
              insert=_sentence),
    Variation("caption", "\"单位：件\" above tables 三 and 四", insert=_caption),
    Variation("note", "a note \"注：……\" (with dates in 三) between each heading and its table", insert=_note),
    Variation("blank", "two blank paragraphs between each heading and its table", insert=_blank),
    Variation("order-43", "part 四 (heading and table) before part 三", move=("四", "三")),
    Variation("order-2after3", "part 二 after part 三", move=("二", "四")),
    Variation("transpose-4", "table 四 transposed: a row per result, a column per group", transpose=True),
    Variation("draft", "headings reworded + sentence, blank, note and caption before every table",
              heading=_reword, insert=_draft),
]}


# ====================================================================== block model
@dataclass
class Para:
    text: str
    role: str = "body"  # title, heading, body, caption, note, blank
    section: str | None = None  # the part a heading opens


@dataclass
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Table:
    rows: list[list[Cell]]
    kind: str | None = None  # active, applications, review


@dataclass
class Model:
    blocks: list[Para | Table] = field(default_factory=list)

    @property
    def title(self) -> str:
        return next((b.text for b in self.blocks if isinstance(b, Para) and b.role == "title"), "")


def place(rows: list[list[tuple[int, int, object]]]) -> tuple[list[tuple[int, int, int, int, object]], int, int]:
    """Grid positions of cells given row by row as (rowspan, colspan, item): a list of
    (row, column, rowspan, colspan, item), the grid's height and width."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(rows):
        c = 0
        for rs, cs, item in row:
            while (r, c) in taken:
                c += 1
            out.append((r, c, rs, cs, item))
            taken.update((r + dr, c + dc) for dr in range(rs) for dc in range(cs))
            c += cs
    height = max((r + rs for r, _, rs, _, _ in out), default=0)
    width = max((c + cs for _, c, _, cs, _ in out), default=0)
    return out, height, width


def _table_place(t: Table):
    return place([[(c.rowspan, c.colspan, c) for c in row] for row in t.rows])


def _span(value: str | None) -> int:
    m = re.match(r"\s*(\d+)", value or "")
    return max(1, min(int(m.group(1)), 100)) if m else 1


def _cell_text(td) -> str:
    """A cell's text, line breaks (<br>, paragraphs) as "\\n", non-breaking spaces dropped."""
    td = copy.deepcopy(td)
    for br in td.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for p in td.iter("p"):
        p.tail = "\n" + (p.tail or "")
    lines = [re.sub(r"[ \t\r\xa0\u3000]+", " ", ln).strip() for ln in td.text_content().split("\n")]
    return "\n".join(ln for ln in lines if ln)


def _rows_of(table) -> list:
    return table.xpath("./tr|./tbody/tr|./thead/tr|./tfoot/tr")


def _cells_of(tr) -> list:
    return tr.xpath("./td|./th")


def table_kind(text: str) -> str | None:
    """Which template table a table (its text) is, by its content."""
    t = re.sub(r"\s", "", text)
    if "结果维持" in t and ("复议后起诉" in t or "未经复议" in t):
        return "review"
    if "本年新收" in t or "申请人情况" in t:
        return "applications"
    if "信息内容" in t and ("第二十条" in t or "行政许可" in t or "规章" in t):
        return "active"
    return None


def model_from_html(text: str) -> Model:
    """The block model of a report page: title, paragraphs and tables in document order
    (scripts, styles, navigation and footer left out)."""
    root = lxml.html.document_fromstring(text)
    for el in root.xpath("//script|//style|//*[@class='nav' or @class='footer']"):
        el.drop_tree()
    model = Model()
    for el in root.iter("h1", "h2", "h3", "p", "table"):
        if any(a.tag in ("table", "p") for a in el.iterancestors()):
            continue
        if el.tag == "table":
            rows = [[Cell(_cell_text(td), _span(td.get("rowspan")), _span(td.get("colspan")))
                     for td in _cells_of(tr)] for tr in _rows_of(el)]
            model.blocks.append(Table(rows, table_kind(el.text_content())))
            continue
        t = re.sub(r"\s+", " ", el.text_content().replace("\xa0", " ")).strip()
        head = heading_of(t)
        if el.tag == "h1" and not any(b.role == "title" for b in model.blocks if isinstance(b, Para)):
            model.blocks.append(Para(t, "title"))
        elif head:
            model.blocks.append(Para(t, "heading", head[0]))
        elif t:
            model.blocks.append(Para(t))
    return model


def year_of(text: str) -> int:
    """The report's year, from its title (政府信息公开…年度报告), else the first year named."""
    title = re.search(r"<title[^>]*>(.*?)</title>", text, re.S | re.I)
    for t in ([title.group(1)] if title else []) + [text]:
        m = re.search(r"(20\d\d)\s*年[度]?[^。，\n<]{0,30}?政府信息公开", t)
        if m:
            return int(m.group(1))
    m = re.search(r"(20\d\d)\s*年", text)
    return int(m.group(1)) if m else 2023


def transposed_review(values: list[str]) -> Table:
    """Table 四 the other way round: a row per result, a column per group (行政诉讼 over two)."""
    rows = [[Cell("项目", rowspan=2), Cell("行政复议", rowspan=2), Cell("行政诉讼", colspan=2)],
            [Cell("未经复议直接起诉"), Cell("复议后起诉")]]
    for k, label in enumerate(RESULTS):
        rows.append([Cell(label)] + [Cell(values[g * 5 + k]) for g in range(3)])
    return Table(rows, "review")


def _review_values(t: Table) -> list[str] | None:
    """The 15 values of table 四 in the template's layout (its last row)."""
    values = [c.text for c in t.rows[-1]] if t.rows else []
    return values if len(values) == 15 else None


# ---------------------------------------------------------------- variations on the model
def vary_model(model: Model, var: Variation, year: int, ctx: Ctx | None = None) -> Model | None:
    ctx = ctx or Ctx(year)
    m = copy.deepcopy(model)
    blocks = m.blocks
    tables = {b.kind: b for b in blocks if isinstance(b, Table) and b.kind}
    heads = {b.section: b for b in blocks if isinstance(b, Para) and b.role == "heading"}
    if var.transpose:
        values = _review_values(tables["review"])
        if values is None:
            return None
        new = transposed_review(values)
        blocks[blocks.index(tables["review"])] = new
        tables["review"] = new
    if var.title_row:
        for s in STATS:
            t, h = tables.get(SECTION_KIND[s]), heads.get(s)
            if t is not None and h is not None:
                width = _table_place(t)[2]
                t.rows.insert(0, [Cell(h.text, colspan=width)])
                blocks.remove(h)
                del heads[s]
    if var.insert:
        for s in STATS:
            t = tables.get(SECTION_KIND[s])
            if t is None:
                continue
            at = blocks.index(t)
            for role, text in reversed(var.insert(s, ctx.facts)):
                blocks.insert(at, Para(text.format(y=year), role))
    if var.move:
        what, before = var.move
        starts = [i for i, b in enumerate(blocks) if isinstance(b, Para) and b.role == "heading"]
        begin = blocks.index(heads[what])
        end = next((i for i in starts if i > begin), len(blocks))
        chunk = blocks[begin:end]
        del blocks[begin:end]
        at = blocks.index(heads[before])
        blocks[at:at] = chunk
    if var.heading:
        for s, h in list(heads.items()):
            body = heading_of(h.text)[1]
            new = var.heading(s, body)
            if new is None:
                blocks.remove(h)
            else:
                h.text = new
    if var.cells:
        changed = False
        for t in blocks:
            if isinstance(t, Table) and t.kind:
                for row in t.rows:
                    for c in row:
                        text = var.cells(t.kind, c.text)
                        changed |= text != c.text
                        c.text = text
        if not changed:
            return None
    if var.model and not var.model(m, ctx):
        return None
    return m


# ====================================================================== renderers
def _html_cell(text: str, soup: bool = False) -> str:
    if soup:
        return "<br/>".join(_soup_html(t) for t in text.split("\n"))
    return "<br/>".join(html.escape(t) for t in text.split("\n"))


def _soup_html(text: str) -> str:
    """A line of a cell as an editor's soup: <font><span><b>, the text (a number too) split
    over two spans."""
    cut = (len(text) + 1) // 2
    e = html.escape
    return (f"<font face='宋体' size='2'><span style='font-size:10.5pt'><b><span lang='EN-US'>{e(text[:cut])}"
            f"</span><span style='font-family:宋体'>{e(text[cut:])}</span></b></span></font>") if text else ""


def _layout_wrap(model: Model, body: str) -> str:
    """``body`` inside a layout table: a document map (the headings as links) in the left
    cell, the report in a nested one-cell table in the right one."""
    toc = "".join(f"<p><a href='#part{b.section}'>{html.escape(b.text)}</a></p>" for b in model.blocks
                  if isinstance(b, Para) and b.role == "heading")
    return ("<table width='100%' border='0' cellspacing='0' cellpadding='0'><tr>"
            f"<td width='18%' valign='top'><p>文档结构</p>{toc}</td><td valign='top'>"
            f"<table width='100%' border='0'><tr><td>\n{body}\n</td></tr></table></td></tr></table>")


def _html_table(b: Table, flags: frozenset[str], td_attrs: str = "", caption: str = "") -> list[str]:
    h = header_rows(b) if "thead" in flags else 0
    cls = " class='tall'" if b.kind == "applications" else ""
    head = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    out = [f"<table{cls}>{head}"] + (["<thead>"] if h else [])
    for i, row in enumerate(b.rows):
        if h and i == h:
            out.append("</thead><tbody>")
        cells = "".join(
            f"<td{td_attrs}" + (f" rowspan='{c.rowspan}'" if c.rowspan > 1 else "")
            + (f" colspan='{c.colspan}'" if c.colspan > 1 else "") + f">{_html_cell(c.text, 'soup' in flags)}</td>"
            for c in row)
        out.append(f"<tr>{cells}</tr>")
    out += (["</tbody>"] if h else []) + ["</table>"]
    return out


def _print_css(model: Model) -> str:
    """A4 pages with a running header (the title) and footer (page number), table 三's rows
    tall enough for it to cross a page, its header repeated."""
    title = model.title.replace('"', "")
    return ("@page{size:A4;margin:22mm 16mm;@top-center{content:\"" + title + "\";font-size:9pt}"
            "@bottom-center{content:\"— \" counter(page) \" —\";font-size:9pt}}"
            "thead{display:table-header-group}table.tall td{height:30px}")


def render_html(model: Model, flags: frozenset[str] = frozenset()) -> str:
    """Plain HTML: paragraphs and ruled tables with rowspan/colspan. ``flags``: ``thead``
    (table 三's header rows in <thead>), ``print`` (page CSS: running header and footer, table
    三 across a page), ``soup`` (cells as <font>/<span> soup), ``layout`` (in a layout table)."""
    e = html.escape
    out = ["<!DOCTYPE html><html><head><meta charset='utf-8'>", f"<title>{e(model.title)}</title>",
           "<style>body{font-family:'Noto Serif CJK SC',serif;font-size:12px}"
           "table{border-collapse:collapse;margin:6px 0}td{border:1px solid #000;padding:2px 4px;"
           "font-size:10px}.caption{text-align:right}" + (_print_css(model) if "print" in flags else "")
           + "</style></head><body>"]
    body = []
    blocks = model.blocks
    for k, b in enumerate(blocks):
        if isinstance(b, Table):
            above = blocks[k - 1] if k else None
            caption = above.text if "caption-element" in flags and _captioned(above) else ""
            body += _html_table(b, flags, caption=caption)
        elif "caption-element" in flags and _captioned(b) and k + 1 < len(blocks) and isinstance(blocks[k + 1], Table):
            continue  # written as the next table's caption
        elif b.role == "title":
            body.append(f"<h1>{e(b.text)}</h1>")
        elif b.role == "blank":
            body.append("<p>&nbsp;</p>")
        else:
            cls = f" class='{b.role}'" if b.role in ("caption", "note", "furniture") else ""
            body.append(f"<p{cls}>{e(b.text)}</p>")
    out += [_layout_wrap(model, "\n".join(body))] if "layout" in flags else body
    out.append("</body></html>")
    return "\n".join(out)


def _captioned(b) -> bool:
    """A part heading of 二/三/四 (its table follows)."""
    return isinstance(b, Para) and b.role == "heading" and b.section in STATS


def _runs(text: str, style: str) -> str:
    """Word's runs: digits and Latin letters in their own lang=EN-US spans, a long run of
    Chinese split in two, each with its style."""
    out = []
    for part in re.findall(r"[0-9A-Za-z.%:/-]+|[^0-9A-Za-z.%:/-]+", text):
        if re.match(r"[0-9A-Za-z]", part):
            out.append(f"<span lang=EN-US style='{style};font-family:\"Times New Roman\"'>{html.escape(part)}</span>")
        elif len(part) > 6:
            k = len(part) // 3
            out += [f"<span style='{style}'>{html.escape(p)}</span>" for p in (part[:k], part[k:])]
        else:
            out.append(f"<span style='{style}'>{html.escape(part)}</span>")
    return "".join(out)


def word_body(model: Model, hidden_row: bool = True, flags: frozenset[str] = frozenset()) -> str:
    """The report as Word's "save as web page" writes it: MsoNormal paragraphs, text split
    over styled spans, <o:p>, &nbsp; paragraphs, tables with widths and per-cell borders, and
    (``hidden_row``) the zero-height row of empty cells that Word adds under a table with
    merged cells to fix its column widths. ``flags`` as for render_html."""
    out = ["<div class=WordSection1 style='layout-grid:15.6pt'>"]
    body = "font-size:16.0pt;font-family:仿宋_GB2312"
    border = "border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt"
    for b in model.blocks:
        if isinstance(b, Table):
            width = _table_place(b)[2]
            out.append("<div align=center><table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0 "
                       "width=604 style='width:453.1pt;border-collapse:collapse;border:none;"
                       "mso-border-alt:solid windowtext .5pt'>")
            h = header_rows(b) if "thead" in flags else 0
            out.append("<thead>" if h else "")
            for r, row in enumerate(b.rows):
                if h and r == h:
                    out.append("</thead><tbody>")
                out.append(f"<tr style='mso-yfti-irow:{r};height:20.0pt'>")
                for c in row:
                    attrs = (f" rowspan={c.rowspan}" if c.rowspan > 1 else "") + \
                            (f" colspan={c.colspan}" if c.colspan > 1 else "")
                    w = 40 * c.colspan
                    paras = c.text.split("\n") if c.text else []
                    inner = "".join(
                        "<p class=MsoNormal align=center style='text-align:center;line-height:15.0pt'>"
                        f"{_soup_html(p) if 'soup' in flags else _runs(p, 'font-size:10.0pt;font-family:宋体')}"
                        "<o:p></o:p></p>" for p in paras) or \
                        "<p class=MsoNormal align=center style='text-align:center'><span lang=EN-US " \
                        "style='font-size:10.0pt'><o:p>&nbsp;</o:p></span></p>"
                    out.append(f"<td width={w}{attrs} valign=center style='width:{w * .75:.1f}pt;{border}'>"
                               f"{inner}</td>")
                out.append("</tr>")
            out.append("</tbody>" if h else "")
            if hidden_row:
                out.append("<![if !supportMisalignedColumns]><tr height=0>"
                           + "<td width=40 style='border:none'></td>" * width + "</tr><![endif]>")
            out.append("</table></div>")
        elif b.role == "blank":
            out.append("<p class=MsoNormal style='line-height:28.0pt'><span lang=EN-US style='font-size:16.0pt'>"
                       "<o:p>&nbsp;</o:p></span></p>")
        elif b.role == "title":
            out.append("<p class=MsoNormal align=center style='text-align:center;line-height:28.0pt'>"
                       f"<b>{_runs(b.text, 'font-size:22.0pt;font-family:方正小标宋简体')}</b><o:p></o:p></p>")
        elif b.role == "heading":
            out.append("<p class=MsoNormal style='text-indent:32.0pt;line-height:28.0pt'>"
                       f"{_runs(b.text, 'font-size:16.0pt;font-family:黑体')}<o:p></o:p></p>")
        elif b.role == "caption":
            out.append("<p class=MsoNormal align=right style='text-align:right;line-height:28.0pt'>"
                       f"{_runs(b.text, 'font-size:12.0pt;font-family:仿宋_GB2312')}<o:p></o:p></p>")
        else:
            out.append("<p class=MsoNormal style='text-indent:32.0pt;line-height:28.0pt'>"
                       f"{_runs(b.text, body)}<o:p></o:p></p>")
    out.append("</div>")
    if "layout" in flags:
        return _layout_wrap(model, "\n".join(out))
    return "\n".join(out)


def render_word_html(model: Model, flags: frozenset[str] = frozenset()) -> str:
    """A Word document saved as a web page (span soup)."""
    return ("<html xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" "
            "xmlns:w=\"urn:schemas-microsoft-com:office:word\" xmlns=\"http://www.w3.org/TR/REC-html40\">\n"
            "<head><meta http-equiv=Content-Type content=\"text/html; charset=utf-8\">"
            "<meta name=ProgId content=Word.Document><meta name=Generator content=\"Microsoft Word 15\">"
            f"<title>{html.escape(model.title)}</title>"
            "<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View><w:Zoom>100</w:Zoom>"
            "<w:SpellingState>Clean</w:SpellingState></w:WordDocument></xml><![endif]-->"
            "<style><!-- p.MsoNormal{margin:0cm;text-align:justify;font-size:10.5pt;font-family:等线} "
            "@page WordSection1{size:595.3pt 841.9pt;margin:72.0pt 90.0pt 72.0pt 90.0pt} --></style></head>\n"
            "<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>\n"
            + word_body(model, flags=flags) + "\n</body></html>")


def render_cms(model: Model, flags: frozenset[str] = frozenset()) -> str:
    """The Word-exported report pasted into a government site's article page (the editor
    drops Word's hidden column-width row): head with scripts,
    top bar with the date, navigation, breadcrumbs, the article's metadata table (索引号,
    dates), visit counter, sidebar with dated links, footer with phone numbers and record
    numbers, trailing scripts."""
    title = html.escape(model.title)
    m = re.match(r"(.+?)(20\d\d)年", model.title)
    agency = html.escape(m.group(1)) if m else "示例市人民政府办公室"
    y = year_of(model.title)
    pub = f"{y + 1}-01-19"
    before, after = cms_furniture(y) if "links" in flags else ("", "")
    form, end_form = (f'<form method="post" action="./show.aspx" id="form1">{ASPNET_HIDDEN}', "</form>") \
        if "aspnet" in flags else ("", "")
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{title}_年度报告_示例市人民政府门户网站</title>
<meta name="SiteName" content="示例市人民政府门户网站"><meta name="SiteDomain" content="www.example.gov.cn">
<meta name="SiteIDCode" content="3599000001"><meta name="ColumnName" content="政府信息公开年报">
<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="{pub} 09:30">
<link rel="stylesheet" href="/static/css/common.css"><script src="/static/js/jquery-1.12.4.min.js"></script>
<script>var siteId = 3599000001, columnId = 1024, pubDate = "{pub}";
var hot = ["一、总体情况", "三、收到和处理政府信息公开申请情况 12 3 4", "2 0 1 7"];
document.write('<span class="today">' + new Date().getFullYear() + '</span>');</script>
<style>.top{{height:30px}}.nav li{{float:left}}.sidebar{{width:240px;float:left}}</style>
</head><body>{form}
<div class="top"><div class="w1200"><span class="date">今天是：{y + 1}年1月19日 星期五</span>
<a href="#">无障碍浏览</a> | <a href="#">长者模式</a> | <a href="#">繁體</a>
| <a href="#">登录</a> | <a href="#">注册</a></div></div>
<div class="header"><img src="/static/images/logo.png" alt="示例市人民政府"><form class="search" action="/search">
<input name="q" placeholder="请输入关键字"><button type="submit">搜索</button></form></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwyw/">政务要闻</a></li>
<li><a href="/zfxxgk/">政府信息公开</a></li><li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li>
<li><a href="/ztzl/">专题专栏</a></li></ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zfxxgk/">政府信息公开</a>
&gt; <a href="/zfxxgk/ndbg/">政府信息公开年报</a></div>
<div class="main w1200">
<div class="sidebar">{before}<h3>政府信息公开</h3><ul><li><a href="#">政府信息公开指南</a></li>
<li><a href="#">政府信息公开制度</a></li>
<li><a href="#">法定主动公开内容</a></li><li><a href="#">政府信息公开年报</a></li></ul>
<h3>年报目录</h3><ul><li><a href="#">{y - 1}年政府信息公开工作年度报告</a><span>{y}-01-16</span></li>
<li><a href="#">{y - 2}年政府信息公开工作年度报告</a><span>{y - 1}-01-20</span></li>
<li><a href="#">{y - 3}年政府信息公开工作年度报告</a><span>{y - 2}-01-27</span></li></ul>
<div class="contact">咨询电话：0599-88001234（工作日 8:30-12:00, 14:30-17:30）</div></div>
<div class="content">
<table class="xxgk-info" width="100%"><tr><td>索引号：</td><td>11359900MB0000000A/{y + 1}-00007</td>
<td>主题分类：</td><td>政务公开</td></tr>
<tr><td>发布机构：</td><td>{agency}</td><td>生成日期：</td><td>{pub}</td></tr>
<tr><td>文　　号：</td><td></td><td>有  效  性：</td><td>有效</td></tr></table>
<h1 class="article-title">{title}</h1>
<div class="article-info">发布时间：{pub} 09:30　来源：{agency}　浏览次数：<span id="hits">1,326</span>
字号：【<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div>
<div class="article-content TRS_Editor">
{word_body(model, hidden_row=False, flags=flags)}
</div>
<div class="tools">【<a href="javascript:window.print()">打印本页</a>】
【<a href="javascript:window.close()">关闭窗口</a>】</div>
<div class="related"><h4>相关链接</h4><ul><li><a href="#">示例市{y}年政务公开工作要点</a><span>{y}-04-12</span></li>
<li><a href="#">政府信息公开申请表（下载）</a><span>{y - 2}-03-01</span></li></ul></div>
{after}
</div></div>
<div class="footer"><p>主办单位：示例市人民政府办公室　承办单位：示例市大数据服务中心</p>
<p>地址：示例市滨海大道88号　邮编：359900　联系电话：0599-88005678　传真：0599-88005679</p>
<p>网站标识码：3599000001　闽ICP备05001234号-1　闽公网安备 35999902000123号</p>
<p>您是本站第 <span class="counter">12,345,678</span> 位访问者　今日访问：2,341</p></div>
<script>$(function () {{ $.get("/counter?id=1024&t=" + (+new Date())); $("#hits").text("1,327"); }});</script>
{end_form}</body></html>"""


def _text_lines(model: Model, mode: str) -> list[str]:
    """Text as extracted from a page: paragraphs, and each table row as its cells separated by
    spaces (``rows``), each cell on its own line (``cells``), or tab-separated with the empty
    cells of the grid kept (``tsv``, a table copied out of a browser or Excel)."""
    out: list[str] = []
    for b in model.blocks:
        if isinstance(b, Para):
            out += [""] if b.role == "blank" else [b.text, ""]
            continue
        placed, height, width = _table_place(b)
        if mode == "tsv":
            grid = [[""] * width for _ in range(height)]
            for r, c, _, _, cell in placed:
                grid[r][c] = cell.text.replace("\n", "")
            out += ["\t".join(row) for row in grid]
        else:
            for r in range(height):
                texts = [cell.text.replace("\n", "") for rr, _, _, _, cell in placed if rr == r]
                texts = [t for t in texts if t]
                out += texts if mode == "cells" else [" ".join(texts)] if texts else []
        out.append("")
    return out


def render_text(model: Model, mode: str) -> str:
    return "\n".join(_text_lines(model, mode)) + "\n"


def sheet(model: Model) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """The report laid out in a sheet: a row per paragraph, the tables as grids; merged
    ranges (r1, c1, r2, c2), 1-based."""
    rows: list[list[str]] = []
    merges = []
    for b in model.blocks:
        if isinstance(b, Para):
            rows.append([] if b.role == "blank" else [b.text])
            continue
        placed, height, width = _table_place(b)
        top = len(rows)
        grid = [[""] * width for _ in range(height)]
        for r, c, rs, cs, cell in placed:
            grid[r][c] = cell.text.replace("\n", "")
            if rs > 1 or cs > 1:
                merges.append((top + r + 1, c + 1, top + r + rs, c + cs))
        rows += grid
        rows.append([])
    return rows, merges


def render_xlsx(model: Model, path: Path) -> None:
    import openpyxl

    rows, merges = sheet(model)
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "年度报告"
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row, start=1):
            if v == "":
                continue
            if re.fullmatch(r"\d+", v):
                ws.cell(r, c, int(v))
            elif re.fullmatch(r"\d+\.\d+", v):
                ws.cell(r, c, float(v)).number_format = "0." + "0" * len(v.split(".")[1])
            else:
                ws.cell(r, c, v)
    for r1, c1, r2, c2 in merges:
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    book.save(path)


def render_csv(model: Model) -> str:
    """What Excel writes for "save as CSV": merged areas as empty fields after their first cell."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(sheet(model)[0])
    return buf.getvalue()


def render_docx(model: Model, path: Path, flags: frozenset[str] = frozenset()) -> None:
    """A Word document: paragraphs (headings bold, title centred, captions right) and ruled
    tables whose merged cells are real gridSpan/vMerge merges. ``flags``: ``thead`` (table
    三's header rows repeated on each page, w:tblHeader), ``print`` (a header with the title,
    a footer "— N —"), ``soup`` (each cell line over two runs), ``layout`` (everything in a
    one-cell layout table)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    d = docx.Document()
    box = d.add_table(rows=1, cols=1).cell(0, 0) if "layout" in flags else d
    if "print" in flags:
        section = d.sections[0]
        section.header.paragraphs[0].text = model.title
        section.header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        foot = section.footer.paragraphs[0]
        foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
        foot.add_run("— ")
        field_ = OxmlElement("w:fldSimple")
        field_.set(qn("w:instr"), "PAGE")
        run, text = OxmlElement("w:r"), OxmlElement("w:t")
        text.text = "1"
        run.append(text)
        field_.append(run)
        foot._p.append(field_)
        foot.add_run(" —")
    for b in model.blocks:
        if isinstance(b, Para):
            p = box.add_paragraph()
            if b.text:
                p.add_run(b.text).bold = b.role in ("title", "heading")
            if b.role == "title":
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif b.role == "caption":
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            continue
        placed, height, width = _table_place(b)
        t = box.add_table(rows=height, cols=width) if box is d else box.add_table(height, width)
        t.style = "Table Grid"
        t.autofit = False
        grid = t._cells  # one lookup: Table.cell() walks the whole table each time
        # columns as wide as their longest unmerged text (labels wide, numbers narrow)
        weight = [5] * width  # room for a number of four digits
        for _, c, _, cs, cell in placed:
            if cs == 1:
                weight[c] = max(weight[c], min(10, max(map(len, cell.text.split("\n")))) + 1)
        widths = [Cm((14 if box is not d else 16) * w / sum(weight)) for w in weight]
        for col, w in zip(t.columns, widths, strict=True):
            col.width = w  # the table grid (LibreOffice lays out by it)
        for i, tc in enumerate(grid):
            tc.width = widths[i % width]  # each cell (Word does)
        head = header_rows(b) if "thead" in flags else 0
        for k, tr in enumerate(t._tbl.tr_lst):  # "allow row to break across pages" off
            tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            if k < head:
                tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for r, c, rs, cs, cell in placed:
            target = grid[r * width + c]
            if rs > 1 or cs > 1:
                target = target.merge(grid[(r + rs - 1) * width + c + cs - 1])
            if "soup" not in flags:
                target.text = cell.text
                continue
            target.text = ""
            par = target.paragraphs[0]
            for k, line in enumerate(cell.text.split("\n")):
                if k:
                    par.add_run().add_break()
                cut = (len(line) + 1) // 2
                for piece, bold in ((line[:cut], False), (line[cut:], True)):
                    if piece:
                        run = par.add_run(piece)
                        run.bold = bold
                        run.font.name = "宋体"
    d.save(str(path))


# ====================================================================== PDF printing
def print_pdf(page: Path, pdf: Path, timeout: int = 90, header_footer: bool = False) -> None:
    """``page`` printed to ``pdf`` by headless Chromium (a fresh profile each time, so prints
    may run in parallel; the browser's own page header/footer — date, title, URL, page x/y —
    only with ``header_footer``)."""
    if BROWSER is None:
        raise RuntimeError("chromium not installed")
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        subprocess.run([BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={profile}", *([] if header_footer else ["--no-pdf-header-footer"]),
                        f"--print-to-pdf={pdf}",
                        page.resolve().as_uri()], check=True, capture_output=True, timeout=timeout)


def _make_fixtures():
    sys.path.insert(0, str(FIXTURES))
    import make_fixtures

    return make_fixtures


def libreoffice_pdf(docx_path: Path, out_dir: Path) -> Path:
    """``docx_path`` printed to PDF by LibreOffice (its own profile, so conversions may run
    in parallel)."""
    if SOFFICE is None:
        raise RuntimeError("LibreOffice (soffice) not installed")
    with tempfile.TemporaryDirectory(prefix="soffice-") as profile:
        _make_fixtures().pdf_from_docx(docx_path, out_dir, profile=Path(profile))
    return out_dir / (docx_path.stem + ".pdf")


# ====================================================================== in place: web pages
def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "div", "li")


def _in_table(el) -> bool:
    return any(a.tag == "table" for a in el.iterancestors())


def page_parts(root) -> tuple[dict[str, object], dict[str, list]]:
    """The part headings (numeral -> element) and the template tables (kind -> elements) of a
    page: a heading is the outermost block outside tables whose whole text is the heading, in
    document order; a table is the innermost table whose content is that template table."""
    heads: dict[str, object] = {}
    last = -1
    for el in root.iter(*_BLOCKS):
        if _in_table(el) or any(a in heads.values() for a in el.iterancestors()):
            continue
        head = heading_of(el.text_content())
        if head and head[0] not in heads and NUMERALS.index(head[0]) > last:
            heads[head[0]] = el
            last = NUMERALS.index(head[0])
    tables: dict[str, list] = {}
    for t in root.iter("table"):
        kind = table_kind(t.text_content())
        if kind and not any(table_kind(d.text_content()) == kind for d in t.iterdescendants("table")):
            tables.setdefault(kind, []).append(t)
    return heads, tables


def _set_text(el, text: str) -> None:
    """Replace an element's text, keeping its markup: the first piece of text becomes ``text``,
    the other pieces and line breaks go."""
    holders = []
    for node in el.iter():
        if not isinstance(node.tag, str):
            continue
        if node.text and node.text.strip():
            holders.append((node, "text"))
        if node is not el and node.tail and node.tail.strip():
            holders.append((node, "tail"))
    for br in list(el.iter("br")):
        if br is not el:
            br.drop_tag()
    if not holders:
        deepest = el
        while len(deepest) and isinstance(deepest[0].tag, str):
            deepest = deepest[0]
        deepest.text = text
        return
    node, attr = holders[0]
    setattr(node, attr, text)
    for node, attr in holders[1:]:
        setattr(node, attr, "")


def _new_para(text: str, role: str, like=None):
    style = {"caption": "text-align:right;", "note": "text-indent:2em;font-size:14px;"}.get(role, "text-indent:2em;")
    p = etree.Element("p")
    if like is not None and like.get("class"):
        p.set("class", like.get("class"))
    p.set("style", style)
    if role == "blank":
        p.text = "\xa0"
    else:
        span = etree.SubElement(p, "span")
        span.text = text
    return p


def _page_grid(table):
    rows = [[(_span(td.get("rowspan")), _span(td.get("colspan")), td) for td in _cells_of(tr)]
            for tr in _rows_of(table)]
    return place(rows)


def _number_text(text: str) -> bool:
    t = re.sub(r"[\s\xa0]", "", text)
    return bool(re.fullmatch(r"[0-9０-９]+|[-—–/／无]|", t))


def _transpose_page_table(table):
    placed, height, _ = _page_grid(table)
    last = [td for r, _, _, _, td in placed if r == height - 1]
    if len(last) != 15 or not all(_number_text(td.text_content()) for td in last):
        return None
    header = next(td for r, _, _, _, td in placed if r < height - 1)
    new = etree.Element("table", dict(table.attrib))
    body = etree.SubElement(new, "tbody")

    def head(text: str, rowspan: int = 1, colspan: int = 1):
        return _td_like(header, text, rowspan, colspan)

    def value(k: int):
        td = copy.deepcopy(last[k])
        for a in ("rowspan", "colspan", "width"):
            td.attrib.pop(a, None)
        return td

    tr = etree.SubElement(body, "tr")
    tr.extend([head("项目", rowspan=2), head("行政复议", rowspan=2), head("行政诉讼", colspan=2)])
    etree.SubElement(body, "tr").extend([head("未经复议直接起诉"), head("复议后起诉")])
    for k, label in enumerate(RESULTS):
        etree.SubElement(body, "tr").extend([head(label)] + [value(g * 5 + k) for g in range(3)])
    new.tail = table.tail
    return new


def _section_nodes(begin, starts: list) -> list:
    """``begin`` and its following siblings up to the next part's first node."""
    others = [s for s in starts if s is not begin]
    nodes = [begin]
    node = begin.getnext()
    while node is not None and not any(node is s or s in node.iterdescendants() for s in others):
        nodes.append(node)
        node = node.getnext()
    return nodes


def vary_page(data: bytes, var: Variation, year: int, ctx: Ctx | None = None) -> bytes | None:
    """A real web page with the variation applied to the page itself."""
    ctx = ctx or Ctx(year)
    if (var.model or var.text) and not var.page:
        return None  # a change the page editor does not make
    root = lxml.html.document_fromstring(decode(data))
    heads, tables = page_parts(root)
    first = {k: v[0] for k, v in tables.items()}
    if var.transpose:
        if "review" not in first:
            return None
        new = _transpose_page_table(first["review"])
        if new is None:
            return None
        first["review"].getparent().replace(first["review"], new)
        tables["review"][0] = first["review"] = new
    if var.title_row:
        for s in STATS:
            t, h = first.get(SECTION_KIND[s]), heads.get(s)
            if t is None or h is None:
                continue
            placed, _, width = _page_grid(t)
            rows = _rows_of(t)
            tr = etree.Element("tr")
            td = copy.deepcopy(placed[0][4])
            for a in ("rowspan", "colspan", "width"):
                td.attrib.pop(a, None)
            td.set("colspan", str(width))
            _set_text(td, re.sub(r"\s+", "", h.text_content()))
            tr.append(td)
            rows[0].addprevious(tr)
            h.drop_tree()
            del heads[s]
    if var.insert:
        like = next(iter(heads.values()), None)
        for s in STATS:
            t = first.get(SECTION_KIND[s])
            if t is None:
                continue
            for role, text in var.insert(s, ctx.facts):
                t.addprevious(_new_para(text.format(y=year), role, like))
    if var.move:
        what, before = var.move
        starts = []
        for s in NUMERALS:
            node = heads.get(s)
            if node is None and s in SECTION_KIND:
                node = first.get(SECTION_KIND[s])
            if node is not None:
                starts.append((s, node))
        begin = dict(starts).get(what)
        target = dict(starts).get(before)
        if begin is None or target is None:
            return None
        for node in _section_nodes(begin, [n for _, n in starts]):
            target.addprevious(node)
    if var.heading:
        for s, h in heads.items():
            body = heading_of(h.text_content())[1]
            new = var.heading(s, body)
            if new is None:
                h.drop_tree()
            else:
                _set_text(h, new)
    if var.cells:
        changed = False
        for kind, elements in tables.items():
            for t in elements:
                for node in t.iter():
                    if not isinstance(node.tag, str):
                        continue
                    for attr in ("text", "tail") if node is not t else ("text",):
                        old = getattr(node, attr)
                        if old and old.strip():
                            new = var.cells(kind, old)
                            changed |= new != old
                            setattr(node, attr, new)
        if not changed:
            return None
    if var.page and not var.page(root, ctx):
        return None
    for meta in root.iter("meta"):
        if meta.get("charset"):
            meta.set("charset", "utf-8")
        elif "charset" in (meta.get("content") or "").lower():
            meta.set("content", "text/html; charset=utf-8")
    return lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>").encode("utf-8")


# ====================================================================== in place: text
_GLUED_HEAD = re.compile(r"([一二三四五六])、")


def _text_items(text: str, glued: bool) -> tuple[list[list], str]:
    """A text as items [text, numeral of the part it heads or None]: a line each, or for glued
    text the pieces between the headings."""
    if not glued:
        nl = "\r\n" if "\r\n" in text else "\n"
        items = [[ln, None] for ln in text.split(nl)]
        last = -1
        for item in items:
            head = heading_of(item[0]) if item[0].strip() else None
            if head and NUMERALS.index(head[0]) > last:
                item[1] = head[0]
                last = NUMERALS.index(head[0])
        return items, nl
    items: list[list] = []
    at, last = 0, -1
    for m in _GLUED_HEAD.finditer(text):
        numeral = m.group(1)
        if NUMERALS.index(numeral) <= last:
            continue
        body = next((b for b in _glued_bodies(numeral) if text.startswith(b, m.end())), None)
        if body is None:
            continue
        items.append([text[at:m.start()], None])
        items.append([text[m.start():m.end() + len(body)], numeral])
        at, last = m.end() + len(body), NUMERALS.index(numeral)
    items.append([text[at:], None])
    return items, ""


def _glued_bodies(numeral: str) -> list[str]:
    known = {"一": ["总体情况"], "二": ["主动公开政府信息情况"], "三": ["收到和处理政府信息公开申请情况"],
             "四": ["政府信息公开行政复议、行政诉讼情况", "因政府信息公开申请行政复议、提起行政诉讼情况"],
             "五": ["存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况"],
             "六": ["其他需要报告的事项"]}
    return known[numeral]


def _transpose_text(items: list[list], glued: bool, separated: bool) -> bool:
    """Table 四 of a text turned round, in place; False when its 15 values are not found."""
    begin = next((i for i, it in enumerate(items) if it[1] == "四"), None)
    if begin is None:
        return False
    end = next((i for i in range(begin + 1, len(items)) if items[i][1]), len(items))
    if glued:
        piece = items[begin + 1][0]
        m = re.search(r"总计([\d ]+?)\s*$", piece)
        digits = m.group(1).replace(" ", "") if m else ""
        if len(digits) != 15:
            return False
        lines = ["项目行政复议行政诉讼未经复议直接起诉复议后起诉"]
        lines += [label + "".join(digits[g * 5 + k] for g in range(3)) for k, label in enumerate(RESULTS)]
        items[begin + 1][0] = "".join(lines) + " "
        return True
    value = None
    for i in range(begin + 1, end):
        tokens = items[i][0].split()
        if len(tokens) == 15 and all(_number_text(t) for t in tokens):
            value = i
    if value is None:
        return False
    tokens = items[value][0].split()
    lines = ["项目 行政复议 行政诉讼", "未经复议直接起诉 复议后起诉"]
    lines += [f"{label} " + " ".join(tokens[g * 5 + k] for g in range(3)) for k, label in enumerate(RESULTS)]
    new = []
    for ln in lines:
        new += [[ln, None]] + ([["", None]] if separated else [])
    first = begin + 1
    while first < value and not items[first][0].strip():
        first += 1
    items[first:value + 1] = new[:-1] if separated else new
    return True


def vary_text(text: str, var: Variation, year: int, glued: bool = False, ctx: Ctx | None = None) -> str | None:
    """A text report (a line per paragraph or table row; or ``glued``: the whole page on one
    line, cells run together) with the variation applied by string operations."""
    ctx = ctx or Ctx(year)
    if var.title_row or (glued and var.insert is _blank):
        return None  # no table to put a row in; no paragraphs in a glued text
    if (var.model or var.page or var.render) and not var.text:
        return None  # a change of the tables' structure or markup: none in a text
    items, nl = _text_items(text, glued)
    if var.cells and not _cells_text(items, var.cells, glued):
        return None
    if var.text and not var.text(items, replace(ctx, fmt="txt-glued" if glued else "txt")):
        return None
    heads = {it[1]: it for it in items if it[1]}
    index = lambda it: next(i for i, x in enumerate(items) if x is it)  # noqa: E731
    after = heads.get("二")
    separated = after is not None and not glued and index(after) + 1 < len(items) \
        and not items[index(after) + 1][0].strip()
    if var.transpose and not _transpose_text(items, glued, separated):
        return None
    if var.insert:
        for s in STATS:
            h = heads.get(s)
            if h is None:
                continue
            at = index(h) + 1
            new = []
            for role, t in var.insert(s, ctx.facts):
                t = t.format(y=year)
                if glued:
                    new.append([t, None])
                elif role == "blank":
                    new.append(["", None])
                else:
                    new += [["", None], [t, None]] if separated else [[t, None]]
            items[at:at] = new
    if var.move:
        what, before = var.move
        if what not in heads or before not in heads:
            return None
        begin = index(heads[what])
        end = next((i for i in range(begin + 1, len(items)) if items[i][1]), len(items))
        chunk = items[begin:end]
        del items[begin:end]
        at = index(heads[before])
        items[at:at] = chunk
    if var.heading:
        for s, h in heads.items():
            lead = re.match(r"\s*", h[0]).group()
            new = var.heading(s, heading_of(h[0])[1])
            if new is None:
                items.remove(h)
            else:
                h[0] = lead + new
    return nl.join(it[0] for it in items)


# ====================================================================== sources and formats
MODEL_FORMATS = ("html", "html-word", "html-cms", "docx", "pdf-chromium", "pdf-lo", "xlsx", "csv",
                 "tsv", "txt-rows", "txt-cells")
FORMATS = (*MODEL_FORMATS, "page", "txt", "txt-glued", "pdf")
SUFFIX = {"html": ".html", "html-word": ".htm", "html-cms": ".html", "docx": ".docx", "pdf-chromium": ".pdf",
          "pdf-lo": ".pdf", "xlsx": ".xlsx", "csv": ".csv", "tsv": ".txt", "txt-rows": ".txt", "txt-cells": ".txt",
          "page": ".html", "txt": ".txt", "txt-glued": ".txt", "pdf": ".pdf"}
TOOLS = {"pdf-chromium": ("chromium", lambda: BROWSER), "pdf-lo": ("soffice", lambda: SOFFICE)}


# ====================================================================== table variations
# How publishers and staff vary the tables themselves (issue 10, the adversary's round): cell
# texts (合计 for 总计, half-width brackets and spaces, one-character typos, full-width digits,
# thousands separators, 规范性文件 for 行政规范性文件), table 二 split into its blocks, rows
# added inside a table (unit, caption with the year, title, note, an empty last row), a 序号
# column, vertical group labels, group labels on rows of their own, table 三 across a page
# break with its header repeated and a running header/footer, the report in a CMS page with
# link tables full of dates and counts, the report inside a layout table, <font>/<span> soup.
_LABEL_W = 3  # the label columns of table 三


def _separated(items: list[list]) -> bool:
    """A text report with a blank line after every line (then inserted lines get one too)."""
    lines = [it[0] for it in items if not it[1]]
    return sum(1 for ln in lines if not ln.strip()) > len(lines) * 0.35


def _cells_text(items: list[list], fn: Callable[[str, str], str], glued: bool) -> bool:
    """``fn`` applied to the table lines of parts 二–四 of a text report (lines without a full
    stop; a glued text: the whole piece after each heading)."""
    part, changed = None, False
    for it in items:
        if it[1]:
            part = it[1]
            continue
        if not part or part not in STATS or (not glued and ("。" in it[0] or len(it[0]) > 200)):
            continue
        new = fn(SECTION_KIND[part], it[0])
        changed |= new != it[0]
        it[0] = new
    return changed


# ---------------------------------------------------------------- cell texts
def _heji(kind: str, t: str) -> str:
    return t.replace("总计", "合计")


SPACED = ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "自然人", "法人或其他组织")


def _spaced(kind: str, t: str) -> str:
    """Header words spaced out character by character ("本 年 制 发 件 数", "自 然 人")."""
    for word in SPACED:
        t = t.replace(word, " ".join(word))
    return t


def _own_headers(kind: str, t: str) -> str:
    """Table 二's count headers in the publisher's own words, without 件 ("本年制发数")."""
    for word in SPACED[:3]:
        t = t.replace(word, word.replace("件", ""))
    return t


def _halfwidth(kind: str, t: str) -> str:
    """Half-width brackets and commas in labels, a space after "（三）", doubled spaces in
    "第二十条  第(一)项", "1、" for "1."."""
    t = re.sub(r"第二十条\s*第（([一二三四五六七八九十])）项", r"第二十条  第(\1)项", t)
    t = re.sub(r"（([一二三四五六七])）\s*", r"(\1) ", t)
    t = re.sub(r"（(区分处理的)，(只计这一情形)，(不计其他情形)）", r"(\1,\2,\3)", t)
    return re.sub(r"(?<![\d.])([1-8])\.(?=[\u4e00-\u9fff])", r"\1、", t)


TYPOS = (("国家秘密", "国家秘蜜"), ("部分公开", "部份公开"), ("仍不明确", "仍不明"),
         ("公开出版物", "公开出版务"), ("反复申请", "反复申清"), ("其他处理", "其它处理"))


def _typos(kind: str, t: str) -> str:
    """One-character typos in six row labels of table 三 (a character changed or dropped)."""
    for right, wrong in TYPOS:
        t = t.replace(right, wrong)
    return t


def _guifan(kind: str, t: str) -> str:
    """规范性文件 and 行政规范性文件 exchanged (the 2019 and the 2021 label)."""
    if kind != "active":
        return t
    if "行政规范性文件" in t:
        return t.replace("行政规范性文件", "规范性文件")
    return t.replace("规范性文件", "行政规范性文件")


_FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def _fullwidth(kind: str, t: str) -> str:
    return t.translate(_FULL)


def _zero_width(kind: str, t: str) -> str:
    """Invisible characters web editors leave: a zero-width space inside numbers of two digits
    and more and inside labels, a soft hyphen in a label, a BOM closing the cell."""
    t = re.sub(r"(?<![\d.,])(\d)(\d+)", "\\1\u200b\\2", t)
    t = re.sub(r"([\u4e00-\u9fff]{2})([\u4e00-\u9fff]{2})", "\\1\u200b\\2", t, count=1)
    t = re.sub(r"(申请)(人)", "\\1\xad\\2", t)
    return t + "\ufeff" if t else t


def _cell_units(kind: str, t: str) -> str:
    """Table 三's counts written with their unit: "16件", "16 件", "16（件）" in turn."""
    m = re.fullmatch(r"\s*(\d+)\s*", t)
    if kind != "applications" or not m:
        return t
    return m.group(1) + ("件", " 件", "（件）")[int(m.group(1)) % 3]


def _zero_words(kind: str, t: str) -> str:
    """Zero written as 〇 in table 三 and as 零 in table 四."""
    if t.strip() != "0":
        return t
    return {"applications": "〇", "review": "零"}.get(kind, t)


def _thousands(kind: str, t: str) -> str:
    return re.sub(r"(?<![\d.,])(\d{4,})(?![\d.,])", lambda m: f"{int(m.group(1)):,}", t)


# ---------------------------------------------------------------- the block model
def header_rows(t: Table) -> int:
    """How many rows of table 三 or 四 come before its first row of values (0: unknown)."""
    for i, row in enumerate(t.rows):
        text = "".join(c.text for c in row)
        if t.kind == "applications" and "本年新收" in text:
            return i
        if t.kind == "review" and row and all(_number_text(c.text) for c in row):
            return i
    return 0


def _kind_tables(m: Model, kind: str) -> list[Table]:
    return [b for b in m.blocks if isinstance(b, Table) and b.kind == kind]


def _captions_of(rows: list) -> list[int]:
    """Rows of table 二 that are a block caption "第二十条第（X）项" (one cell)."""
    return [i for i, row in enumerate(rows) if len(row) == 1 and "第二十条" in row[0].text]


BETWEEN = "本项{y}年度数据如下："


def _m_split(inside: bool) -> Callable[[Model, Ctx], bool]:
    """Table 二 as one table per block, the caption "第二十条第（X）项" a paragraph above it
    (or its first row, ``inside``), a sentence between the blocks."""
    def op(m: Model, ctx: Ctx) -> bool:
        for t in _kind_tables(m, "active"):
            caps = _captions_of(t.rows)
            if len(caps) < 2:
                return False
            bounds = [0, *caps[1:], len(t.rows)]
            new: list[Para | Table] = []
            for k in range(len(bounds) - 1):
                rows = t.rows[bounds[k]:bounds[k + 1]]
                if k:
                    new += [Para("", "blank")] if inside else []
                    new.append(Para(BETWEEN.format(y=ctx.year)))
                if not inside and len(rows[0]) == 1 and "第二十条" in rows[0][0].text:
                    new.append(Para(rows[0][0].text, "caption"))
                    rows = rows[1:]
                new.append(Table(rows, "active"))
            at = m.blocks.index(t)
            m.blocks[at:at + 1] = new
            return True
        return False
    return op


def _m_row(where: str, texts: dict[str, str]) -> Callable[[Model, Ctx], bool]:
    """A merged row across the whole table, first (``where`` = top) or last, with the text of
    its part (``texts``: part -> text, {y} the year; a part not named gets none)."""
    def op(m: Model, ctx: Ctx) -> bool:
        done = False
        for s in STATS:
            text = texts.get(s)
            for t in _kind_tables(m, SECTION_KIND[s])[:1]:
                if text is None:
                    continue
                row = [Cell(text.format(y=ctx.year), colspan=_table_place(t)[2])]
                t.rows.insert(0, row) if where == "top" else t.rows.append(row)
                done = True
        return done
    return op


UNIT_ROWS = {"二": "（{y}年度）", "三": CAPTION, "四": CAPTION}
CAPTION_ROWS = {"二": "表1：{y}年度主动公开政府信息情况", "三": "表2：{y}年度政府信息公开申请办理情况（单位：件）",
                "四": "表3：{y}年度政府信息公开行政复议、行政诉讼情况（单位：件）"}


def _m_title_dup(m: Model, ctx: Ctx) -> bool:
    """The heading of 二/三/四 repeated inside its table as a merged first row (the heading
    stays where it is)."""
    heads = {b.section: b for b in m.blocks if isinstance(b, Para) and b.role == "heading"}
    done = False
    for s in STATS:
        for t in _kind_tables(m, SECTION_KIND[s])[:1]:
            if s in heads:
                t.rows.insert(0, [Cell(heads[s].text, colspan=_table_place(t)[2])])
                done = True
    return done


def _m_column_order(m: Model, ctx: Ctx) -> bool:
    """Table 三's columns 商业企业 and 科研机构 swapped, header and values alike."""
    for t in _kind_tables(m, "applications")[:1]:
        cells, _, _ = _table_place(t)
        col = {re.sub(r"\s+", "", c.text): (r, k) for r, k, rs, cs, c in cells if rs == cs == 1}
        if "商业企业" not in col or "科研机构" not in col:
            return False
        a, b = col["商业企业"][1], col["科研机构"][1]
        by_row: dict[int, dict[int, Cell]] = {}
        for r, k, rs, cs, c in cells:
            if rs == cs == 1:
                by_row.setdefault(r, {})[k] = c
        for row in by_row.values():
            if a in row and b in row:
                row[a].text, row[b].text = row[b].text, row[a].text
        return True
    return False


def _m_row_order(m: Model, ctx: Ctx) -> bool:
    """Table 三's rows 一 (本年新收) and 二 (上年结转) in each other's place."""
    for t in _kind_tables(m, "applications")[:1]:
        at = {k: i for i, row in enumerate(t.rows) for k in ("本年新收", "上年结转")
              if row and k in re.sub(r"\s+", "", row[0].text)}
        if len(at) != 2 or any(c.rowspan > 1 for k in at for c in t.rows[at[k]]):
            return False
        a, b = at["本年新收"], at["上年结转"]
        t.rows[a], t.rows[b] = t.rows[b], t.rows[a]
        return True
    return False


def _m_review_order(m: Model, ctx: Ctx) -> bool:
    """Table 四's two groups of lawsuits in each other's place (复议后起诉 before
    未经复议直接起诉), header and values."""
    for t in _kind_tables(m, "review")[:1]:
        cells, _, _ = _table_place(t)
        heads = {re.sub(r"\s+", "", c.text): (k, cs, c) for r, k, rs, cs, c in cells}
        if "未经复议直接起诉" not in heads or "复议后起诉" not in heads:
            return False
        (a, n, first), (b, width, second) = heads["未经复议直接起诉"], heads["复议后起诉"]
        if n != width or b != a + n:
            return False
        first.text, second.text = second.text, first.text
        by_row: dict[int, dict[int, Cell]] = {}
        for r, k, rs, cs, c in cells:
            if rs == cs == 1:
                by_row.setdefault(r, {})[k] = c
        for row in by_row.values():
            if all(a + i in row and b + i in row for i in range(n)):
                for i in range(n):
                    row[a + i].text, row[b + i].text = row[b + i].text, row[a + i].text
        return True
    return False


def _m_split_review(m: Model, ctx: Ctx) -> bool:
    """Table 四 as two tables: 行政复议 (5 columns), then 行政诉讼 (10)."""
    for t in _kind_tables(m, "review")[:1]:
        values = next((row for row in t.rows if len(row) == 15 and all(c.colspan == 1 for c in row)), None)
        if values is None:
            return False
        heads = [Cell(h) for h in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")]
        review = Table([[Cell("行政复议", 1, 5)], heads, [Cell(c.text) for c in values[:5]]], "review")
        lawsuits = Table([[Cell("行政诉讼", 1, 10)], [Cell("未经复议直接起诉", 1, 5), Cell("复议后起诉", 1, 5)],
                          [Cell(h.text) for h in heads * 2], [Cell(c.text) for c in values[5:]]], "review")
        at = m.blocks.index(t)
        m.blocks[at:at + 1] = [review, lawsuits]
        return True
    return False


def _m_serial(m: Model, ctx: Ctx) -> bool:
    """A leading 序号 column in table 三: 1, 2, … on its rows of values."""
    for t in _kind_tables(m, "applications")[:1]:
        h = header_rows(t)
        if not h:
            return False
        t.rows[0].insert(0, Cell("序号", rowspan=h))
        for i, row in enumerate(t.rows[h:], 1):
            row.insert(0, Cell(str(i)))
        return True
    return False


_GROUP = re.compile(r"^(三、|（[三四五六]）)")


def _vertical(text: str) -> str:
    return "\n".join(ch for ch in text.replace("\n", "") if ch.strip())


def _break_word(text: str) -> str:
    t = text.replace("\n", "")
    return t[:(len(t) + 1) // 2] + "\n" + t[(len(t) + 1) // 2:]


def _m_vertical(m: Model, ctx: Ctx) -> bool:
    """Table 三's group labels written vertically (a character per line) and its header words
    broken over two lines ("社会公/益组织"); table 四's header words too."""
    done = False
    for kind in ("applications", "review"):
        for t in _kind_tables(m, kind)[:1]:
            h = header_rows(t)
            for r, row in enumerate(t.rows):
                for c in row:
                    flat = c.text.replace("\n", "")
                    if kind == "applications" and r >= h and c.rowspan > 1 and _GROUP.match(flat):
                        c.text, done = _vertical(flat), True
                    elif r < h and 4 <= len(flat) <= 8 and not _number_text(flat):
                        c.text, done = _break_word(flat), True
    return done


def _m_group_rows(m: Model, ctx: Ctx) -> bool:
    """Table 三's group labels (三、本年度办理结果, （三）不予公开 …) on rows of their own, their
    value cells empty; every row's label one cell over the label columns."""
    for t in _kind_tables(m, "applications")[:1]:
        h = header_rows(t)
        placed, height, width = _table_place(t)
        if not h or width <= _LABEL_W:
            return False
        cover = {}
        for p in placed:
            r0, c0, rs, cs, _ = p
            for dr in range(rs):
                for dc in range(cs):
                    cover[(r0 + dr, c0 + dc)] = p
        rows = t.rows[:h]
        for r in range(h, height):
            for c in range(_LABEL_W - 1):
                p = cover.get((r, c))
                if p and p[0] == r and p[1] == c and p[2] > 1:
                    rows.append([Cell(p[4].text, colspan=_LABEL_W)] + [Cell("") for _ in range(width - _LABEL_W)])
            leaf = cover.get((r, _LABEL_W - 1))
            values = [p[4] for p in placed if p[0] == r and p[1] >= _LABEL_W]
            if leaf is None or any(v.rowspan > 1 for v in values):
                return False
            rows.append([Cell(leaf[4].text, colspan=_LABEL_W), *values])
        t.rows[:] = rows
        return True
    return False


def _headed(m: Model) -> list[tuple[str, Table, int]]:
    """(kind, table, header rows) of the first table 三 and 四 whose header rows are known."""
    return [(kind, t, h) for kind in ("applications", "review") for t in _kind_tables(m, kind)[:1]
            if (h := header_rows(t))]


def _m_column_numbers(m: Model, ctx: Ctx) -> bool:
    """A row numbering the value columns under the header: 栏次 1–7 in table 三, 1–15 in 四."""
    found = _headed(m)
    for kind, t, h in found:
        width, label = _table_place(t)[2], _LABEL_W if kind == "applications" else 0
        t.rows.insert(h, [Cell("栏次", colspan=label)] * bool(label)
                      + [Cell(str(i)) for i in range(1, width - label + 1)])
    return bool(found)


REMARKS = ("", "", "无", "", "", "已转有关部门办理", "", "")  # a 备注 column's cells, row after row


def _m_remarks(m: Model, ctx: Ctx) -> bool:
    """A 备注 column right of tables 三 and 四: mostly empty, 无 on some rows, a note on one."""
    found = _headed(m)
    for kind, t, h in found:
        t.rows[0].append(Cell("备注", rowspan=h))
        for i, row in enumerate(t.rows[h:]):
            row.append(Cell(REMARKS[i % len(REMARKS)] if kind == "applications" else "无"))
    return bool(found)


def _m_org_subtotal(m: Model, ctx: Ctx) -> bool:
    """A 小计 column in table 三 right after 其他 under 法人或其他组织: each row's five
    organisations added up (empty where they are all empty)."""
    found = [(t, h) for kind, t, h in _headed(m) if kind == "applications"]
    for t, h in found:
        for row in t.rows[:h]:
            for k, cell in enumerate(row):
                if cell.text in ("法人或其他组织", "申请人情况"):
                    cell.colspan += 1
                if cell.text == "其他":
                    row.insert(k + 1, Cell("小计", rowspan=cell.rowspan))
                    break
        for row in t.rows[h:]:
            orgs = [c.text.strip() for c in row[-6:-1]]
            numbers = [int(x) for x in orgs if x.isdigit()]
            row.insert(len(row) - 1, Cell(str(sum(numbers)) if numbers else ""))
    return bool(found)


def _m_empty_row(m: Model, ctx: Ctx) -> bool:
    """An empty row (every cell blank) under each of the three tables."""
    done = False
    for kind in KIND_SECTION:
        for t in _kind_tables(m, kind)[-1:]:
            t.rows.append([Cell("") for _ in range(_table_place(t)[2])])
            done = True
    return done


TEXT_FORMATS = ("tsv", "txt-rows", "txt-cells")


def page_break_rows(t: Table) -> int:
    """Where table 三 crosses the page: before its （四） group, else in the middle."""
    rows = [i for i, row in enumerate(t.rows) if any(c.text.startswith("（四）") for c in row)]
    return rows[0] if rows else len(t.rows) // 2


def _m_pagebreak(m: Model, ctx: Ctx) -> bool:
    """Table 三 across a page break with its header repeated on the next page: for the grid
    formats the renderer's job (thead, w:tblHeader, a running header and footer); for the text
    formats the text a PDF gives: the rows up to the break, the footer "— 3 —", the running
    header (title and year), the header rows again, the remaining rows."""
    tables = _kind_tables(m, "applications")[:1]
    if not tables or not header_rows(tables[0]):
        return False
    if ctx.fmt not in TEXT_FORMATS:
        return True
    t = tables[0]
    h, k = header_rows(t), page_break_rows(t)
    placed, _, _ = _table_place(t)
    first = copy.deepcopy(t.rows[:k])
    for r, _, rs, _, cell in placed:  # spans cut at the break; the second part gets an empty cell
        if r < k < r + rs:
            cell_first = next(c for c in first[r] if c.text == cell.text)
            cell_first.rowspan = k - r
    second = copy.deepcopy(t.rows[:h])
    cont = [Cell("", rowspan=r + rs - k) for r, c, rs, _, _ in sorted(placed, key=lambda p: p[1]) if r < k < r + rs]
    rest = copy.deepcopy(t.rows[k:])
    rest[0][:0] = cont
    at = m.blocks.index(t)
    m.blocks[at:at + 1] = [Table(first, "applications"), Para("— 3 —", "furniture"),
                           Para(ctx.title, "furniture"), Table(second + rest, "applications")]
    return True


# ---------------------------------------------------------------- real pages
def _td_like(td, text: str, rowspan: int = 1, colspan: int = 1):
    new = copy.deepcopy(td)
    for a in ("rowspan", "colspan", "width"):
        new.attrib.pop(a, None)
    if rowspan > 1:
        new.set("rowspan", str(rowspan))
    if colspan > 1:
        new.set("colspan", str(colspan))
    _set_text(new, text)
    return new


def _page_tables(root) -> tuple[dict, dict]:
    heads, tables = page_parts(root)
    return heads, {k: v[0] for k, v in tables.items()}


def _page_text(el) -> str:
    return re.sub(r"[\s\xa0\u3000]+", "", el.text_content())


def _like_para(root):
    heads, _ = page_parts(root)
    return next(iter(heads.values()), None)


def _p_split(inside: bool) -> Callable[[object, Ctx], bool]:
    def op(root, ctx: Ctx) -> bool:
        _, first = _page_tables(root)
        t = first.get("active")
        if t is None:
            return False
        rows = _rows_of(t)
        caps = [i for i, tr in enumerate(rows) if len(_cells_of(tr)) == 1 and "第二十条" in _page_text(tr)]
        if len(caps) < 2:
            return False
        like = _like_para(root)
        bounds = [0, *caps[1:], len(rows)]
        for k in range(len(bounds) - 1):
            group = rows[bounds[k]:bounds[k + 1]]
            if k:
                if inside:
                    t.addprevious(_new_para("", "blank", like))
                t.addprevious(_new_para(BETWEEN.format(y=ctx.year), "body", like))
            if not inside and len(_cells_of(group[0])) == 1 and "第二十条" in _page_text(group[0]):
                t.addprevious(_new_para(_page_text(group[0]), "caption", like))
                group = group[1:]
            new = etree.Element("table", dict(t.attrib))
            etree.SubElement(new, "tbody").extend(group)
            t.addprevious(new)
        tail = t.tail
        parent = t.getparent()
        prev = t.getprevious()
        parent.remove(t)
        if tail and prev is not None:
            prev.tail = (prev.tail or "") + tail
        return True
    return op


def _page_width(t) -> int:
    return _page_grid(t)[2]


def _p_row(where: str, texts: dict[str, str]) -> Callable[[object, Ctx], bool]:
    def op(root, ctx: Ctx) -> bool:
        _, first = _page_tables(root)
        done = False
        for s in STATS:
            t = first.get(SECTION_KIND[s])
            if t is None or texts.get(s) is None:
                continue
            rows = _rows_of(t)
            td = _td_like(_cells_of(rows[0])[0], texts[s].format(y=ctx.year), colspan=_page_width(t))
            tr = etree.Element("tr")
            tr.append(td)
            rows[0].addprevious(tr) if where == "top" else rows[-1].addnext(tr)
            done = True
        return done
    return op


def _p_title_dup(root, ctx: Ctx) -> bool:
    heads, _ = _page_tables(root)
    texts = {s: re.sub(r"\s+", "", heads[s].text_content()) for s in STATS if s in heads}
    return _p_row("top", texts)(root, ctx)


def _p_caption(root, ctx: Ctx) -> bool:
    """The headings of 二/三/四 moved into a <caption> of their tables."""
    heads, first = _page_tables(root)
    done = False
    for s in STATS:
        t = first.get(SECTION_KIND[s])
        if s in heads and t is not None:
            text = html.escape(heads[s].text_content().strip())
            t.insert(0, lxml.html.fragment_fromstring(f"<caption>{text}</caption>"))
            heads[s].getparent().remove(heads[s])
            done = True
    return done


def _applications_rows(root):
    """Table 三 of a page, its rows, and the index of its first data row (0: not found)."""
    _, first = _page_tables(root)
    t = first.get("applications")
    if t is None:
        return None, [], 0
    rows = _rows_of(t)
    return t, rows, next((i for i, tr in enumerate(rows) if "本年新收" in _page_text(tr)), 0)


def _p_serial(root, ctx: Ctx) -> bool:
    _, rows, h = _applications_rows(root)
    if not h:
        return False
    head = _cells_of(rows[0])[0]
    value = _cells_of(rows[h])[-1]
    rows[0].insert(0, _td_like(head, "序号", rowspan=h))
    for i, tr in enumerate(rows[h:], 1):
        tr.insert(0, _td_like(value, str(i)))
    return True


def _set_lines(el, lines: list[str]) -> None:
    """Like _set_text, the lines separated by <br>."""
    _set_text(el, lines[0])
    for node in el.iter():
        if isinstance(node.tag, str) and node.text == lines[0]:
            for k, ln in enumerate(lines[1:]):
                br = etree.Element("br")
                br.tail = ln
                node.insert(k, br)
            return
        if node is not el and isinstance(node.tag, str) and node.tail == lines[0]:
            at = node
            for ln in lines[1:]:
                br = etree.Element("br")
                br.tail = ln
                at.addnext(br)
                at = br
            return


def _p_vertical(root, ctx: Ctx) -> bool:
    _, first = _page_tables(root)
    done = False
    for kind in ("applications", "review"):
        t = first.get(kind)
        if t is None:
            continue
        placed, height, _ = _page_grid(t)
        h = next((r for r, _, _, _, td in placed
                  if ("本年新收" in _page_text(td) if kind == "applications" else False)), height - 1)
        for r, _, rs, _, td in placed:
            flat = _page_text(td)
            if kind == "applications" and r >= h and rs > 1 and _GROUP.match(flat):
                _set_lines(td, list(flat))
                done = True
            elif r < h and 4 <= len(flat) <= 8 and not _number_text(flat):
                _set_lines(td, _break_word(flat).split("\n"))
                done = True
    return done


def _p_empty_row(root, ctx: Ctx) -> bool:
    _, first = _page_tables(root)
    done = False
    for t in first.values():
        last = _rows_of(t)[-1]
        tr = copy.deepcopy(last)
        for td in _cells_of(tr):
            for a in ("rowspan",):
                td.attrib.pop(a, None)
            _set_text(td, "\xa0")
        last.addnext(tr)
        done = True
    return done


def _p_thead(root, ctx: Ctx) -> bool:
    """Table 三's header rows moved into a <thead> (repeated on every printed page)."""
    t, rows, h = _applications_rows(root)
    if not h or t.find("thead") is not None:
        return False
    thead = etree.Element("thead")
    body = rows[0].getparent()
    if body is t:
        body = etree.SubElement(t, "tbody")
        body.extend(rows)
    body.addprevious(thead)
    thead.extend(rows[:h])
    return True


def cms_furniture(y: int) -> tuple[str, str]:
    """Site furniture in layout tables, before and after an article: a "相关信息" list of links
    with dates, a catalogue with item counts (行政许可 1286 …), the most read items with
    their visit counts, a visit counter. Written for this harness."""
    before = f"""<table class="left-list" width="100%" border="0" cellspacing="0" cellpadding="0">
<tr><td colspan="2" class="tit">政府信息公开目录</td></tr>
<tr><td><a href="#">规章</a></td><td>（0）</td></tr>
<tr><td><a href="#">行政规范性文件</a></td><td>（17）</td></tr>
<tr><td><a href="#">行政许可</a></td><td>（1286）</td></tr>
<tr><td><a href="#">行政处罚</a></td><td>（57）</td></tr>
<tr><td><a href="#">行政强制</a></td><td>（4）</td></tr>
<tr><td><a href="#">行政事业性收费</a></td><td>（12）</td></tr>
<tr><td><a href="#">政府信息公开年报</a></td><td>（9）</td></tr></table>
<table class="left-list hot" width="100%"><tr><td colspan="3" class="tit">热点信息</td></tr>
<tr><td>1</td><td><a href="#">{y}年度行政许可事项目录</a></td><td>3265</td></tr>
<tr><td>2</td><td><a href="#">政府信息公开申请表</a></td><td>2410</td></tr>
<tr><td>3</td><td><a href="#">{y}年行政处罚结果公示</a></td><td>1873</td></tr></table>"""
    after = f"""<table class="related" width="100%" border="0"><tr><td colspan="2"><b>相关信息</b></td></tr>
<tr><td><a href="#">行政许可</a></td><td>{y + 1}-01-15</td></tr>
<tr><td><a href="#">行政处罚</a></td><td>{y + 1}-01-12</td></tr>
<tr><td><a href="#">{y}年第四季度行政复议案件办理情况</a></td><td>{y + 1}-01-08</td></tr>
<tr><td><a href="#">{y - 1}年政府信息公开工作年度报告</a></td><td>{y}-01-20</td></tr>
<tr><td><a href="#">依申请公开</a></td><td>{y}-12-28</td></tr></table>
<table class="counter" width="100%"><tr><td>本页访问量：</td><td>1326</td><td>今日访问：</td><td>23</td>
<td>总访问量：</td><td>12345678</td></tr></table>"""
    return before, after


def _p_links(root, ctx: Ctx) -> bool:
    """The furniture of cms_furniture around the article of a real page."""
    _, first = _page_tables(root)
    if not first:
        return False
    body = root.find("body")
    before, after = cms_furniture(ctx.year)
    for frag in reversed(lxml.html.fragments_fromstring(before)):
        body.insert(0, frag)
    for frag in lxml.html.fragments_fromstring(after):
        body.append(frag)
    return True


ASPNET_HIDDEN = ('<div class="aspNetHidden"><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" '
                 'value="/wEPDwUKMTY1NDU2MTA1Mg9kFgJmD2QWAgIDD2QWAgIBD2QWAmYPFgIeBFRleHQFBjEsMzI2ZGQ="></div>')


def _p_aspnet(root, ctx: Ctx) -> bool:
    """An ASP.NET WebForms page: everything in the body inside one ``<form>`` with its
    hidden view state."""
    body = root.find("body")
    if body is None:
        return False
    form = lxml.html.fragment_fromstring('<form method="post" action="./show.aspx" id="form1"></form>')
    form.append(lxml.html.fragment_fromstring(ASPNET_HIDDEN))
    form.text, body.text = body.text, None
    for child in list(body):
        form.append(child)
    body.append(form)
    return True


def _article(root):
    """The element holding the report: the parent of table 三."""
    _, first = _page_tables(root)
    t = first.get("applications")
    return None if t is None else t.getparent()


def _p_layout(root, ctx: Ctx) -> bool:
    """The article's content moved into a two-cell layout table (a document map of the
    headings on the left, the report in a nested one-cell table on the right)."""
    heads, _ = page_parts(root)
    art = _article(root)
    if art is None or art.tag in ("td", "th"):
        return False
    outer = lxml.html.fragment_fromstring(
        "<table width='100%' border='0' cellspacing='0' cellpadding='0'><tr><td width='18%' valign='top'>"
        "<p>文档结构</p></td><td valign='top'><table width='100%'><tr><td></td></tr></table></td></tr></table>")
    toc, cell = outer.xpath(".//td")[0], outer.xpath(".//td")[-1]
    for s in NUMERALS:
        if s in heads:
            p = etree.SubElement(toc, "p")
            etree.SubElement(p, "a", href=f"#part{s}").text = re.sub(r"\s+", "", heads[s].text_content())
    cell.text = art.text
    art.text = None
    for child in list(art):
        cell.append(child)
    art.append(outer)
    return True


def _soup_node(text: str):
    """A number split over two <span>s, a label over two, in <font><span><b>…"""
    font = etree.Element("font", face="宋体", size="2")
    span = etree.SubElement(font, "span", style="font-size:10.5pt")
    b = etree.SubElement(span, "b")
    cut = (len(text) + 1) // 2
    s1 = etree.SubElement(b, "span", lang="EN-US")
    s1.text = text[:cut]
    s2 = etree.SubElement(b, "span", style="font-family:宋体")
    s2.text = text[cut:]
    return font


def _p_soup(root, ctx: Ctx) -> bool:
    _, first = _page_tables(root)
    done = False
    for t in first.values():
        for td in t.iter("td", "th"):
            for node in list(td.iter()):
                if not isinstance(node.tag, str) or node.tag == "br":
                    continue
                text = node.text
                if text and len(text.strip()) >= 2:
                    node.text = None
                    node.insert(0, _soup_node(text.strip()))
                    done = True
    return done


# ---------------------------------------------------------------- text reports
def _text_split2(items: list[list], ctx: Ctx) -> bool:
    """A sentence before every block caption "第二十条第（X）项" of table 二 but the first."""
    sep = _separated(items)
    part, seen, done = None, 0, False
    out = []
    for it in items:
        if it[1]:
            part = it[1]
        if part == "二" and not it[1] and "第二十条" in it[0]:
            pieces = re.split(r"(?=第二十条)", it[0]) if ctx.fmt == "txt-glued" else [it[0]]
            new = []
            for piece in pieces:
                if piece.startswith("第二十条"):
                    seen += 1
                    if seen > 1:
                        new.append(BETWEEN.format(y=ctx.year))
                        done = True
                new.append(piece)
            if ctx.fmt == "txt-glued":
                it[0] = "".join(new)
            else:
                for piece in new[:-1]:
                    out += [[piece, None]] + ([["", None]] if sep else [])
                it[0] = new[-1]
        out.append(it)
    items[:] = out
    return done


def _text_pagebreak(items: list[list], ctx: Ctx) -> bool:
    """Table 三 of a text report across a page: before its （四） row the footer "— 3 —", the
    running header (the report's title) and table 三's header lines again."""
    if ctx.fmt == "txt-glued":
        return False
    title = next((it[0].strip() for it in items if it[0].strip()), "")
    part, start, first, brk = None, None, None, None
    for i, it in enumerate(items):
        if it[1]:
            part = it[1]
            if part == "三":
                start = i
            continue
        if part == "三" and first is None and "本年新收" in it[0]:
            first = i
        if part == "三" and first is not None and brk is None and it[0].lstrip().startswith("（四）"):
            brk = i
    if start is None or first is None or brk is None:
        return False
    header = [it[0] for it in items[start + 1:first] if it[0].strip() and "。" not in it[0]]
    sep = _separated(items)
    new = []
    for ln in ["— 3 —", title, *header]:
        new += [[ln, None]] + ([["", None]] if sep else [])
    items[brk:brk] = new
    return True


def _m_after(texts: dict[str, str]) -> Callable[[Model, Ctx], bool]:
    """A paragraph right after each table (``texts``: part -> text, {y} the year)."""
    def op(m: Model, ctx: Ctx) -> bool:
        done = False
        for s in STATS:
            for t in _kind_tables(m, SECTION_KIND[s])[-1:]:
                m.blocks.insert(m.blocks.index(t) + 1, Para(texts[s].format(y=ctx.year), "note"))
                done = True
        return done
    return op


def _p_after(texts: dict[str, str]) -> Callable[[object, Ctx], bool]:
    def op(root, ctx: Ctx) -> bool:
        _, first = _page_tables(root)
        like = _like_para(root)
        for s in STATS:
            t = first.get(SECTION_KIND[s])
            if t is not None:
                p = _new_para(texts[s].format(y=ctx.year), "body", like)
                p.tail, t.tail = t.tail, None
                t.addnext(p)
        return bool(first)
    return op


def _text_after(texts: dict[str, str]) -> Callable[[list, Ctx], bool]:
    """The paragraph after the last table line of parts 二–四 (a line without a full stop)."""
    def op(items: list[list], ctx: Ctx) -> bool:
        if ctx.fmt == "txt-glued":
            return False  # a year would run into the table's last number
        sep = _separated(items)
        part, last = None, {}
        for i, it in enumerate(items):
            if it[1]:
                part = it[1]
            elif part and part in STATS and it[0].strip() and "。" not in it[0]:
                last[part] = i
        for s in sorted(last, key=last.get, reverse=True):
            new = ([["", None]] if sep else []) + [[texts[s].format(y=ctx.year), None]]
            items[last[s] + 1:last[s] + 1] = new
        return bool(last)
    return op


VARIATIONS.update({v.name: v for v in [
    Variation("count-sentence", "a sentence before each table stating some of its counts, equal to the table "
              "(本年度作出行政许可决定N件、行政处罚决定M件，具体情况如下表： / "
              "本年新收政府信息公开申请N件，上年结转M件，详见下表。 / 被申请行政复议N件，被提起行政诉讼M件)",
              insert=_counts),
    Variation("count-detail", "before table 三 a sentence that reads almost like its rows: new applications by "
              "applicant (自然人/法人或其他组织), then the outcomes 予以公开/部分公开/不予公开/无法提供, "
              "equal to the table",
              insert=_detail),
    Variation("after-sentence", "a sentence beginning with the year right after each table "
              "(2023年度依申请公开工作总体平稳有序。)",
              model=_m_after(AFTER), page=_p_after(AFTER), text=_text_after(AFTER)),
    Variation("note-after", "the note \"注：……\" (with dates in 三) right after each table instead of before it",
              model=_m_after(NOTES), page=_p_after(NOTES), text=_text_after(NOTES)),
    Variation("table-caption", "a numbered caption with the year above each table (表2　2023年度……统计表) and "
              "\"单位：件\" under it for 三/四", insert=_table_caption),
    Variation("split-2", "table 二 as one table per block, each under its caption paragraph 第二十条第（X）项, "
              "a sentence between the blocks", model=_m_split(False), page=_p_split(False), text=_text_split2),
    Variation("split-2-inside", "table 二 as one table per block, the caption its first row, a blank and a "
              "sentence between them", model=_m_split(True), page=_p_split(True)),
    Variation("unit-row", "first row inside the tables: \"单位：件\" (三/四), \"（2023年度）\" (二)",
              model=_m_row("top", UNIT_ROWS), page=_p_row("top", UNIT_ROWS)),
    Variation("caption-row", "first row inside the tables: a numbered caption with year and unit "
              "(表2：2023年度……情况（单位：件）)", model=_m_row("top", CAPTION_ROWS), page=_p_row("top", CAPTION_ROWS)),
    Variation("note-row", "last row inside the tables: a note \"注：……\" (with dates in 三)",
              model=_m_row("bottom", NOTES), page=_p_row("bottom", NOTES)),
    Variation("title-row-dup", "the heading of 二/三/四 kept, and repeated inside its table as a merged first row",
              model=_m_title_dup, page=_p_title_dup),
    Variation("column-order", "table 三's columns 商业企业 and 科研机构 in each other's place (header and values; "
              "grids only: a text line or a PDF has no cells to follow)", model=_m_column_order,
              formats=frozenset({"html", "html-word", "html-cms", "docx", "xlsx", "csv"})),
    Variation("split-review", "table 四 as two tables: 行政复议 (5 columns), then 行政诉讼 (10)",
              model=_m_split_review),
    Variation("row-order", "table 三's rows 一 and 二 in each other's place", model=_m_row_order),
    Variation("review-order", "table 四's groups of lawsuits in each other's place: 复议后起诉 before "
              "未经复议直接起诉 (header and values)", model=_m_review_order),
    Variation("serial-col", "a leading 序号 column in table 三 (1–25 on its rows of values)",
              model=_m_serial, page=_p_serial),
    Variation("heji", "合计 instead of 总计 in tables 三 and 四 (column, （七） row, 四's totals)", cells=_heji),
    Variation("halfwidth", "half-width brackets and commas, \"(三) 不予公开\", \"第二十条  第(一)项\", "
              "\"1、\" for \"1.\"",
              cells=_halfwidth),
    Variation("spaced-headers", "header words spaced out a character apart (本 年 制 发 件 数, 法 人 或 其 他 组 织)",
              cells=_spaced),
    Variation("own-headers", "table 二's count headers without 件 (本年制发数, 本年废止数, 现行有效数)",
              cells=_own_headers),
    Variation("label-typo", "one-character typos in six row labels of table 三 "
              "(秘蜜, 部份, 仍不明, 出版务, 申清, 其它)",
              cells=_typos),
    Variation("guifan", "行政规范性文件 ↔ 规范性文件 in table 二", cells=_guifan),
    Variation("fullwidth", "every digit in the tables full-width (１６)", cells=_fullwidth),
    Variation("zero-width", "zero-width spaces inside numbers and labels, a soft hyphen, a BOM closing each "
              "cell (left by web editors; not printed: a zero-width space lets a number break over two "
              "lines on paper)", cells=_zero_width, formats=frozenset(FORMATS) - {"pdf-lo", "pdf-chromium", "pdf"}),
    Variation("cell-units", "table 三's counts with their unit: 16件, 16 件, 16（件） (not printed by LibreOffice: "
              "its narrow columns break \"14（件）\" inside the number; tests/cases/text says how that reads)",
              cells=_cell_units, formats=frozenset(FORMATS) - {"pdf-lo"}),
    Variation("zero-words", "zero written as 〇 (table 三) and 零 (table 四)", cells=_zero_words),
    Variation("thousands", "numbers of four digits and more with thousands separators (1,107)",
              cells=_thousands, formats=frozenset(FORMATS) - {"txt-glued"}),
    Variation("vertical", "group labels of table 三 written vertically (a character per line), header words "
              "of 三/四 broken over two lines", model=_m_vertical, page=_p_vertical),
    Variation("group-rows", "table 三's group labels (三、本年度办理结果, （三）不予公开 …) on rows of their own with "
              "empty value cells", model=_m_group_rows),
    Variation("empty-row", "an empty row under each table", model=_m_empty_row, page=_p_empty_row),
    Variation("column-numbers", "a row numbering the value columns under the header (栏次 1–7 in 三, 1–15 in 四)",
              model=_m_column_numbers),
    Variation("remarks-col", "a 备注 column right of 三 and 四: mostly empty, 无 on some rows, a note on one "
              "(grids and Chromium's PDF: in a line of text a trailing 无 could be any cell's; LibreOffice "
              "prints the narrow column's note a few characters a line, among the rows around it)",
              model=_m_remarks,
              formats=frozenset({"html", "html-word", "html-cms", "docx", "xlsx", "csv", "pdf-chromium"})),
    Variation("org-subtotal", "a 小计 column in table 三 after 其他 under 法人或其他组织 (the five organisations "
              "added up on each row)", model=_m_org_subtotal),
    Variation("pagebreak", "table 三 across a page break, header rows repeated (thead / w:tblHeader), running "
              "header with title and year and footer \"— 3 —\" (text: the lines a PDF gives)",
              model=_m_pagebreak, page=_p_thead, text=_text_pagebreak, render=frozenset({"thead", "print"}),
              formats=frozenset(FORMATS) - {"xlsx", "csv", "txt-glued"}),
    Variation("browser-print", "printed by Chromium with its own header and footer (date, title, file URL, "
              "page x/y)", render=frozenset({"browser-header"}), formats=frozenset({"pdf-chromium"})),
    Variation("cms-links", "CMS furniture in layout tables: a catalogue with counts (行政许可 （1286）…), "
              "most-read items with visit counts, related links with dates, a visit counter",
              page=_p_links, render=frozenset({"links"}), formats=frozenset({"html-cms", "page"})),
    Variation("aspnet-form", "an ASP.NET WebForms page: the whole body inside one <form> with hidden view state",
              page=_p_aspnet, render=frozenset({"aspnet"}), formats=frozenset({"html-cms", "page"})),
    Variation("caption-element", "the headings of 二/三/四 in a <caption> of their tables", page=_p_caption,
              render=frozenset({"caption-element"}), formats=frozenset({"html", "page"})),
    Variation("layout-table", "the report inside a two-cell layout table: a document map of the headings, "
              "the report in a nested one-cell table", page=_p_layout, render=frozenset({"layout"}),
              formats=frozenset({"html", "html-word", "html-cms", "docx", "page"}), extra_allowed=HEADING_RULES),
    Variation("font-soup", "every cell's text in <font><span><b>, split over two spans (numbers too); "
              "DOCX: over two runs", page=_p_soup, render=frozenset({"soup"}),
              formats=frozenset({"html", "html-word", "html-cms", "docx", "page"})),
]})


@dataclass(frozen=True)
class Source:
    """A document varied by the harness. ``kind``: ``model`` (a fixture page turned into
    the block model and rendered in every format), ``page`` (a real web page edited in place),
    ``text`` (a text report, line operations), ``glued`` (text whose cells run together),
    ``pdf`` (no variants beyond itself)."""

    id: str
    path: Path
    kind: str

    @property
    def formats(self) -> tuple[str, ...]:
        if self.kind == "model":
            blanks = "blank" in self.path.name  # empty cells vanish from space-separated text
            return tuple(f for f in MODEL_FORMATS if not (blanks and f in ("txt-rows", "txt-cells")))
        return ({"page": "page", "text": "txt", "glued": "txt-glued", "pdf": "pdf"}[self.kind],)


def sources(shared: Path | None = SHARED) -> list[Source]:
    """Every source: the fixtures and samples, and (when ``shared`` exists) the seed report
    and the corpus."""
    out = [Source("fixture", FIXTURES / "formats" / "report.html", "model"),
           Source("fixture-blank", FIXTURES / "blank" / "report_blank.html", "model")]
    out += [Source(f"sample:{p.stem}", p, "text") for p in sorted((ROOT / "samples").glob("*.txt"))]
    if shared is not None and shared.exists():
        out += [Source(f"seed:{p.stem[:12]}", p, "text") for p in sorted((shared / "seed").glob("*.txt"))]
        for p in sorted((shared / "corpus" / "reports").iterdir()):
            if p.suffix in (".html", ".htm"):
                out.append(Source(f"corpus:{p.stem}", p, "page"))
            elif p.suffix == ".txt":
                lines = p.read_text(encoding="utf-8", errors="replace").count("\n")
                out.append(Source(f"corpus:{p.stem}", p, "glued" if lines < 40 else "text"))
            elif p.suffix == ".pdf":
                out.append(Source(f"corpus:{p.stem}", p, "pdf"))
    return out


@cache
def _model(path: Path) -> Model:
    return model_from_html(decode(path.read_bytes()))


def _facts(source: Source, var: Variation) -> dict:
    """The counts the original reads, for the variations whose sentences state counts."""
    return facts_of(original(source)) if var.insert in (_counts, _detail) else {}


def make(source: Source, variation: str, fmt: str, out_dir: Path) -> Path | None:
    """Write the variant of ``source`` in ``fmt`` into ``out_dir``; None where the variation
    does not apply to that source or format. Raises RuntimeError when a tool is missing."""
    var = VARIATIONS[variation]
    if fmt not in source.formats or (var.formats is not None and fmt not in var.formats):
        return None
    if fmt in TOOLS and TOOLS[fmt][1]() is None:
        raise RuntimeError(f"{TOOLS[fmt][0]} not installed")
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", f"{source.id}__{variation}__{fmt}")
    path = out_dir / (stem + SUFFIX[fmt])
    if source.kind == "pdf":
        if variation != "identity":
            return None
        shutil.copyfile(source.path, path)
        return path
    if source.kind in ("text", "glued"):
        text = decode(source.path.read_bytes())
        ctx = Ctx(year_of(text), facts=_facts(source, var), fmt=fmt)
        new = vary_text(text, var, ctx.year, glued=source.kind == "glued", ctx=ctx)
        if new is None:
            return None
        path.write_text(new, encoding="utf-8")
        return path
    if source.kind == "page":
        data = source.path.read_bytes()
        ctx = Ctx(year_of(decode(data)), facts=_facts(source, var), fmt=fmt)
        new = vary_page(data, var, ctx.year, ctx)
        if new is None:
            return None
        path.write_bytes(new)
        return path
    model = _model(source.path)
    ctx = Ctx(year_of(model.title), model.title, _facts(source, var), fmt)
    varied = vary_model(model, var, ctx.year, ctx)
    if varied is None:
        return None
    flags = var.render
    if fmt == "html":
        path.write_text(render_html(varied, flags), encoding="utf-8")
    elif fmt == "html-word":
        path.write_text(render_word_html(varied, flags), encoding="utf-8")
    elif fmt == "html-cms":
        path.write_text(render_cms(varied, flags), encoding="utf-8")
    elif fmt == "docx":
        render_docx(varied, path, flags)
    elif fmt == "xlsx":
        render_xlsx(varied, path)
    elif fmt == "csv":
        path.write_text(render_csv(varied), encoding="utf-8")
    elif fmt in ("tsv", "txt-rows", "txt-cells"):
        path.write_text(render_text(varied, fmt.removeprefix("txt-")), encoding="utf-8")
    elif fmt == "pdf-chromium":
        page = path.with_suffix(".print.html")
        page.write_text(render_html(varied, flags), encoding="utf-8")
        print_pdf(page, path, header_footer="browser-header" in flags)
    elif fmt == "pdf-lo":
        docx_path = path.with_suffix(".docx")
        render_docx(varied, docx_path, flags)
        printed = libreoffice_pdf(docx_path, path.parent)
        if printed != path:
            printed.replace(path)
    return path


# ====================================================================== reading and comparing
@dataclass
class Reading:
    """What the pipeline made of a document, locations left out."""

    error: str | None
    meta: dict = field(default_factory=dict)
    tables: dict = field(default_factory=dict)  # name -> (layout, found, {key: (status, value)})
    findings: Counter = field(default_factory=Counter)


def read(path: Path | str) -> Reading:
    from validator.run import pipeline

    doc = pipeline.run([str(path)]).documents[0]
    if doc.error or doc.report is None:
        return Reading(doc.reason("en") or "no report")
    rep = doc.report
    tables = {name: (res.layout, res.found, {k: (c.status, c.value) for k, c in res.cells.items()})
              for name, res in rep.tables.items()}
    findings = Counter((f.rule, f.severity, f.table, f.row, f.column, f.expected,
                        f.actual if isinstance(f.actual, str | None) else float(f.actual))
                       for f in doc.findings)
    return Reading(None, {"agency": rep.agency, "year": rep.year}, tables, findings)


def _fmt_finding(f: tuple) -> str:
    rule, severity, table, row, column, expected, actual = f
    where = "/".join(x for x in (table, row, column) if x)
    return f"{rule} [{severity}] {where} expected={expected} actual={actual}"


def _fmt_cell(cell: tuple) -> str:
    status, value = cell
    if status == "value":
        return str(int(value)) if value is not None and float(value).is_integer() else str(value)
    return status


def differences(original: Reading, variant: Reading, allowed: frozenset[str] = frozenset()) -> list[str]:
    """How the variant's reading differs from the original's (empty: reads exactly alike).
    Findings of the ``allowed`` rules are left out unless they are errors."""
    if original.error:
        return [f"original unreadable: {original.error}"]
    if variant.error:
        return [f"variant unreadable: {variant.error}"]
    out = [f"{k}: {original.meta[k]!r} -> {variant.meta.get(k)!r}" for k in original.meta
           if original.meta[k] != variant.meta.get(k)]
    for name, (layout, found, cells) in original.tables.items():
        v_layout, v_found, v_cells = variant.tables.get(name, (None, False, {}))
        if (layout, found) != (v_layout, v_found):
            out.append(f"table {name}: layout {layout} found {found} -> layout {v_layout} found {v_found}")
            if layout != v_layout:
                continue
        for key, cell in cells.items():
            got = v_cells.get(key, ("missing", None))
            if got != cell:
                out.append(f"cell {name}/{key[0]}/{key[1]}: {_fmt_cell(cell)} -> {_fmt_cell(got)}")
    def kept(f: tuple) -> bool:  # an allowed rule may change at warning/info level, never as an error
        return f[0] not in allowed or f[1] == "error"

    ours = Counter({f: n for f, n in original.findings.items() if kept(f)})
    theirs = Counter({f: n for f, n in variant.findings.items() if kept(f)})
    out += [f"finding lost: {_fmt_finding(f)}" for f in sorted(ours - theirs, key=str)]
    out += [f"finding new: {_fmt_finding(f)}" for f in sorted(theirs - ours, key=str)]
    return out


def signature(diffs: list[str]) -> str:
    """A short summary of differences, for grouping failures: per table how many cells went
    from which status to which, and the rules of lost (-) and new (+) findings."""
    cells: Counter = Counter()
    rules: set[str] = set()
    other = []
    for d in diffs:
        if d.startswith("cell "):
            name = d.split("/")[0][5:]
            before, after = d.split(": ", 1)[1].split(" -> ")
            kind = lambda s: "value" if re.fullmatch(r"-?[\d.]+", s) else s  # noqa: E731
            cells[(name, f"{kind(before)}→{kind(after)}")] += 1
        elif d.startswith("finding "):
            sign = "-" if d.startswith("finding lost") else "+"
            rule, severity = d.split(": ", 1)[1].split(" ")[:2]
            rules.add(f"{sign}{rule}{severity}")
        else:
            other.append(d.split(":")[0])
    parts = sorted(other) + [f"{t}:{n}×{k}" for (t, k), n in sorted(cells.items())] + sorted(rules)
    return "; ".join(parts)


@dataclass
class Outcome:
    source: str
    variation: str
    format: str
    status: str  # pass, fail, n/a, skip
    diffs: list[str] = field(default_factory=list)
    path: Path | None = None


_ORIGINALS: dict[str, Reading] = {}


def original(source: Source) -> Reading:
    if source.id not in _ORIGINALS:
        _ORIGINALS[source.id] = read(source.path)
    return _ORIGINALS[source.id]


def check(source: Source, variation: str, fmt: str, out_dir: Path) -> Outcome:
    """Make one variant, read it, compare it with the source's reading."""
    try:
        path = make(source, variation, fmt, out_dir)
    except RuntimeError as exc:
        return Outcome(source.id, variation, fmt, "skip", [str(exc)])
    if path is None:
        return Outcome(source.id, variation, fmt, "n/a")
    diffs = differences(original(source), read(path), VARIATIONS[variation].allowed)
    return Outcome(source.id, variation, fmt, "fail" if diffs else "pass", diffs, path)
