"""Layout variants real publishers produce, made from the HTML fixture (the official Word
template filled in and saved as HTML): each must read exactly like the reference report."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest
from test_formats import FIXTURES, _findings, _run, _tables, reference  # noqa: F401

SOURCE = FIXTURES / "formats" / "report.html"


def leading_empty_column(html: str) -> str:
    """Every table row starts with an empty cell (a layout column left of the labels)."""
    return re.sub(r"<tr([^>]*)>", r"<tr\1><td></td>", html)


def heji_for_zongji(html: str) -> str:
    """The 总计 column headed 合计, as many reports print it."""
    return html.replace(">总计<", ">合计<")


def excel_csv(html: str) -> str:
    """What Excel writes for "save as CSV": a row per grid row, merged areas as empty
    fields after their first cell, paragraphs as one-field rows."""
    root = lxml.html.fromstring(html)
    out: list[list[str]] = []
    for el in root.iter("h1", "p", "table"):
        if el.tag in ("h1", "p") and not any(a.tag == "table" for a in el.iterancestors()):
            out.append([el.text_content().strip()])
        elif el.tag == "table":
            out.extend(_grid(el))
    lines = []
    for row in out:
        buf: list[str] = []
        w = csv.writer(_Sink(buf), lineterminator="\n")
        w.writerow(row)
        lines.append("".join(buf))
    return "".join(lines)


class _Sink:
    def __init__(self, buf: list[str]) -> None:
        self.write = buf.append


def _grid(table, repeat: bool = False) -> list[list[str]]:
    rows: dict[int, dict[int, str]] = {}
    for r, tr in enumerate(table.iter("tr")):
        row = rows.setdefault(r, {})
        c = 0
        for td in tr.iter("td", "th"):
            while c in row:
                c += 1
            span_r, span_c = int(td.get("rowspan", 1)), int(td.get("colspan", 1))
            for dr in range(span_r):
                for dc in range(span_c):
                    text = td.text_content().replace("\xa0", " ").strip() if repeat or dr == dc == 0 else ""
                    rows.setdefault(r + dr, {})[c + dc] = text
            c += span_c
    width = max((max(r) + 1 for r in rows.values() if r), default=0)
    return [[rows[r].get(c, "") for c in range(width)] for r in sorted(rows)]


def _text_document(html: str, table_lines: Callable) -> str:
    """The page as text: its headings and paragraphs a line each, each table as
    ``table_lines(table)`` gives it."""
    root = lxml.html.fromstring(html)
    lines: list[str] = []
    for el in root.iter("h1", "p", "table"):
        if el.tag in ("h1", "p") and not any(a.tag == "table" for a in el.iterancestors()):
            lines += [el.text_content().strip(), ""]
        elif el.tag == "table":
            lines += [*table_lines(el), ""]
    return "\n".join(lines)


def _md(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def markdown_converted(html: str) -> str:
    """Tables as an HTML-to-Markdown converter writes them: a cell per ``<td>``, empty cells
    after one that spans columns, nothing for the places a cell spanning rows covers (so
    rows differ in length and their empty label cells in number)."""
    def lines(table) -> list[str]:
        rows = []
        for tr in table.iter("tr"):
            cells = []
            for td in tr.iter("td", "th"):
                cells += [td.text_content().strip()] + [""] * (int(td.get("colspan", 1)) - 1)
            rows.append(_md(cells))
        return [rows[0], _md(["---"] * rows[0].count(" | ")), *rows[1:]]
    return _text_document(html, lines)


def markdown_repeated(html: str) -> str:
    """Tables as Markdown with a merged cell's text repeated in every place it covers (as a
    data frame written to Markdown has it): "| 行政许可 | 5 | 5 | 5 |"."""
    def lines(table) -> list[str]:
        grid = _grid(table, repeat=True)
        return [_md(grid[0]), _md(["---"] * len(grid[0])), *map(_md, grid[1:])]
    return _text_document(html, lines)


def box_drawn(html: str) -> str:
    """Tables drawn with box-drawing characters, as some systems export text: rules
    ┌─┬─┐ ├─┼─┤ └─┴─┘ between rows, │ between cells."""
    def lines(table) -> list[str]:
        grid = _grid(table)
        width = len(grid[0])
        rule = ["┌" + "┬".join(["────"] * width) + "┐"]
        out = list(rule)
        for k, row in enumerate(grid):
            out.append("│" + "│".join(row) + "│")
            out.append(("└" + "┴".join(["────"] * width) + "┘") if k == len(grid) - 1
                       else "├" + "┼".join(["────"] * width) + "┤")
        return out
    return _text_document(html, lines)


def transposed_review(html: str) -> str:
    """Table 四 the other way round: a row per result, a column per group."""
    root = lxml.html.fromstring(html)
    table = root.findall(".//table")[-1]
    values = [td.text_content().strip() for td in table.findall(".//tr")[-1].findall("td")]
    assert len(values) == 15
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    rows = ["<tr><td>项目</td><td>行政复议</td><td>未经复议直接起诉</td><td>复议后起诉</td></tr>"]
    for k, label in enumerate(results):
        rows.append(f"<tr><td>{label}</td>" + "".join(f"<td>{values[g * 5 + k]}</td>" for g in range(3))
                    + "</tr>")
    new = lxml.html.fragment_fromstring("<table border='1'>" + "".join(rows) + "</table>")
    table.getparent().replace(table, new)
    return lxml.html.tostring(root, encoding="unicode")


def spaced_headers(html: str) -> str:
    """Header words spaced out character by character, as Word's distributed alignment is
    imitated by hand ("本 年 制 发 件 数", "法 人 或 其 他 组 织"): "件" and "人" are letters of
    the words there, not units standing apart."""
    for word in ("本年制发件数", "本年废止件数", "现行有效件数", "自然人", "法人或其他组织"):
        html = html.replace(f">{word}<", ">" + " ".join(word) + "<")
    return html


def headers_without_jian(html: str) -> str:
    """Table 二's column headers in the publisher's own words ("本年制发数"): the header row
    ends before the row label 规章, not in it."""
    for word in ("本年制发件数", "本年废止件数", "现行有效件数"):
        html = html.replace(f">{word}<", ">" + word.replace("件", "") + "<")
    return html


def pagers(html: str) -> str:
    """A CMS pager after every table ("共1页 首页 上一页 1 下一页 尾页 转到第 页", its page
    numbers in links): page furniture, no values of the table above it."""
    pager = ("<div class='pages'>共1页 &nbsp; <a>首页</a> <a>上一页</a> <b>1</b> <a href='?p=2'>2</a> "
             "<a>下一页</a> <a>尾页</a> 转到第 <input size=2> 页</div>")
    return html.replace("</table>", "</table>" + pager)


def shortened_labels(html: str) -> str:
    """Row labels staff shorten: 一、本年新收申请数量, 二、上年结转申请数量 (the label longer
    than the text it is matched with)."""
    return html.replace("政府信息公开申请数量", "申请数量")


VARIANTS: dict[str, tuple[Callable[[str], str], str]] = {
    "shortened_labels": (shortened_labels, ".html"),
    "pagers": (pagers, ".html"),
    "spaced_headers": (spaced_headers, ".html"),
    "headers_without_jian": (headers_without_jian, ".html"),
    "leading_empty_column": (leading_empty_column, ".html"),
    "heji_header": (heji_for_zongji, ".html"),
    "excel_csv": (excel_csv, ".csv"),
    "markdown_converted": (markdown_converted, ".md"),
    "markdown_repeated": (markdown_repeated, ".md"),
    "box_drawn": (box_drawn, ".txt"),
    "transposed_review": (transposed_review, ".html"),
}


@pytest.mark.parametrize("name", VARIANTS)
def test_variant_reads_like_the_reference(name: str, tmp_path: Path, reference) -> None:  # noqa: F811
    transform, suffix = VARIANTS[name]
    path = tmp_path / f"variant{suffix}"
    path.write_text(transform(SOURCE.read_text(encoding="utf-8")), encoding="utf-8")
    doc = _run(path)
    assert _tables(doc) == _tables(reference)
    assert _findings(doc) == _findings(reference)


BLANK = sorted((FIXTURES / "blank").iterdir())
DRAFTS = FIXTURES / "drafts"


def test_blank_zeros_with_whole_columns_empty_in_a_pdf() -> None:
    """The official template filled with zeros left blank, two applicant columns empty all the
    way down (no 科研机构 or 社会公益组织 applied), printed by LibreOffice: no row of table 三 is
    complete, so its header words place the columns — 自然人 among them, wrapped "自然" / "人"
    flush left. The PDF reads as the Word file does."""
    pdf, docx = _run(DRAFTS / "zeros_blank_empty_columns.pdf"), _run(DRAFTS / "zeros_blank_empty_columns.docx")
    assert _tables(pdf) == _tables(docx)
    assert _findings(pdf) == _findings(docx)
    assert not [f for f in pdf.findings if f.severity == "error"]


def test_narrow_print_wraps_every_header_word() -> None:
    """A page with zeros left blank and print CSS (9px, table width 100 %), printed by
    Chromium: table 四's labels wrap 3 + 1 (尚未审 / 结), a last character's edge meeting the
    section heading's by chance. The PDF reads as the page does."""
    pdf, page = _run(DRAFTS / "narrow_blank_zeros_browser.pdf"), _run(DRAFTS / "narrow_blank_zeros.html")
    assert _tables(pdf) == _tables(page)
    assert _findings(pdf) == _findings(page)


