"""One report in every format (tests/fixtures/make_fixtures.py): identical tables and
findings, every finding located in the original document; unreadable inputs refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator import template
from validator.run import pipeline

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REFERENCE = FIXTURES / "formats" / "report.txt"
OTHERS = sorted(p for p in (FIXTURES / "formats").iterdir() if p != REFERENCE)


def _run(path: Path):
    doc = pipeline.run([str(path)]).documents[0]
    assert doc.error is None, doc.error
    return doc


def _tables(doc) -> dict:
    return {(name, key): (cell.status, cell.value, cell.placeholder and "placeholder")
            for name, res in doc.report.tables.items() for key, cell in res.cells.items()}


def _findings(doc) -> list:
    return sorted((f.rule, f.severity, f.row or "", f.column or "", f.expected, str(f.actual))
                  for f in doc.findings)


@pytest.fixture(scope="module")
def reference():
    doc = _run(REFERENCE)
    assert {(f.rule, f.column) for f in doc.findings} == {
        ("applications.balance", "natural_person"), ("applications.balance", "total")}
    return doc


@pytest.mark.parametrize("path", OTHERS, ids=[p.name for p in OTHERS])
def test_same_report_in_every_format(path: Path, reference) -> None:
    doc = _run(path)
    assert doc.report.layouts() == reference.report.layouts()
    assert (doc.report.agency, doc.report.year) == (reference.report.agency,
                                                    reference.report.year)
    assert _tables(doc) == _tables(reference)
    assert _findings(doc) == _findings(reference)


EXPECTED_LOCATION = {
    ".txt": ("line", "column"), ".html": ("line", "table", "row", "col"),
    ".docx": ("table", "row", "col"), ".pdf": ("page", "bbox"),
    ".xlsx": ("sheet", "cell"), ".csv": ("line", "row", "col"),
    ".doc": ("table", "row", "col"), ".xls": ("sheet", "cell"), ".mhtml": ("line", "table", "row", "col"),
    ".rtf": ("table", "row", "col"),
}


@pytest.mark.parametrize("path", [REFERENCE, *OTHERS], ids=lambda p: p.name)
def test_findings_point_at_the_cell(path: Path) -> None:
    doc = _run(path)
    fields = EXPECTED_LOCATION[path.suffix]
    for f in doc.findings:
        loc = f.location.to_dict()
        assert all(k in loc for k in fields), (f.rule, loc)
        for cell in f.cells:
            assert cell.location is not None and all(k in cell.location.to_dict() for k in fields)


@pytest.mark.parametrize("name", ["report_tracked.docx", "report_tracked.doc"])
def test_docx_tracked_changes_and_split_table(name: str) -> None:
    """The Word file and its Word 97–2003 copy: a deleted "999" is not read."""
    doc = _run(FIXTURES / "formats" / name)
    cell = doc.report.tables[template.APPLICATIONS].cells[("new_received", "natural_person")]
    assert cell.raw != "999" and "999" not in cell.raw
    assert cell.loc.table == 2 and cell.loc.row == 4  # first data row of table 三
    late = doc.report.tables[template.APPLICATIONS].cells[("carried_forward", "total")]
    assert late.loc.table == 3  # the continuation table


@pytest.mark.parametrize(("name", "reason"), [
    ("image_only.pdf", "no text layer"),
    ("encrypted.pdf", "encrypted"),
    ("no_tables.docx", "no table of the annual-report template"),
    ("other_document.html", "no table of the annual-report template"),
])
def test_unreadable_documents(name: str, reason: str) -> None:
    doc = pipeline.run([str(FIXTURES / "negative" / name)]).documents[0]
    assert doc.report is None and reason in doc.reason("en")


# ------------------------------------------------------------------ Word and Excel 97–2003
LEGACY = FIXTURES / "legacy"


@pytest.mark.parametrize(("name", "like", "trap"), [
    ("marked.doc", "formats/report.doc", "999".encode("utf-16-le")),  # hidden text, a superscript, a field
    ("marked.doc", "formats/report.doc", "SUM(".encode("utf-16-le")),
    ("wrapped.doc", "blank/report_blank.doc", "年度报告".encode("utf-16-le")),  # inside a layout table
    ("textbox.doc", "formats/report.doc", "本年新收".encode("utf-16-le")),  # table 三 in a text box
    ("marked.rtf", "formats/report.rtf", b"999"),
    ("marked.rtf", "formats/report.rtf", b"SUM("),
])
def test_word_97_file_reads_what_word_shows(name: str, like: str, trap: bytes) -> None:
    """What the Word 97–2003 and RTF formats store their own way (make_fixtures.py
    legacy_formats): hidden text and field codes (the trap: in the file, not in what Word
    shows), tables nested in a layout table, a table in a text box."""
    path = LEGACY / name
    assert trap in path.read_bytes()
    _same_reading(_run(FIXTURES / like), _run(path))


@pytest.mark.parametrize(("wrap", "name"), [(False, "report.rtf"), (True, "wrapped.rtf"), (False, "saved.doc"),
                                           (None, "boxed.rtf")])
def test_rtf_as_word_writes_it(wrap: bool | None, name: str, tmp_path: Path) -> None:
    """RTF as Word and WPS write it in a Chinese locale (GBK bytes, rows defined before and
    after their cells), inside a layout table (nested tables), under a .doc name, or inside a
    text box (None)."""
    from conftest import word_rtf

    from validator import readers

    source = FIXTURES / "blank" / "report_blank.docx"
    path = tmp_path / name
    path.write_bytes(word_rtf(readers.read(source).blocks, wrap=bool(wrap), box=wrap is None))
    assert b"\\'" in path.read_bytes() and (b"\\nestrow" in path.read_bytes()) == bool(wrap)
    _same_reading(_run(source), _run(path))
    bad = tmp_path / "bad.rtf"
    bad.write_bytes(b"PK\x03\x04 not rtf")
    doc = pipeline.run([str(bad)]).documents[0]
    assert doc.report is None and "not a readable RTF document" in doc.reason("en")


def _patched(tmp_path: Path, offset: int, value: bytes, name: str = "patched.doc") -> Path:
    data = bytearray((FIXTURES / "formats" / "report.doc").read_bytes())
    word = data.find(b"\xec\xa5")  # the WordDocument stream's first bytes (its FIB)
    data[word + offset:word + offset + len(value)] = value
    path = tmp_path / name
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(("offset", "value", "says"), [
    (2, b"\x65\x00", "Word 6.0/95"),  # an older FIB version
    (0x0A, b"\x00\x03", "password-protected"),  # the encrypted flag
])
def test_word_97_files_refused_with_a_reason(offset: int, value: bytes, says: str, tmp_path: Path) -> None:
    doc = pipeline.run([str(_patched(tmp_path, offset, value))]).documents[0]
    assert doc.report is None and says in doc.reason("en")


def test_office_97_files_by_content_not_name(tmp_path: Path) -> None:
    """A workbook saved as .doc, a Word 97–2003 file named .docx or .wps, a damaged one."""
    for source, name in (("report.xls", "book.doc"), ("report.doc", "old.docx"), ("report.doc", "draft.wps")):
        path = tmp_path / name
        path.write_bytes((FIXTURES / "formats" / source).read_bytes())
        assert _findings(_run(path)) == _findings(_run(FIXTURES / "formats" / "report.doc")), name
    cut = tmp_path / "cut.doc"
    cut.write_bytes((FIXTURES / "formats" / "report.doc").read_bytes()[:3000])
    doc = pipeline.run([str(cut)]).documents[0]
    assert doc.report is None and "damaged Office 97–2003 file" in doc.reason("en")


# ------------------------------------------------------------------ pages saved as one file
@pytest.mark.parametrize("name", ["page.mht", "page.html", "page.txt"])
def test_page_saved_as_one_file(name: str, tmp_path: Path) -> None:
    """Word's "single file web page" (GB2312, quoted-printable), by content whatever its name;
    report.mhtml (Chromium's MHTML of report.html) is among the formats above."""
    from conftest import word_mht

    page = (FIXTURES / "formats" / "report.html").read_text(encoding="utf-8")
    path = tmp_path / name
    path.write_bytes(word_mht(page))
    _same_reading(_run(FIXTURES / "formats" / "report.html"), _run(path))
    other = tmp_path / "other.mht"
    other.write_bytes(word_mht(page)[:200] + b"\r\n")  # the archive's head, no page
    doc = pipeline.run([str(other)]).documents[0]
    assert doc.report is None and "without a web page" in doc.reason("en")


# ------------------------------------------------------------------ whose report a page is
@pytest.mark.parametrize("heading", [
    "<h2>{title}</h2>", "<h1><span>柳江县</span>交通运输局{year}年政府信息公开工作年度报告</h1>",
    "<h1>柳江县人民政府门户网站</h1><div class='article'><h3>{title}</h3></div>",
    "<h2>政府信息公开年度报告</h2><div class='article'><h3>{title}</h3></div>",  # a column's name first
])
def test_the_articles_title_names_the_body_not_a_sidebars_link(heading: str, tmp_path: Path) -> None:
    """A generic <title>, a sidebar listing another body's report of the same year before the
    article, the article's title in a heading: the body is the heading's (its deadline too)."""
    from validator.testing import synth

    s = synth.zeros("2021", 2023)
    s.agency = "柳江县交通运输局"
    title = f"{s.agency}{s.year}年政府信息公开工作年度报告"
    side = ("<div class='side'><ul><li><a href='/a.html'>柳江县人民政府2023年政府信息公开工作年度报告</a></li>"
            "<li><a href='/b.html'>柳江县教育局2023年政府信息公开工作年度报告</a></li></ul></div>")
    page = synth.render_html(s).replace(f"<title>{title}</title>", "<title>柳江县人民政府门户网站</title>")
    page = page.replace("<body>", "<body>" + side + heading.format(title=title, year=s.year), 1)
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    doc = _run(path)
    assert (doc.report.agency, doc.report.year) == ("柳江县交通运输局", 2023)


@pytest.mark.parametrize("related", [
    "<h3><a href='/c.html'>柳江县交通运输局2022年政府信息公开工作年度报告</a></h3>",
    "<a href='/c.html'><h3>柳江县交通运输局2022年政府信息公开工作年度报告</h3></a>",
])
def test_a_related_reports_linked_heading_names_no_year(related: str, tmp_path: Path) -> None:
    """The article's title in a <div> (no h1), its <title> right, a related report's linked
    <h3> after the article: the year is the <title>'s, not the link's."""
    from validator.testing import synth

    s = synth.zeros("2021", 2023)
    s.agency = "柳江县交通运输局"
    page = synth.render_html(s).replace("</body>", "<div class='related'><h4>相关阅读</h4>" + related + "</div></body>")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    doc = _run(path)
    assert (doc.report.agency, doc.report.year) == ("柳江县交通运输局", 2023)
    assert not [f for f in doc.findings if f.severity == "error"]


def test_a_teaser_before_the_articles_title_is_no_text_of_the_report(tmp_path: Path) -> None:
    """A sidebar before the article quotes another body's report with its numbers: they are
    not compared with this report's tables (a false error before)."""
    from validator.testing import synth

    s = synth.zeros("2021", 2023)
    teaser = ("<div class='side'><p>柳江县教育局2023年政府信息公开工作年度报告：本年新收政府信息公开申请15件，"
              "上年结转2件。</p></div>")
    path = tmp_path / "page.html"
    path.write_text(synth.render_html(s).replace("<body>", "<body>" + teaser, 1), encoding="utf-8")
    doc = _run(path)
    assert doc.report.year == 2023 and not [f for f in doc.findings if f.rule.startswith("prose.")]


@pytest.mark.parametrize("hidden_first", [True, False])
def test_a_hidden_tab_of_another_years_report_is_no_text_of_it(hidden_first: bool, tmp_path: Path) -> None:
    """Year tabs: last year's report in a pane not shown, this year's shown; the tables are
    the shown ones, and so are the text's numbers and the statistics period."""
    from validator.testing import synth

    def body(year: int, sentence: str) -> str:
        page = synth.render_html(synth.zeros("2021", year))
        page = page.replace("本年度我单位依法推进政务公开，各项工作平稳有序。", sentence)
        return page[page.index("<body>") + 6:page.index("</body>")]

    shown = body(2023, "本年度未收到政府信息公开申请。")
    hidden = "<div class='tab' style='display:none'>" + body(2022, "本年新收政府信息公开申请15件。") + "</div>"
    tabs = hidden + shown if hidden_first else shown + hidden
    path = tmp_path / "page.html"
    path.write_text(f"<html><head><meta charset='utf-8'><title>年度报告</title></head><body>{tabs}</body></html>",
                    encoding="utf-8")
    doc = _run(path)
    assert doc.report.year == 2023
    assert not [f for f in doc.findings if f.severity == "error"], [f.message("en") for f in doc.findings]


@pytest.mark.parametrize("empty", ["", "&nbsp;"])
def test_table_four_with_every_cell_left_blank_is_read_as_blank(empty: str, tmp_path: Path) -> None:
    """A township with no review or lawsuit leaves table 四's 15 cells blank, under its header
    in the same table: blank cells (0), not a row without values (a false error before)."""
    from validator.testing import synth

    page = synth.render_html(synth.zeros("2021", 2023))
    start, end = page.index("<p>四、政府信息公开行政复议"), page.index("<p>五、")
    results = "".join(f"<td>{w}</td>" for w in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计"))
    table = ("<p>四、政府信息公开行政复议、行政诉讼情况</p><table border='1'>"
             "<tr><td colspan='5'>行政复议</td><td colspan='10'>行政诉讼</td></tr>"
             "<tr>" + results.replace("<td>", "<td rowspan='2'>") + "<td colspan='5'>未经复议直接起诉</td>"
             "<td colspan='5'>复议后起诉</td></tr><tr>" + results * 2 + "</tr>"
             "<tr>" + f"<td>{empty}</td>" * 15 + "</tr></table>")
    path = tmp_path / "page.html"
    path.write_text(page[:start] + table + page[end:], encoding="utf-8")
    doc = _run(path)
    cells = doc.report.tables["review_litigation"].cells
    assert len(cells) == 15 and all(c.status == "placeholder" for c in cells.values())
    assert not [f for f in doc.findings if f.severity == "error"], [f.message("en") for f in doc.findings]


@pytest.mark.parametrize("gap", [" ", "\u00a0", "\u3000", "\u200b"])
def test_a_title_with_a_space_inside_a_word_names_the_body(gap: str, tmp_path: Path) -> None:
    """"…年度报 告" (a space, NBSP, full-width space or zero-width space pasted into the title),
    a page's breadcrumb above it: the title names the body, not the breadcrumb."""
    from validator.testing import synth

    s = synth.zeros("2021", 2023)
    s.agency = "南河区卫生健康委员会"
    text = synth.render(s).replace("年度报告\n", f"年度报{gap}告\n", 1)
    path = tmp_path / "report.txt"
    path.write_text("首页>政府信息公开>年度报告\n" + text, encoding="utf-8")
    assert (_run(path).report.agency, _run(path).report.year) == ("南河区卫生健康委员会", 2023)


def test_a_report_without_a_title_is_named_by_its_file(tmp_path: Path) -> None:
    """No title in the document (a workbook or text of the tables only): the file's name, as
    staff and sites name reports, says whose report it is and of which year."""
    from validator.testing import synth

    text = synth.render(synth.zeros("2021", 2023)).split("\n", 1)[1]  # the title line left out
    path = tmp_path / "青山县交通运输局2023年政府信息公开工作年度报告.txt"
    path.write_text(text, encoding="utf-8")
    assert (_run(path).report.agency, _run(path).report.year) == ("青山县交通运输局", 2023)
    other = tmp_path / "tables.txt"
    other.write_text(text, encoding="utf-8")
    assert _run(other).report.agency is None


# ------------------------------------------------------------------ why a page holds no report
_PAGE = ('<html><head><meta charset="utf-8"><title>某区2024年政府信息公开工作年度报告</title></head><body>'
         '<div class="nav"><a href="/index.html">首页</a><a href="/zwgk/list.shtml">政务公开</a></div>'
         '<h1>某区2024年政府信息公开工作年度报告</h1><p>现将本区2024年度报告全文公布如下。</p>{body}</body></html>')


@pytest.mark.parametrize(("body", "says"), [
    ('<p>附件：<a href="/u/2025/01/%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A.pdf">某区2024年度报告.pdf</a></p>',
     "links to 1 file(s) to download (某区2024年度报告.pdf)"),
    ('<p><a href="/files/P020250110.docx">点击下载</a></p>', "(P020250110.docx)"),
    ('<p><a href="/files/P020250110.docx?v=2">某区年度报告</a></p>', "(某区年度报告 (P020250110.docx))"),
    ('<p><a href="/download.jsp?id=31">附件：年度报告.wps</a></p>', "(附件：年度报告.wps)"),
    ('<p><a href="javascript:void(0)" onclick="get(31)">年度报告.ofd</a></p>', "(年度报告.ofd)"),
    ('<p><a href="http://[bad/年度报告.pdf">年度报告</a><a href="/f/a.doc">a.doc</a></p>', "(a.doc)"),
    ('<ul>' + "".join(f'<li><a href="/f/{i}.pdf">报告{i}.pdf</a></li>' for i in range(5)) + '</ul>',
     "links to 5 file(s) to download (报告0.pdf、报告1.pdf、报告2.pdf…)"),
    ('<p><a href="/zwgk/2024.html">上一篇</a><a href="mailto:a@b.cn">联系我们.pdf</a></p>',
     "(not a 政府信息公开工作年度报告?)"),  # pages and mail addresses are no attachments
    # a report embedded as a PDF: a frame, an embed, an object (and its fallback link), a viewer
    ('<iframe src="/u/cms/202401/19103512.pdf" width="100%"></iframe>', "(19103512.pdf)"),
    ('<embed src="/u/cms/202401/19103512.pdf" type="application/pdf">', "(19103512.pdf)"),
    ('<object data="/u/a.pdf" type="application/pdf"><a href="/u/a.pdf">某区年度报告.pdf</a></object>',
     "links to 2 file(s) to download (a.pdf、某区年度报告.pdf)"),
    ('<iframe src="/static/pdfjs/web/viewer.html?file=%2Fu%2Freport2024.pdf"></iframe>', "(report2024.pdf)"),
    ('<iframe src="/share/widget.html"></iframe>', "(not a 政府信息公开工作年度报告?)"),
])
def test_page_without_tables_says_what_it_links_to(body: str, says: str, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(_PAGE.format(body=body), encoding="utf-8")
    doc = pipeline.run([str(page)]).documents[0]
    assert doc.report is None and says in doc.reason("en"), doc.reason("en")
    if "file(s)" in says:
        assert "(not a 政府" not in doc.reason("en") and "个可下载的文件" in doc.reason("zh")


@pytest.mark.parametrize("pager", ["共2页 首页 上一页 1 2 下一页 尾页", "« 上一页 1 2 下一页 »"])
@pytest.mark.parametrize("suffix", [".html", ".txt"])
def test_a_page_split_by_its_site_says_the_rest_may_be_on_the_next(pager: str, suffix: str, tmp_path: Path) -> None:
    """A CMS splits a long article over pages (共2页): the first page's tables 三 and 四 are
    missing — true of the file — and each finding says where they may be."""
    whole = (FIXTURES / "formats" / f"report{suffix}").read_text(encoding="utf-8")
    first = whole[:whole.index(("" if suffix == ".txt" else "<p>") + "三、收到和处理")]
    first += f"\n{pager}\n" if suffix == ".txt" else f"<div class='pager'>{pager}</div></body></html>"
    path = tmp_path / f"page{suffix}"
    path.write_text(first, encoding="utf-8")
    doc = pipeline.run([str(path)]).documents[0]
    missing = [f for f in doc.findings if f.rule == "structure.table-missing"]
    assert {f.table for f in missing} == {"applications", "review_litigation"}
    for f in missing:
        assert "shows a pager (2 pages): the rest of the report may be on its next page" in f.message("en")
        assert "共 2 页" in f.message("zh")
    alone = tmp_path / f"alone{suffix}"
    alone.write_text(f"某区2024年政府信息公开工作年度报告\n{pager}\n" if suffix == ".txt"
                     else _PAGE.format(body=f"<div>{pager}</div>"), encoding="utf-8")
    doc = pipeline.run([str(alone)]).documents[0]
    assert doc.report is None and "(2 pages)" in doc.reason("en"), doc.reason("en")


def test_page_without_tables_names_pictures_ocr_did_not_read(tmp_path: Path) -> None:
    import base64
    import io

    from PIL import Image

    from validator.readers.limits import Limits

    buf = io.BytesIO()
    Image.new("RGB", (900, 500), "white").save(buf, "PNG")
    img = f'<img src="data:image/png;base64,{base64.b64encode(buf.getvalue()).decode()}">'
    page = tmp_path / "page.html"
    page.write_text(_PAGE.format(body=img), encoding="utf-8")
    doc = pipeline.run([str(page)], limits=Limits(ocr="never")).documents[0]
    assert doc.report is None
    assert "has 1 picture(s) or scanned page(s) not read (--ocr never)" in doc.reason("en")


def test_attachment_links_change_nothing_on_a_report_page(tmp_path: Path) -> None:
    html = (FIXTURES / "formats" / "report.html").read_text(encoding="utf-8")
    page = tmp_path / "report.html"
    page.write_text(html.replace("</body>", '<p>附件：<a href="/f/report.pdf">report.pdf</a></p></body>'),
                    encoding="utf-8")
    plain = pipeline.run([str(FIXTURES / "formats" / "report.html")]).documents[0]
    linked = pipeline.run([str(page)]).documents[0]
    assert linked.error is None
    assert [f.rule for f in linked.findings] == [f.rule for f in plain.findings]


# ------------------------------------------------------------------ what a workbook hides
def _spreadsheet_ml(path: Path) -> None:
    """The fixture workbook as Excel 2003 XML (what some systems save as .xls): rows with
    ss:Index where cells are skipped, merged ranges as ss:MergeAcross / ss:MergeDown, and
    before it a hidden sheet with last year's numbers."""
    import re
    from xml.sax.saxutils import escape

    import openpyxl

    ws = openpyxl.load_workbook(FIXTURES / "formats" / "report.xlsx").worksheets[0]
    merges = {(m.min_row, m.min_col): (m.max_row - m.min_row, m.max_col - m.min_col) for m in ws.merged_cells.ranges}
    rows = []
    for row in ws.iter_rows():
        cells = []
        for c in row:
            if c.value is None and (c.row, c.column) not in merges:
                continue
            down, across = merges.get((c.row, c.column), (0, 0))
            kind = "Number" if isinstance(c.value, int | float) else "String"
            cells.append(f'<Cell ss:Index="{c.column}" ss:MergeAcross="{across}" ss:MergeDown="{down}">'
                         f'<Data ss:Type="{kind}">{escape(str(c.value if c.value is not None else ""))}</Data></Cell>')
        rows.append(f'<Row ss:Index="{row[0].row}">{"".join(cells)}</Row>')
    stale = re.sub(r">(\d+)<", lambda m: f">{int(m.group(1)) + 1}<", "".join(rows))  # last year's, hidden
    path.write_text('<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
                    '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
                    'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" '
                    'xmlns:x="urn:schemas-microsoft-com:office:excel">'
                    f'<Worksheet ss:Name="2022"><Table>{stale}</Table><x:WorksheetOptions><x:Visible>SheetHidden'
                    '</x:Visible></x:WorksheetOptions></Worksheet>'
                    f'<Worksheet ss:Name="报告"><Table>{"".join(rows)}</Table></Worksheet></Workbook>',
                    encoding="utf-8")


def test_what_systems_save_as_a_workbook(tmp_path: Path) -> None:
    """Under an .xls or .et name: an .xlsx, comma- or tab-separated text, a web page's table
    (a long style block first), Excel 2003 XML — each read for what it is; an empty one refused."""
    formats = FIXTURES / "formats"
    want = _findings(_run(formats / "report.xlsx"))
    cases = {"book.xls": (formats / "report.xlsx").read_bytes(), "book.et": (formats / "report.xlsx").read_bytes(),
             "text.xls": (formats / "report.csv").read_bytes(),
             "tabs.xls": (formats / "report.csv").read_text(encoding="utf-8").replace(",", "\t").encode("gb18030"),
             "page.xls": (b"<style>" + b"td { font-size: 10pt; } " * 40 + b"</style>\n"
                          + (formats / "report.html").read_bytes())}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        assert _findings(_run(tmp_path / name)) == want, name
    _spreadsheet_ml(tmp_path / "xml.xls")
    _same_reading(_run(formats / "report.xlsx"), _run(tmp_path / "xml.xls"))
    (tmp_path / "empty.xls").write_bytes(b"")
    doc = pipeline.run([str(tmp_path / "empty.xls")]).documents[0]
    assert doc.report is None and "empty file" in doc.reason("en")


def test_check_column_beside_a_table_is_no_cell(tmp_path: Path) -> None:
    """A 校验 (check) column right of table 三, its zeros from a formula: no cell of the table."""
    import openpyxl

    wb = openpyxl.load_workbook(FIXTURES / "formats" / "report.xlsx")
    ws = wb.worksheets[0]
    head = next(c for c in ws["A"] if str(c.value or "").startswith("一、本年新收")).row - 1
    col = max(c.column for row in ws.iter_rows(min_row=head, max_row=head + 25) for c in row if c.value is not None) + 1
    ws.cell(head, col).value = "校验"
    for r in range(head + 1, head + 26):
        ws.cell(r, col).value = 0
    wb.save(tmp_path / "checked.xlsx")
    _same_reading(_run(FIXTURES / "formats" / "report.xlsx"), _run(tmp_path / "checked.xlsx"))


def _hide(kind: str, path: Path) -> None:
    """The fixture workbook with hidden content that differs from what it shows."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    wb = openpyxl.load_workbook(FIXTURES / "formats" / "report.xlsx")
    ws = wb.worksheets[0]
    if kind == "sheet":  # last year's copy, hidden, before the report
        old = wb.copy_worksheet(ws)
        for row in old.iter_rows():
            for c in row:
                if isinstance(c.value, int | float) and not isinstance(c.value, bool):
                    c.value += 1
        old.sheet_state = "hidden"
        wb.move_sheet(old, offset=-1)
    elif kind == "column":  # a working column with numbers right of the tables
        col = ws.max_column + 1
        for r in range(1, ws.max_row + 1):
            ws.cell(r, col).value = 7
        ws.column_dimensions[get_column_letter(col)].hidden = True
    else:  # a helper row with numbers after table 三's first row (the rows below it moved down)
        first = next(c.row for c in ws["A"] if str(c.value or "").startswith("一、本年新收"))
        merges = list(ws.merged_cells.ranges)
        for m in merges:
            ws.unmerge_cells(str(m))
        ws.insert_rows(first + 1)
        for m in merges:
            if m.min_row > first:
                m.shift(row_shift=1)
            ws.merge_cells(m.coord)
        for j in range(1, 11):
            ws.cell(first + 1, j).value = 99 if j > 3 else "校验"
        ws.row_dimensions[first + 1].hidden = True
    wb.save(path)


@pytest.mark.parametrize("kind", ["sheet", "column", "row"])
def test_workbook_reads_what_it_shows(kind: str, tmp_path: Path) -> None:
    path = tmp_path / f"hidden_{kind}.xlsx"
    _hide(kind, path)
    plain = pipeline.run([str(FIXTURES / "formats" / "report.xlsx")]).documents[0]
    hidden = pipeline.run([str(path)]).documents[0]
    assert hidden.error is None
    for name, table in plain.report.tables.items():
        got = hidden.report.tables[name].cells
        assert {k: (c.value, c.status) for k, c in table.cells.items()} == \
            {k: (c.value, c.status) for k, c in got.items()}, name
    assert sorted(f.rule for f in hidden.findings) == sorted(f.rule for f in plain.findings)


def test_docx_hidden_text_is_not_read(tmp_path: Path) -> None:
    """Runs formatted as hidden (Word neither shows nor prints them): an old number beside a
    cell's value, a hidden paragraph with last year's row."""
    import docx

    doc = docx.Document(str(FIXTURES / "formats" / "report.docx"))
    cell = next(c for t in doc.tables for row in t.rows for c in row.cells if c.text.strip() == "16")
    cell.paragraphs[0].add_run("999").font.hidden = True
    para = doc.paragraphs[len(doc.paragraphs) // 2].insert_paragraph_before()
    para.add_run("一、本年新收政府信息公开申请数量 15 1 15 1 22 27 81").font.hidden = True
    path = tmp_path / "hidden.docx"
    doc.save(str(path))
    plain = pipeline.run([str(FIXTURES / "formats" / "report.docx")]).documents[0]
    hidden = pipeline.run([str(path)]).documents[0]
    for name, table in plain.report.tables.items():
        assert {k: (c.value, c.status) for k, c in table.cells.items()} == \
            {k: (c.value, c.status) for k, c in hidden.report.tables[name].cells.items()}, name
    assert sorted(f.rule for f in hidden.findings) == sorted(f.rule for f in plain.findings)


def test_docx_text_hidden_by_its_character_style(tmp_path: Path) -> None:
    """A run hidden (or raised) by a character style, not by its own formatting: "16" and a
    hidden "99" is 16, "83" and a footnote-reference-styled "1" is 83."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    doc = docx.Document(str(FIXTURES / "formats" / "report.docx"))
    hidden = doc.styles.add_style("HiddenNote", WD_STYLE_TYPE.CHARACTER)
    hidden.font.hidden = True
    raised = doc.styles.add_style("NoteMark", WD_STYLE_TYPE.CHARACTER)
    raised.font.superscript = True
    based = doc.styles.add_style("NoteMarkBlue", WD_STYLE_TYPE.CHARACTER)
    based.base_style = raised
    cells = [c for t in doc.tables for row in t.rows for c in row.cells]
    next(c for c in cells if c.text.strip() == "16").paragraphs[0].add_run("99", style="HiddenNote")
    next(c for c in cells if c.text.strip() == "83").paragraphs[0].add_run("1", style="NoteMarkBlue")
    path = tmp_path / "styled.docx"
    doc.save(str(path))
    _same_reading(pipeline.run([str(FIXTURES / "formats" / "report.docx")]).documents[0],
                  pipeline.run([str(path)]).documents[0])


@pytest.mark.parametrize("hide", ["hidden", 'style="visibility:hidden"', 'style="display: none"',
                                  'style="VISIBILITY: collapse"'])
def test_page_reads_what_a_browser_shows(hide: str, tmp_path: Path) -> None:
    """A stale copy of table 三's first row kept out of sight; the report inside a pane that
    a script shows (a tab) is read all the same."""
    import re

    source = FIXTURES / "formats" / "report.html"
    html = source.read_text(encoding="utf-8")
    at = html.find("一、本年新收")
    start, end = html.rfind("<tr", 0, at), html.find("</tr>", at) + len("</tr>")
    stale = re.sub(r">(\d+)<", lambda m: f">{int(m.group(1)) + 5}<", html[start:end]).replace("<tr", f"<tr {hide}", 1)
    page = tmp_path / "page.html"
    body = html.find(">", html.find("<body")) + 1
    tabbed = html[:body] + f'<div class="tab-pane" {hide}>' + html[body:end] + stale + html[end:]
    page.write_text(tabbed.replace("</body>", "</div></body>"), encoding="utf-8")
    plain = pipeline.run([str(source)]).documents[0]
    shown = pipeline.run([str(page)]).documents[0]
    for name, table in plain.report.tables.items():
        assert {k: (c.value, c.status) for k, c in table.cells.items()} == \
            {k: (c.value, c.status) for k, c in shown.report.tables[name].cells.items()}, name
    assert sorted(f.rule for f in shown.findings) == sorted(f.rule for f in plain.findings)


def _alt_chunk_docx(path: Path, page: bytes, main: str = "word/document.xml") -> Path:
    """A Word file as web systems write it: the body one altChunk, the report a web page in it
    (and, as some write it, a main part of another name)."""
    import zipfile

    w, r = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships")
    rels = "http://schemas.openxmlformats.org/package/2006/relationships"
    folder, name = main.rsplit("/", 1)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   f'<Override PartName="/{main}" ContentType="application/vnd.openxmlformats-officedocument.'
                   'wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", f'<Relationships xmlns="{rels}"><Relationship Id="rId1" Type="{r}/officeDocument" '
                   f'Target="{main}"/></Relationships>')
        z.writestr(main, f'<w:document xmlns:w="{w}" xmlns:r="{r}"><w:body><w:altChunk r:id="chunk1"/></w:body>'
                   '</w:document>')
        z.writestr(f"{folder}/_rels/{name}.rels", f'<Relationships xmlns="{rels}"><Relationship Id="chunk1" '
                   f'Type="{r}/aFChunk" Target="afchunk.htm"/></Relationships>')
        z.writestr(f"{folder}/afchunk.htm", page)
    return path


@pytest.mark.parametrize("main", ["word/document.xml", "word/document2.xml"])
def test_word_file_holding_a_web_page_reads_as_the_page(main: str, tmp_path: Path) -> None:
    source = FIXTURES / "formats" / "report.html"
    path = _alt_chunk_docx(tmp_path / "report.docx", source.read_bytes(), main)
    _same_reading(pipeline.run([str(source)]).documents[0], pipeline.run([str(path)]).documents[0])


@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize("stale", [True, False])
def test_a_copy_kept_out_of_sight_is_not_read(where: str, stale: bool, tmp_path: Path) -> None:
    """Every table once more in a container not shown (a print copy, or a stale copy with
    other numbers), before or after the tables shown: the tables shown are read, and a copy
    nobody sees is no second copy to warn of."""
    import re

    source = FIXTURES / "formats" / "report.html"
    html = source.read_text(encoding="utf-8")
    tables = re.findall(r"<table.*?</table>", html[html.find("<body"):], flags=re.S)
    copy = "".join(tables)
    if stale:
        copy = re.sub(r">(\d+)<", lambda m: f">{int(m.group(1)) + 2}<", copy)
    hidden = f'<div class="print-only" style="display:none">{copy}</div>'
    body = html.find(">", html.find("<body")) + 1
    page = html[:body] + hidden + html[body:] if where == "before" else html.replace("</body>", hidden + "</body>")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    _same_reading(pipeline.run([str(source)]).documents[0], pipeline.run([str(path)]).documents[0])


def _same_reading(plain, other) -> None:
    for name, table in plain.report.tables.items():
        assert {k: (c.value, c.status) for k, c in table.cells.items()} == \
            {k: (c.value, c.status) for k, c in other.report.tables[name].cells.items()}, name
    assert sorted(f.rule for f in other.findings) == sorted(f.rule for f in plain.findings)


@pytest.mark.parametrize("mark", ["<sup>1</sup>", "<sup>①</sup>", "①", "¹", "<sup>注</sup>", "*", "※", "（注）",
                                  "(1)", "[1]", "[S1]", "⑴", "注1", " 件",
                                  '<span style="VERTICAL-ALIGN: super; font-size: 8pt">1</span>'])
def test_footnote_mark_after_a_number_is_no_digit(mark: str, tmp_path: Path) -> None:
    """"83" with a footnote mark is 83 (① and ¹ are digits once NFKC-normalised: 831)."""
    source = FIXTURES / "formats" / "report.html"
    html = source.read_text(encoding="utf-8")
    at = html.find(">83<", html.find("一、本年新收"))
    page = tmp_path / "page.html"
    page.write_text(html[:at] + f">83{mark}<" + html[at + 4:], encoding="utf-8")
    _same_reading(pipeline.run([str(source)]).documents[0], pipeline.run([str(page)]).documents[0])


def test_docx_superscript_mark_is_no_digit(tmp_path: Path) -> None:
    import docx

    doc = docx.Document(str(FIXTURES / "formats" / "report.docx"))
    cell = next(c for t in doc.tables for row in t.rows for c in row.cells if c.text.strip() == "83")
    cell.paragraphs[0].add_run("1").font.superscript = True
    path = tmp_path / "marked.docx"
    doc.save(str(path))
    _same_reading(pipeline.run([str(FIXTURES / "formats" / "report.docx")]).documents[0],
                  pipeline.run([str(path)]).documents[0])
