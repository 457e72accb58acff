"""PDFs printed by a browser from pages whose zero cells are empty, with different CSS: the
page layout may place a value or leave a row unread, but must never put a number in the wrong
cell or read a blank as a number. The pages are adversarial: each group of table 二 is its
own small grid and its header is a paragraph above it, not part of the grid."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from metamorphic import BROWSER, print_pdf

from validator import template
from validator.model.document import Location, Span
from validator.run import pipeline
from validator.testing import synth

STYLES = ["", "td{text-align:right}", "td{text-align:left;font-size:9px}",
          "table{width:60%}td{font-size:8px}", "@page{size:landscape}"]
BLANK = "BLANKCELL"

pytestmark = pytest.mark.slow  # every test prints PDFs in a real browser


def _page(seed: int, layout: str) -> tuple[synth.Synthetic, str]:
    rng = random.Random(seed)
    s = synth.consistent(rng, layout)
    for name, cells in s.tables.items():
        lay = template.layout(name, layout)
        for key, value in cells.items():
            if value == 0 and lay.kind(*key) == "count" and rng.random() < 0.7:
                cells[key] = BLANK
    css = STYLES[seed % len(STYLES)] + " table{border-collapse:collapse}"
    html = synth.render_html(s).replace(BLANK, "").replace("</head>", f"<style>{css}</style></head>")
    return s, html


def _printed(html: str, tmp_path: Path):
    """The page printed to PDF by the browser, then checked: its DocumentResult."""
    page = tmp_path / "page.html"
    page.write_text(html, encoding="utf-8")
    pdf = tmp_path / "page.pdf"
    print_pdf(page, pdf)
    doc = pipeline.run([str(pdf)]).documents[0]
    assert doc.error is None, doc.error
    return doc


@pytest.mark.skipif(BROWSER is None, reason="chromium not installed")
@pytest.mark.parametrize("layout", ["2021", "2019"])
@pytest.mark.parametrize("seed", [4, 9, 14, 17])
def test_no_number_in_a_wrong_cell(seed: int, layout: str, tmp_path: Path) -> None:
    s, html = _page(seed, layout)
    doc = _printed(html, tmp_path)
    for name, cells in s.tables.items():
        res = doc.report.tables[name]
        for key, truth in cells.items():
            cell = res.cells[key]
            if cell.status != "value":
                continue  # left unread (with a parse finding) or read as blank
            assert truth != BLANK, f"{name}/{key}: a blank cell read as {cell.value}"
            assert cell.value == pytest.approx(truth), f"{name}/{key}: {cell.value} != {truth}"
    blanks = {(n, k) for n, c in s.tables.items() for k, v in c.items() if v == BLANK}
    read_blank = {(n, k) for n, r in doc.report.tables.items() for k, c in r.cells.items()
                  if c.status == "placeholder"}
    assert read_blank <= blanks, "a cell with a number read as blank"


@pytest.mark.skipif(BROWSER is None, reason="chromium not installed")
@pytest.mark.parametrize("layout", ["2021", "2019"])
@pytest.mark.parametrize("css", ["", "@page{size:landscape}"])
def test_official_layout_with_empty_zeros_reads_exactly(layout: str, css: str, tmp_path: Path) -> None:
    """The template's grid as a CMS page (rowspan/colspan, header in the grid, numbers left in
    their cells under centred header words), zeros empty, printed by the browser: every cell
    is read, blanks as blanks."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
    import make_fixtures

    s = synth.consistent(random.Random(7), layout)
    make_fixtures.BLANK_ZEROS[0] = True
    try:
        html = make_fixtures.html_report(s).replace("</title>", f"</title><style>{css}</style>", 1)
    finally:
        make_fixtures.BLANK_ZEROS[0] = False
    doc = _printed(html, tmp_path)
    for name, cells in s.tables.items():
        lay = template.layout(name, layout)
        for key, truth in cells.items():
            cell = doc.report.tables[name].cells[key]
            if truth == 0 and lay.kind(*key) == "count":
                assert cell.status == "placeholder", f"{name}/{key}: {cell.status} {cell.value}"
            else:
                assert cell.status == "value" and cell.value == pytest.approx(truth), f"{name}/{key}"


@pytest.mark.skipif(BROWSER is None, reason="chromium not installed")
@pytest.mark.parametrize("css", ["", "sup{font-size:60%}", "td{font-size:8px}"])
def test_footnote_mark_raised_after_a_number_is_no_digit(css: str, tmp_path: Path) -> None:
    """"83<sup>1</sup>" printed: the text layer says 831; the raised "1" is a footnote mark."""
    source = (Path(__file__).resolve().parent / "fixtures" / "formats" / "report.html").read_text(encoding="utf-8")
    at = source.find(">83<", source.find("一、本年新收"))
    marked = source[:at] + ">83<sup>1</sup><" + source[at + 4:]
    style = f"<style>{css}</style></head>"
    for name in ("plain", "marked"):
        (tmp_path / name).mkdir()
    plain, doc = (_printed(html.replace("</head>", style, 1), tmp_path / name)
                  for name, html in (("plain", source), ("marked", marked)))
    for name, table in plain.report.tables.items():
        assert {k: (c.value, c.status) for k, c in table.cells.items()} == \
            {k: (c.value, c.status) for k, c in doc.report.tables[name].cells.items()}, name
    assert sorted(f.rule for f in doc.findings) == sorted(f.rule for f in plain.findings)