def _blanked(tables: dict) -> dict:
    """The reference with every zero count (or "—") as an empty cell."""
    from validator import template

    out = {}
    for (name, key), cell in tables.items():
        zero = cell[1] == 0 or cell[2] == "placeholder"
        count = template.layout(name, "2021").kind(*key) == "count"
        out[(name, key)] = ("placeholder", None, "placeholder") if zero and count else cell
    return out


@pytest.mark.parametrize("path", BLANK, ids=[p.name for p in BLANK])
def test_zero_cells_left_empty(path: Path, reference) -> None:  # noqa: F811
    """Every zero left blank (made by make_fixtures.py: Word, LibreOffice PDF, HTML,
    Chromium PDF): in a PDF the blanks leave no trace, and the page layout places the values."""
    doc = _run(path)
    assert _tables(doc) == _blanked(_tables(reference))
    assert _findings(doc) == _findings(reference)


def test_report_inside_a_layout_table(tmp_path: Path, reference) -> None:  # noqa: F811
    """A Word file whose whole body sits in a 1×1 layout table (blank zero cells inside)."""
    import zipfile

    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    source = FIXTURES / "blank" / "report_blank.docx"
    target = tmp_path / "wrapped.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                root = etree.fromstring(data)
                body = root.find(f"{w}body")
                content = [el for el in body if el.tag != f"{w}sectPr"]
                tbl = etree.SubElement(body, f"{w}tbl")
                tc = etree.SubElement(etree.SubElement(tbl, f"{w}tr"), f"{w}tc")
                for el in content:
                    tc.append(el)
                body.remove(tbl)
                body.insert(0, tbl)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            zout.writestr(item, data)
    doc = _run(target)
    assert _tables(doc) == _blanked(_tables(reference))
    assert _findings(doc) == _findings(reference)


