"""Meaning-preserving variations of annual reports, and the check that each reads like its
original (issue 10, item 5).

A *variation* changes what a careful reader would not count as content: the wording, spelling
or numbering of section headings, where a heading stands (inside the table as a merged title
row, or nowhere), sentences with years and dates, captions "单位：件", notes "注：……" and blank
paragraphs between a heading and its table, the order of the tables, table 四 transposed.
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
sources × variations × formats). The inserted sentences are written for this harness; none
states a number of applications, reviews or lawsuits.
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
from dataclasses import dataclass, field
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


def _sentence(s: str) -> list[tuple[str, str]]:
    return [("body", SENTENCES[s])]


def _caption(s: str) -> list[tuple[str, str]]:
    return [("caption", CAPTION)] if s in "三四" else []


def _note(s: str) -> list[tuple[str, str]]:
    return [("note", NOTES[s])]


def _blank(s: str) -> list[tuple[str, str]]:
    return [("blank", ""), ("blank", "")]


def _draft(s: str) -> list[tuple[str, str]]:
    return [*_sentence(s), ("blank", ""), *_note(s), *_caption(s)]


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
    insert: Callable[[str], list[tuple[str, str]]] | None = None
    title_row: bool = False
    move: tuple[str, str] | None = None
    transpose: bool = False

    @property
    def allowed(self) -> frozenset[str]:
        changes = self.heading is not None or self.title_row or self.move is not None
        return HEADING_RULES if changes else frozenset()


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
def vary_model(model: Model, var: Variation, year: int) -> Model | None:
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
            for role, text in reversed(var.insert(s)):
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
    return m


# ====================================================================== renderers
def _html_cell(text: str) -> str:
    return "<br/>".join(html.escape(t) for t in text.split("\n"))


def render_html(model: Model) -> str:
    """Plain HTML: paragraphs and ruled tables with rowspan/colspan."""
    e = html.escape
    out = ["<!DOCTYPE html><html><head><meta charset='utf-8'>", f"<title>{e(model.title)}</title>",
           "<style>body{font-family:'Noto Serif CJK SC',serif;font-size:12px}"
           "table{border-collapse:collapse;margin:6px 0}td{border:1px solid #000;padding:2px 4px;"
           "font-size:10px}.caption{text-align:right}</style></head><body>"]
    for b in model.blocks:
        if isinstance(b, Table):
            out.append("<table>")
            for row in b.rows:
                cells = "".join(
                    "<td" + (f" rowspan='{c.rowspan}'" if c.rowspan > 1 else "")
                    + (f" colspan='{c.colspan}'" if c.colspan > 1 else "") + f">{_html_cell(c.text)}</td>"
                    for c in row)
                out.append(f"<tr>{cells}</tr>")
            out.append("</table>")
        elif b.role == "title":
            out.append(f"<h1>{e(b.text)}</h1>")
        elif b.role == "blank":
            out.append("<p>&nbsp;</p>")
        else:
            cls = f" class='{b.role}'" if b.role in ("caption", "note") else ""
            out.append(f"<p{cls}>{e(b.text)}</p>")
    out.append("</body></html>")
    return "\n".join(out)


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


def word_body(model: Model, hidden_row: bool = True) -> str:
    """The report as Word's "save as web page" writes it: MsoNormal paragraphs, text split
    over styled spans, <o:p>, &nbsp; paragraphs, tables with widths and per-cell borders, and
    (``hidden_row``) the zero-height row of empty cells that Word adds under a table with
    merged cells to fix its column widths."""
    out = ["<div class=WordSection1 style='layout-grid:15.6pt'>"]
    body = "font-size:16.0pt;font-family:仿宋_GB2312"
    border = "border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt"
    for b in model.blocks:
        if isinstance(b, Table):
            width = _table_place(b)[2]
            out.append("<div align=center><table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0 "
                       "width=604 style='width:453.1pt;border-collapse:collapse;border:none;"
                       "mso-border-alt:solid windowtext .5pt'>")
            for r, row in enumerate(b.rows):
                out.append(f"<tr style='mso-yfti-irow:{r};height:20.0pt'>")
                for c in row:
                    attrs = (f" rowspan={c.rowspan}" if c.rowspan > 1 else "") + \
                            (f" colspan={c.colspan}" if c.colspan > 1 else "")
                    w = 40 * c.colspan
                    paras = c.text.split("\n") if c.text else []
                    inner = "".join(
                        "<p class=MsoNormal align=center style='text-align:center;line-height:15.0pt'>"
                        f"{_runs(p, 'font-size:10.0pt;font-family:宋体')}<o:p></o:p></p>" for p in paras) or \
                        "<p class=MsoNormal align=center style='text-align:center'><span lang=EN-US " \
                        "style='font-size:10.0pt'><o:p>&nbsp;</o:p></span></p>"
                    out.append(f"<td width={w}{attrs} valign=center style='width:{w * .75:.1f}pt;{border}'>"
                               f"{inner}</td>")
                out.append("</tr>")
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
    return "\n".join(out)


def render_word_html(model: Model) -> str:
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
            + word_body(model) + "\n</body></html>")


def render_cms(model: Model) -> str:
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
</head><body>
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
<div class="sidebar"><h3>政府信息公开</h3><ul><li><a href="#">政府信息公开指南</a></li>
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
{word_body(model, hidden_row=False)}
</div>
<div class="tools">【<a href="javascript:window.print()">打印本页</a>】
【<a href="javascript:window.close()">关闭窗口</a>】</div>
<div class="related"><h4>相关链接</h4><ul><li><a href="#">示例市{y}年政务公开工作要点</a><span>{y}-04-12</span></li>
<li><a href="#">政府信息公开申请表（下载）</a><span>{y - 2}-03-01</span></li></ul></div>
</div></div>
<div class="footer"><p>主办单位：示例市人民政府办公室　承办单位：示例市大数据服务中心</p>
<p>地址：示例市滨海大道88号　邮编：359900　联系电话：0599-88005678　传真：0599-88005679</p>
<p>网站标识码：3599000001　闽ICP备05001234号-1　闽公网安备 35999902000123号</p>
<p>您是本站第 <span class="counter">12,345,678</span> 位访问者　今日访问：2,341</p></div>
<script>$(function () {{ $.get("/counter?id=1024&t=" + (+new Date())); $("#hits").text("1,327"); }});</script>
</body></html>"""


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