def _line(text: str, bottom: float, top: float, x: float = 280.0) -> Span:
    return Span(text, Location("r.pdf"), boxes=[(x + 6 * k, bottom, x + 6 * k + 5, top) for k in range(len(text))])


FOOTERS = {  # a page's footer as LibreOffice breaks it at its fields and fonts: lines of it
    "dash, two pieces": lambda n: [_line("— ", 41, 42), _line(f"{n} —", 38, 46)],
    "of pages, four pieces": lambda n: [_line("第", 62, 71, 250), _line(f"{n} 页 共", 62, 70, 262),
                                        _line("3", 62, 70, 300), _line("页", 62, 71, 310)],
    "two levels": lambda n: [_line("第", 62, 71, 250), _line(f"{n} 页 共", 62, 70, 262), _line("3", 62, 70, 300),
                             _line("页", 62, 71, 310), _line("— ", 53, 53), _line(f"{n} —", 50, 58)],
}


@pytest.mark.parametrize("footer", FOOTERS)
def test_running_footer_broken_into_pieces_is_dropped(footer: str) -> None:
    """A footer LibreOffice broke into several lines at its fields ("— " and "2 —"; "第",
    "2 页 共", "3", "页"), on one level or two, is dropped as a page number counting on with
    the pages — not read as values after the table row above it."""
    from validator.readers import pdf

    pages = [([_line("行政强制 0 12 3", 300, 310, 72), _line("31 9 5 9 2 2 58", 120, 130, 72), *FOOTERS[footer](n)],
              [], None) for n in (1, 2, 3)]
    kept = pdf._without_running_lines(pages, [792.0] * 3)
    assert [[s.text for s in spans] for spans, _, _ in kept] == [["行政强制 0 12 3", "31 9 5 9 2 2 58"]] * 3


def test_a_table_row_at_the_foot_of_a_page_is_no_footer() -> None:
    """The last rows of a table standing low on the page (close to the lines above them) stay,
    even the same on two pages."""
    from validator.readers import pdf

    rows = ["行政处罚 0", "行政强制 0", "行政事业性收费 0"]
    pages = [([_line(rows[0], 82, 90, 72), _line(rows[1], 70, 78, 72), _line(rows[2], 58, 66, 72)], [], None)
             for _ in range(2)]
    kept = pdf._without_running_lines(pages, [792.0] * 2)
    assert [[s.text for s in spans] for spans, _, _ in kept] == [rows] * 2


@pytest.mark.parametrize(("text", "boxes", "kept"), [
    # a mark raised after 83 that pdfium put on a line of its own ("83", line break, "1")
    ("83\r\n1", [(100, 100, 105, 108), (105, 100, 110, 108), (0, 0, 0, 0), (0, 0, 0, 0), (110.2, 104, 113, 109)],
     "83"),
    # the next line's number, below and back at the left: no mark
    ("83\r\n12", [(100, 100, 105, 108), (105, 100, 110, 108), (0, 0, 0, 0), (0, 0, 0, 0), (100, 88, 105, 96),
                  (105, 88, 110, 96)], "83\r\n12"),
])
def test_footnote_mark_on_a_line_of_its_own_is_dropped(text: str, boxes: list, kept: str) -> None:
    from validator.readers import pdf

    assert pdf._without_marks(text, boxes)[0] == kept


def _placed(pieces: list[tuple[str, float]], y: float) -> Span:
    """One line of a page: each piece's characters 6 pt apart from its x, a space between
    pieces standing right after the piece before it."""
    text, boxes = "", []
    for i, (piece, x) in enumerate(pieces):
        if i:
            end = boxes[-1][2]
            text += " "
            boxes.append((end, y, end + 1, y + 8))
        text += piece
        boxes += [(x + 6 * k, y, x + 6 * k + 5, y + 8) for k in range(len(piece))]
    return Span(text, Location("r.pdf"), boxes=boxes)