def test_tab_separated_text(tmp_path: Path, reference) -> None:  # noqa: F811
    """Tables copied out of a page as tab-separated lines, zero cells empty: the tabs keep the
    empty cells."""
    root = lxml.html.fromstring((FIXTURES / "blank" / "report_blank.html").read_text(encoding="utf-8"))
    lines = []
    for el in root.iter("h1", "p", "table"):
        if el.tag in ("h1", "p") and not any(a.tag == "table" for a in el.iterancestors()):
            lines.append(el.text_content().strip())
        elif el.tag == "table":
            lines.extend("\t".join(row) for row in _grid(el))
    path = tmp_path / "copied.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    doc = _run(path)
    assert _tables(doc) == _blanked(_tables(reference))
    assert _findings(doc) == _findings(reference)


def test_two_reports_on_one_page(tmp_path: Path, reference) -> None:  # noqa: F811
    """A page holding this report and, after it, another (last year's, its numbers other):
    every table is read from the first report — table 二 too, though it stands in both — and
    the second copies of 二 and 三 are named (parse.table-repeated), nothing else changes."""
    html = SOURCE.read_text(encoding="utf-8")
    body = html[html.index("<body>") + len("<body>"):html.index("</body>")]
    other = re.sub(r"<td>(\d+)</td>", lambda m: f"<td>{int(m.group(1)) * 2 + 7}</td>", body)
    path = tmp_path / "two.html"
    path.write_text(html.replace("</body>", other + "</body>"), encoding="utf-8")
    doc = _run(path)
    assert _tables(doc) == _tables(reference)
    extra = [f for f in _findings(doc) if f not in _findings(reference)]
    assert sorted(f[0] for f in extra) == ["parse.table-repeated"] * 2
    assert {f.table for f in doc.findings if f.rule == "parse.table-repeated"} == {"active_disclosure", "applications"}