def render_docx(model: Model, path: Path) -> None:
    """A Word document: paragraphs (headings bold, title centred, captions right) and ruled
    tables whose merged cells are real gridSpan/vMerge merges."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Cm

    d = docx.Document()
    for b in model.blocks:
        if isinstance(b, Para):
            p = d.add_paragraph()
            if b.text:
                p.add_run(b.text).bold = b.role in ("title", "heading")
            if b.role == "title":
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif b.role == "caption":
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            continue
        placed, height, width = _table_place(b)
        t = d.add_table(rows=height, cols=width)
        t.style = "Table Grid"
        t.autofit = False
        grid = t._cells  # one lookup: Table.cell() walks the whole table each time
        # columns as wide as their longest unmerged text (labels wide, numbers narrow)
        weight = [5] * width  # room for a number of four digits
        for _, c, _, cs, cell in placed:
            if cs == 1:
                weight[c] = max(weight[c], min(10, max(map(len, cell.text.split("\n")))) + 1)
        widths = [Cm(16 * w / sum(weight)) for w in weight]
        for col, w in zip(t.columns, widths, strict=True):
            col.width = w  # the table grid (LibreOffice lays out by it)
        for i, tc in enumerate(grid):
            tc.width = widths[i % width]  # each cell (Word does)
        for tr in t._tbl.tr_lst:  # "allow row to break across pages" off
            tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for r, c, rs, cs, cell in placed:
            target = grid[r * width + c]
            if rs > 1 or cs > 1:
                target = target.merge(grid[(r + rs - 1) * width + c + cs - 1])
            target.text = cell.text
    d.save(str(path))


# ====================================================================== PDF printing
def print_pdf(page: Path, pdf: Path, timeout: int = 90) -> None:
    """``page`` printed to ``pdf`` by headless Chromium (a fresh profile each time, so prints
    may run in parallel; no page header/footer)."""
    if BROWSER is None:
        raise RuntimeError("chromium not installed")
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        subprocess.run([BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
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
        td = copy.deepcopy(header)
        td.attrib.pop("rowspan", None)
        td.attrib.pop("colspan", None)
        td.attrib.pop("width", None)
        if rowspan > 1:
            td.set("rowspan", str(rowspan))
        if colspan > 1:
            td.set("colspan", str(colspan))
        _set_text(td, text)
        return td

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


def vary_page(data: bytes, var: Variation, year: int) -> bytes | None:
    """A real web page with the variation applied to the page itself."""
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
            for role, text in var.insert(s):
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


def vary_text(text: str, var: Variation, year: int, glued: bool = False) -> str | None:
    """A text report (a line per paragraph or table row; or ``glued``: the whole page on one
    line, cells run together) with the variation applied by string operations."""
    if var.title_row or (glued and var.insert is _blank):
        return None  # no table to put a row in; no paragraphs in a glued text
    items, nl = _text_items(text, glued)
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
            for role, t in var.insert(s):
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


def make(source: Source, variation: str, fmt: str, out_dir: Path) -> Path | None:
    """Write the variant of ``source`` in ``fmt`` into ``out_dir``; None where the variation
    does not apply to that source or format. Raises RuntimeError when a tool is missing."""
    var = VARIATIONS[variation]
    if fmt not in source.formats:
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
        new = vary_text(text, var, year_of(text), glued=source.kind == "glued")
        if new is None:
            return None
        path.write_text(new, encoding="utf-8")
        return path
    if source.kind == "page":
        data = source.path.read_bytes()
        new = vary_page(data, var, year_of(decode(data)))
        if new is None:
            return None
        path.write_bytes(new)
        return path
    model = _model(source.path)
    varied = vary_model(model, var, year_of(model.title))
    if varied is None:
        return None
    if fmt == "html":
        path.write_text(render_html(varied), encoding="utf-8")
    elif fmt == "html-word":
        path.write_text(render_word_html(varied), encoding="utf-8")
    elif fmt == "html-cms":
        path.write_text(render_cms(varied), encoding="utf-8")
    elif fmt == "docx":
        render_docx(varied, path)
    elif fmt == "xlsx":
        render_xlsx(varied, path)
    elif fmt == "csv":
        path.write_text(render_csv(varied), encoding="utf-8")
    elif fmt in ("tsv", "txt-rows", "txt-cells"):
        path.write_text(render_text(varied, fmt.removeprefix("txt-")), encoding="utf-8")
    elif fmt == "pdf-chromium":
        page = path.with_suffix(".print.html")
        page.write_text(render_html(varied), encoding="utf-8")
        print_pdf(page, path)
    elif fmt == "pdf-lo":
        docx_path = path.with_suffix(".docx")
        render_docx(varied, docx_path)
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
    from validator import pipeline

    doc = pipeline.run([str(path)]).documents[0]
    if doc.error or doc.report is None:
        return Reading(doc.error or "no report")
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