def _table_two_2019(rows: dict[str, list[tuple[str, float]]]) -> list[Span]:
    """Table 二 of the 2019 layout as a page prints it: each part its own small grid under its
    header words (left-aligned, ~17 pt left of the centred numbers); (八) and (九) have two
    columns standing wider apart than the three of the other parts."""
    three, two = [229.0, 337.0, 445.0], [229.0, 391.0]
    items = ["上一年项目数量", "本年增/减", "处理决定数量"]
    heads = {
        "第二十条第（一）项": (["本年新制作数量", "本年新公开数量", "对外公开总数量"], three, ["规章", "规范性文件"]),
        "第二十条第（五）项": (items, three, ["行政许可", "其他对外管理服务事项"]),
        "第二十条第（六）项": (items, three, ["行政处罚", "行政强制"]),
        "第二十条第（八）项": (items[:2], two, ["行政事业性收费"]),
        "第二十条第（九）项": (["采购项目数量", "采购总金额"], two, ["政府集中采购"]),
    }
    lines = [Span("二、主动公开政府信息情况", Location("r.pdf"))]
    y = 700.0
    for part, (words, xs, labels) in heads.items():
        lines.append(_placed([(part, 72.0)], y))
        lines.append(_placed([("信息内容", 72.0), *zip(words, xs, strict=True)], y - 12))
        y -= 24
        for label in labels:
            lines.append(_placed([(label, 72.0), *rows[label]], y))
            y -= 12
    return lines


def test_table_two_parts_place_blank_cells_under_their_own_headers() -> None:
    """A 2019 table 二 printed with a blank cell ("规范性文件 5 _ 38"), a blank 处理决定数量 and
    a part all blank ((六), a township's): each part's short rows are placed under its own
    header's columns — not under the whole table's, which (八)'s wider two columns made
    disagree with the rows (every such row was a value-count error)."""
    from validator.match import match
    from validator.model.document import Document

    three, two = [246.0, 354.0, 462.0], [246.0, 408.0]
    rows = {"规章": list(zip("000", three, strict=True)), "规范性文件": [("5", three[0]), ("38", three[2])],
            "行政许可": list(zip(["27", "-2", "1463"], three, strict=True)),
            "其他对外管理服务事项": [("41", three[0]), ("3", three[1])],
            "行政处罚": [], "行政强制": [],
            "行政事业性收费": list(zip(["4", "-1"], two, strict=True)),
            "政府集中采购": list(zip(["9", "326.45"], two, strict=True))}
    report = match(Document("r.pdf", _table_two_2019(rows)))
    res = report.tables[template.ACTIVE_DISCLOSURE]
    assert res.layout == "2019"
    read = {key: (c.value if c.status == "value" else c.placeholder) for key, c in res.cells.items() if c.known}
    assert read[("normative_documents", "new_made")] == 5
    assert read[("normative_documents", "new_published")] == "blank"
    assert read[("normative_documents", "total_published")] == 38
    assert read[("other_services", "change")] == 3
    assert read[("other_services", "decisions")] == "blank"
    assert [read[("penalty", c)] for c in ("previous_count", "change", "decisions")] == ["blank"] * 3
    assert read[("fees", "change")] == -1
    assert read[("procurement", "procurement_amount")] == 326.45
    assert not [i for i in report.issues if i.table == template.ACTIVE_DISCLOSURE]


REVIEW_HEADER = ["行政复议", "行政诉讼", "结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉",
                 "结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计"]


def _blank_tables(laid_out: bool) -> list[Span]:
    """Tables 三 and 四 with every cell left blank (a body with nothing to report), their
    labels and header on the page, part 五's heading right after table 四."""
    lines = ["三、收到和处理政府信息公开申请情况", "申请人情况", "自然人 法人或其他组织 总计",
             "商业企业 科研机构 社会公益组织 法律服务机构 其他"]
    lines += [r.label.split("/")[-1] for r in template.layout(template.APPLICATIONS, "2021").rows]
    lines += ["四、政府信息公开行政复议、行政诉讼情况", *REVIEW_HEADER, "五、存在的主要问题及改进情况",
              "本年度工作中存在的问题有待改进。"]
    if not laid_out:
        return [Span(text, Location("r.txt")) for text in lines]
    return [_placed([(text, 72.0)], 700.0 - 12 * k) for k, text in enumerate(lines)]


def test_tables_left_blank_on_a_page_read_blank() -> None:
    """On a page, blank cells leave no trace: table 三 with every row label and no number, and
    table 四's header with nothing under it before part 五's heading, are tables whose every
    cell was left blank — read blank, not rows without values (a false parse error each)."""
    from validator.match import match
    from validator.model.document import Document

    report = match(Document("r.pdf", _blank_tables(laid_out=True)))
    for name in (template.APPLICATIONS, template.REVIEW_LITIGATION):
        res = report.tables[name]
        assert res.found, name
        assert {(c.status, c.placeholder) for c in res.cells.values()} == {("placeholder", "blank")}, name
    assert not report.issues


def test_tables_without_numbers_in_text_are_not_taken_for_blank() -> None:
    """In text, a table with no number may be a copy that lost them: its rows have no values
    (said), never read as blank."""
    from validator.match import match
    from validator.model.document import Document

    report = match(Document("r.txt", _blank_tables(laid_out=False)))
    codes = {(i.table, i.code) for i in report.issues}
    assert (template.APPLICATIONS, "no-values") in codes
    assert (template.REVIEW_LITIGATION, "no-values") in codes
