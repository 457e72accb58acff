"""Reader details: encodings, page furniture, merged cells, document structure."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator import readers
from validator.match import match
from validator.model.document import Location, Span, Table
from validator.model.errors import ReadError
from validator.run import pipeline

FIXTURES = Path(__file__).parent / "fixtures"

ROW = "<tr><td>{}</td><td>{}</td></tr>"


def _html(tmp_path: Path, body: str, head: str = "", encoding: str = "utf-8") -> Path:
    path = tmp_path / "page.html"
    path.write_bytes(f"<html><head>{head}</head><body>{body}</body></html>".encode(encoding))
    return path


def test_html_declared_gb2312(tmp_path: Path) -> None:
    path = _html(tmp_path, "<p>二、主动公开政府信息情况</p>", "<meta charset='gb2312'>", "gb18030")
    doc = readers.read(path)
    assert doc.blocks[0].text == "二、主动公开政府信息情况"


@pytest.mark.parametrize("declared", ["iso-8859-1", "windows-1252", "latin1"])
@pytest.mark.parametrize("encoding", ["gb18030", "utf-8"])
def test_html_western_charset_of_a_chinese_page_is_not_believed(declared: str, encoding: str, tmp_path: Path) -> None:
    """A site template's single-byte charset over Chinese bytes: told from the bytes instead."""
    path = _html(tmp_path, "<p>二、主动公开政府信息情况</p>", f"<meta charset='{declared}'>", encoding)
    assert readers.read(path).blocks[0].text == "二、主动公开政府信息情况"


def test_html_scripts_and_layout_tables(tmp_path: Path) -> None:
    body = ("<table><tr><td><script>document.write('规章 9 9 9')</script><p>正文</p>"
            "<table><tr><th>规章</th><td rowspan='2'>1</td><td colspan='2'>&nbsp;</td></tr>"
            "<tr><td>行政许可</td><td>3</td><td>4</td></tr></table></td></tr></table>")
    doc = readers.read(_html(tmp_path, body))
    texts = [b.text for b in doc.blocks if isinstance(b, Span)]
    assert "正文" in texts and not any("9 9 9" in t for t in texts)
    (table,) = [b for b in doc.blocks if isinstance(b, Table)]
    first, second = table.rows
    assert [(c.text, c.loc.col) for c in first] == [("规章", 1), ("1", 2), ("", 3)]
    # the rowspan'd cell occupies column 2 of the second row, repeated there
    assert [(c.text, c.loc.col) for c in second] == [("行政许可", 1), ("1", 2), ("3", 3), ("4", 4)]
    assert second[1].repeated and second[1].merged == first[1].loc == first[1].merged
    assert not first[1].repeated and first[2].merged is None
    assert all(c.loc.table == 1 and c.loc.line for c in first + second)


def test_html_cell_text_as_lines(tmp_path: Path) -> None:
    """Word's nested spans are one line; paragraphs and line breaks start new lines; text before
    a paragraph is its own line; a script in a cell is no text; source line ends break lines;
    what a browser does not show (deleted text, ``display: none``) is not read."""
    cells = ["<td><p class=MsoNormal><span><font>行政</font><span>许可</span></span></p></td>",
             "<td><p>本年</p><p>制发件数</p></td>", "<td>信息<p>内容</p></td>", "<td>总<br>计</td>",
             "<td><span>12</span><script>x = 9</script></td>", "<td><p><span>申请人\n情况</span></p></td>",
             "<td><del>61</del>16</td>", "<td><span style='DISPLAY: none'>9</span>16</td>",
             "<td><s>11</s>10</td>", "<td><strike>11</strike>10</td>",
             "<td><span style='text-decoration: line-through'>11</span>10</td>"]
    doc = readers.read(_html(tmp_path, "<table><tr>" + "".join(cells) + "</tr></table>"))
    (table,) = [b for b in doc.blocks if isinstance(b, Table)]
    assert [c.text for c in table.rows[0]] == ["行政许可", "本年\n制发件数", "信息\n内容", "总\n计", "12",
                                               "申请人\n情况", "16", "16", "10", "10", "10"]


def test_html_cell_left_out_by_the_browser_has_no_column(tmp_path: Path) -> None:
    """A cell with ``display: none`` or ``hidden`` (an export's helper column) is no column; one
    with ``visibility: hidden`` or struck through keeps its column, empty."""
    row = ("<tr><td>予以公开</td><td>5</td><td style='DISPLAY:none'>9</td><td hidden>8</td>"
           "<td style='visibility: hidden'>7</td><td style='text-decoration:line-through'>6</td><td>1</td></tr>")
    doc = readers.read(_html(tmp_path, f"<table>{row}</table>"))
    (table,) = [b for b in doc.blocks if isinstance(b, Table)]
    assert [(c.text, c.loc.col) for c in table.rows[0]] == [("予以公开", 1), ("5", 2), ("", 3), ("", 4), ("1", 5)]


def test_html_control_characters_are_no_text(tmp_path: Path) -> None:
    """Control characters in a page (Word's \\v line break, stray bytes) read as spaces, in a
    cell with markup too: no internal error, the numbers apart."""
    body = ("<p>正文\x00一段</p><table><tr><td><p>行政\x0b许可</p></td><td><span>12\x0b3</span></td>"
            "<td><p>4\x05</p></td></tr></table>")
    doc = readers.read(_html(tmp_path, body))
    (table,) = [b for b in doc.blocks if isinstance(b, Table)]
    assert [c.text for c in table.rows[0]] == ["行政 许可", "12 3", "4"]
    assert any(b.text == "正文 一段" for b in doc.blocks if isinstance(b, Span))


def test_html_heading_drawn_as_a_picture_is_read_from_its_alt_text(tmp_path: Path) -> None:
    """A part's heading as a picture with its words in ``alt`` is a heading; other pictures'
    alt texts (a chart's numbers, a logo) are no text of the report."""
    page = ("<p><img src='h3.png' alt='三、收到和处理政府信息公开申请情况'></p>"
            "<p><img src='c.png' alt='图1 2023年申请数量37件'><img src='l.png' alt='二维码'></p><p>正文。</p>")
    doc = readers.read(_html(tmp_path, page))
    assert [b.text for b in doc.blocks if not isinstance(b, Table)] == ["三、收到和处理政府信息公开申请情况", "正文。"]


def test_html_footer_rows_drawn_last(tmp_path: Path) -> None:
    """A ``<tfoot>`` written before the body (HTML 4's order) is drawn under it, and read there."""
    page = ("<table><thead><tr><td>项目</td></tr></thead><tfoot><tr><td>行政事业性收费</td></tr></tfoot>"
            "<tbody><tr><td>行政许可</td></tr><tr><td>行政处罚</td></tr></tbody></table>")
    (table,) = [b for b in readers.read(_html(tmp_path, page)).blocks if isinstance(b, Table)]
    assert [r[0].text for r in table.rows] == ["项目", "行政许可", "行政处罚", "行政事业性收费"]
    assert [r[0].loc.row for r in table.rows] == [1, 2, 3, 4]


@pytest.mark.parametrize("cell", [
    "<td><p class=MsoNormal><span style='font-size:10.5pt'><font face=宋体>行政</font>许可</span></p></td>",
    "<td>\n  <p>本年</p>\n  <p>制发<br>件数</p>\n</td>", "<td>信息<div>内容</div>tail</td>",
    "<td><ul><li>a</li><li>b 1</li></ul></td>", "<td><span>12</span><script>x = 9</script>3</td>",
    "<td><span style='border:none'>83</span><sup>1</sup></td>",
    "<td>83<span style='vertical-align:super'>1</span></td>",
    "<td style='display:none'><span>9</span></td>", "<td><span hidden>9</span>16</td>",
    "<td><p><span style='VISIBILITY: hidden'>9</span>1<b>6</b></p></td>", "<td><br>16<br></td>",
    "<td><o:p></o:p><span lang=EN-US>1</span>.属于国家秘密</td>", "<td><del>61</del>16</td>",
    "<td><s>11</s>10</td>", "<td><span style='text-decoration:line-through'>11</span>10</td>",
])
def test_html_cell_text_read_in_c_as_walked(cell: str) -> None:
    """A cell's text serialised in C (most cells: nothing in them may be hidden) is the text
    walked element by element."""
    from lxml import etree

    from validator.readers import html

    def td():
        return etree.fromstring(f"<table><tr>{cell}</tr></table>", etree.HTMLParser()).find(".//td")

    walked = "\n".join(p.strip() for p in html._WS.sub(" ", html._walked_text(td())).split("\n") if p.strip())
    assert html._cell_text(td()) == walked


def test_text_page_furniture_dropped(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("规章 0 0 0\n-3-\n— 4 —\n第 5 页 共 9 页\nhttps://www.example.gov.cn/a/b.html\n"
                    "行政许可 12\n", encoding="utf-8")
    assert [b.text for b in readers.read(path).blocks] == ["规章 0 0 0", "行政许可 12"]


def test_text_pipe_table_keeps_blank_cells(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text("| 规章 | 1 |  | 3 |\n|---|---|---|---|\n", encoding="utf-8")
    (table,) = readers.read(path).blocks
    assert [c.text for c in table.rows[0]] == ["规章", "1", "", "3"]
    assert table.rows[0][1].loc.column == 8


def test_legacy_doc_and_fake_docx(tmp_path: Path) -> None:
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with pytest.raises(ReadError, match="damaged Office 97–2003"):
        readers.read(doc)
    fake = tmp_path / "fake.docx"
    fake.write_text("not a zip", encoding="utf-8")
    with pytest.raises(ReadError, match="not a valid zip"):
        readers.read(fake)


def _line(text: str, y: float, page: int) -> Span:
    """A line of a PDF page with 8 pt high character boxes from ``y`` up."""
    from validator.model.document import Location

    boxes = [(100.0 + 6 * i, y, 105.0 + 6 * i, y + 8) for i in range(len(text))]
    return Span(text, Location("x.pdf", page=page), boxes=boxes)


@pytest.mark.parametrize(("pages", "kept"), [
    ([[("行政许可 1107", 300), ("1", 52)]], [["行政许可 1107"]]),  # far below, in the page's foot
    ([[("12", 800), ("行政许可 1107", 300)]], [["行政许可 1107"]]),  # at its head
    ([[("0 0 0 0 6 0", 70), ("6", 56)]], [["0 0 0 0 6 0", "6"]]),  # a wrapped value under its row
    ([[("行政许可 1107", 300), ("11", 400)]], [["行政许可 1107", "11"]]),  # not in the foot
    ([[("a 1", 300), ("3", 52)], [("b 2", 300), ("4", 52)], [("c 3", 300), ("19", 52)]],
     [["a 1"], ["b 2"], ["c 3", "19"]]),  # 19 does not count on from 3, 4
    ([[("示环〔2024〕3号", 800), ("a 1", 700)], [("示环〔2024〕3号", 800), ("b 2", 700)]],
     [["a 1"], ["b 2"]]),  # a running header with digits, on every page
    ([[("发布日期:2024-01-20", 800), ("a 1", 700)], [("b 2", 700)]],
     [["发布日期:2024-01-20", "a 1"], ["b 2"]]),  # once: the page's own text
])
def test_pdf_running_lines(pages: list, kept: list[list[str]]) -> None:
    """A bare number alone at a page's foot or head, apart from the page's text, is a page
    number (Word's default footer), a line at the same place with the same text on several
    pages a running header or footer; a number near the rows is the table's."""
    from validator.readers.pdf import _without_running_lines

    laid = [([_line(text, y, n) for text, y in lines], 100, False) for n, lines in enumerate(pages, start=1)]
    out = _without_running_lines(laid, [842.0] * len(pages))
    assert [[s.text for s in spans] for spans, _, _ in out] == kept


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "r.odt"
    path.write_bytes(b"x")
    with pytest.raises(ReadError, match="unsupported file type"):
        readers.read(path)


def test_content_decides_the_reader(tmp_path: Path) -> None:
    """A PDF or a Word file saved under the wrong name is read for what it is."""
    fixtures = Path(__file__).resolve().parent / "fixtures" / "formats"
    for name, renamed in (("report.pdf", "report.txt"), ("report.docx", "report.html"),
                          ("report.html", "report.txt")):
        target = tmp_path / renamed
        target.write_bytes((fixtures / name).read_bytes())
        doc = readers.read(target)
        assert doc.meta["format"] == name.rsplit(".", 1)[1]


_LONG_STYLE = "<style type='text/css'>\n" + "\n".join(
    f".c{i} {{ font-size: 10.5pt; font-family: 仿宋_GB2312; margin: 0 }}" for i in range(60)) + "\n</style>\n"


@pytest.mark.parametrize("opening", [
    "<head><meta charset='utf-8'>" + _LONG_STYLE + "</head>",  # a long head before the body
    "<!-- 网站群系统生成 -->\n<meta http-equiv='Content-Type' content='text/html; charset=utf-8'>" + _LONG_STYLE,
    "<div class='article'>" + _LONG_STYLE,  # a fragment cut from a page
])
@pytest.mark.parametrize("name", ["report.doc", "report.txt", "report.xls", "report"])
def test_page_opening_otherwise_read_as_a_page_whatever_its_name(tmp_path: Path, opening: str, name: str) -> None:
    """A page (or a fragment) that opens with a comment, a <meta> or a long <style> instead of
    <!DOCTYPE>/<html>, its first table far down, saved under another name (as OA systems
    save what they export): read as the page it is, the same cells as under its own name."""
    fixtures = Path(__file__).resolve().parent / "fixtures" / "formats"
    page = (fixtures / "report.html").read_text(encoding="utf-8")
    text = opening + page[page.index("<body>"):]
    assert "<table" not in text[:2048]
    (tmp_path / "page.html").write_text(text, encoding="utf-8")
    (tmp_path / name).write_text(text, encoding="utf-8")
    want = match(readers.read(tmp_path / "page.html"))
    got = readers.read(tmp_path / name)
    assert got.meta["format"] == "html"
    cells = {(t, *k): c.arithmetic for t, res in match(got).tables.items() for k, c in res.cells.items()}
    assert cells == {(t, *k): c.arithmetic for t, res in want.tables.items() for k, c in res.cells.items()}
    assert sum(v is not None for v in cells.values()) > 150


def test_markdown_opening_with_markup_read_as_markdown(tmp_path: Path) -> None:
    """Markdown may open with HTML (a centred title, a logo): it stays Markdown."""
    path = tmp_path / "report.md"
    path.write_text("<div align='center'><p>示例局2023年政府信息公开工作年度报告</p></div>\n\n"
                    "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n"
                    "| 规章 | 1 | 0 | 5 |\n", encoding="utf-8")
    assert readers.read(path).meta["format"] != "html"


def test_xlsx_numbers_as_the_sheet_shows_them(tmp_path: Path) -> None:
    """A fee stored as 12.5 but formatted 0.0000 is shown 12.5000: its decimals are read as
    shown (the four-decimal rule must not fire)."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["行政事业性收费", 12.5, 3.0, 1234.5])
    ws["B1"].number_format = "0.0000"
    ws["D1"].number_format = "#,##0.00"
    book.save(tmp_path / "fees.xlsx")
    (table,) = [b for b in readers.read(tmp_path / "fees.xlsx").blocks if isinstance(b, Table)]
    assert [c.text for c in table.rows[0]] == ["行政事业性收费", "12.5000", "3", "1234.50"]


@pytest.mark.parametrize(("cell", "value"), [("1 234", 1234), ("1\u00a0234", 1234),
                                             ("12\u2009345.5", 12345.5), ("1'234", 1234)])
def test_cell_with_spaced_thousands_is_one_number(cell: str, value: float) -> None:
    from validator.match.tokens import Kind, _cell_tokens
    from validator.model.document import Location

    (tok,) = _cell_tokens(Span(cell, Location("t.html", table=1, row=1, col=2)))
    assert (tok.kind, tok.value, tok.raw) == (Kind.NUMBER, value, cell)


def test_html_publication_date_from_meta(tmp_path: Path) -> None:
    head = "<meta name='PubDate' content='2024-01-26 16:42'>"
    assert readers.read(_html(tmp_path, "<p>正文</p>", head)).meta["published"] == "2024-01-26"
    assert "published" not in readers.read(_html(tmp_path, "<p>正文</p>")).meta


_TEXT_BOX = (  # a Word text box: the drawing, and the VML copy Word stores for older readers
    '<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
    '<mc:Choice Requires="wps"><w:drawing><wps:txbx xmlns:wps="http://schemas.microsoft.com/office/word/2010/'
    'wordprocessingShape"><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></wps:txbx>'
    '</w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox xmlns:v="urn:schemas-microsoft-com:vml">'
    '<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict>'
    '</mc:Fallback></mc:AlternateContent></w:r>')


def test_docx_text_box_read_once(tmp_path: Path) -> None:
    """A text box (before the title, and in a table cell) is read once, on a line of its own."""
    import zipfile

    src, dst = FIXTURES / "formats" / "report.docx", tmp_path / "box.docx"
    with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zo:
        for item in zi.infolist():
            data = zi.read(item.filename)
            if item.filename == "word/document.xml":
                xml = data.decode()
                xml = xml.replace("<w:body>", "<w:body><w:p>" + _TEXT_BOX.format(text="征求意见稿") + "</w:p>", 1)
                at = xml.index("</w:p>", xml.index("<w:tc>"))  # the first cell's paragraph
                xml = xml[:at] + _TEXT_BOX.format(text="单位：件") + xml[at:]
                data = xml.encode()
            zo.writestr(item, data)
    doc = readers.read(dst)
    assert doc.blocks[0].text == "征求意见稿"
    first_cell = next(b for b in doc.blocks if isinstance(b, Table)).rows[0][0].text
    assert first_cell.count("单位：件") == 1 and first_cell.endswith("\n单位：件")
    assert pipeline.run([str(dst)]).documents[0].report.tables["applications"].found


def test_xlsx_formula_without_computed_value_is_refused(tmp_path: Path) -> None:
    """A workbook written by a program (formulas, no stored results) is refused with the cell,
    rather than read with blank totals that a spreadsheet would show computed."""
    import openpyxl

    book = openpyxl.load_workbook(FIXTURES / "formats" / "report.xlsx")
    sheet = book.worksheets[0]
    sheet["Z1"] = 5
    sheet["Z2"] = "=SUM(Z1:Z1)"
    book.save(tmp_path / "formula.xlsx")
    with pytest.raises(ReadError) as err:
        readers.read(tmp_path / "formula.xlsx")
    assert "Z2" in str(err.value.reason.render("en")) and "formula" in str(err.value.reason.render("en"))
    assert readers.read(FIXTURES / "formats" / "report.xlsx").blocks  # saved by a spreadsheet: read


def _turned_pdf(out: Path, content: int, display: int) -> Path:
    """The fixture PDF with each page's content drawn turned ``content`` degrees
    anticlockwise and the page's /Rotate set to ``display`` (as scanners, printers and
    "rotate page" buttons leave them)."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(FIXTURES / "formats" / "report.pdf"))
    pdf = pdfium.PdfDocument.new()
    for i in range(len(src)):
        w, h = src[i].get_size()
        page = pdf.new_page(*((h, w) if content % 180 else (w, h)))
        obj = src.page_as_xobject(i, pdf).as_pageobject()
        shift = {0: (0, 0), 90: (h, 0), 180: (w, h), 270: (0, w)}[content]
        obj.transform(pdfium.PdfMatrix().rotate(content, ccw=True).translate(*shift))
        page.insert_obj(obj)
        page.gen_content()
        page.set_rotation(display)
    pdf.save(str(out))
    return out


def _values(doc) -> dict:
    return {(t, *k): c.arithmetic for t, res in doc.report.tables.items() for k, c in res.cells.items()}


@pytest.mark.parametrize(("content", "display"), [
    (0, 90), (0, 180), (0, 270),  # upright text on a page shown turned
    (90, 90), (180, 180), (270, 270), (90, 0),  # turned text, shown upright (or not)
])
def test_pdf_pages_turned_read_as_upright(tmp_path: Path, content: int, display: int) -> None:
    """Every cell as on the upright original however the page is turned for display: an
    upside-down page once read 37 numbers into wrong cells."""
    want = pipeline.run([str(FIXTURES / "formats" / "report.pdf")]).documents[0]
    doc = pipeline.run([str(_turned_pdf(tmp_path / "turned.pdf", content, display))]).documents[0]
    assert doc.error is None, doc.reason("en")
    assert _values(doc) == _values(want)
    assert sorted(f.rule for f in doc.findings) == sorted(f.rule for f in want.findings)


@pytest.mark.parametrize("align", ["left", "centre", "right"])
def test_header_words_wrapped_in_a_column_spell_its_label(align: str) -> None:
    """A narrow column's header wraps ("社会公益" / "组织", "自然" / "人"); its lines stand
    flush left, centred or flush right: each column's label is spelt, none from two columns."""
    from validator.match.geometry import header_slots
    from validator.match.tokens import Kind, Token
    from validator.model.document import Location

    def token(text: str, column_left: float, width: float = 10.5, column: float = 44.0) -> Token:
        free = column - len(text) * width
        left = column_left + {"left": 0.0, "centre": free / 2, "right": free}[align]
        boxes = [(left + i * width, 0.0, left + (i + 1) * width, 10.0) for i in range(len(text))]
        return Token(Kind.TEXT, text, Span(text, Location("x", page=1), boxes=boxes), 0, len(text))

    tokens = [token("自然", 100), token("社会公益", 150), token("人", 100), token("组织", 150)]
    slots = header_slots(tokens, {"自然人": "natural_person", "社会公益组织": "social_welfare"})
    assert [key for _, key, *_ in slots] == ["natural_person", "social_welfare"]


def test_a_wrapped_header_words_end_goes_under_its_own_line() -> None:
    """"尚未审" / "结" flush left, the 结 meeting a wide heading's right edge by chance: it goes
    under 尚未审 (the line it is aligned with by like width), not into the heading's column."""
    from validator.match.geometry import header_slots
    from validator.match.tokens import Kind, Token
    from validator.model.document import Location

    def token(text: str, left: float, right: float) -> Token:
        width = (right - left) / len(text)
        boxes = [(left + i * width, 0.0, left + (i + 1) * width, 10.0) for i in range(len(text))]
        return Token(Kind.TEXT, text, Span(text, Location("x", page=1), boxes=boxes), 0, len(text))

    tokens = [token("四、政府信息公开行政复议、行政诉讼情况", 34.4, 161.8), token("尚未审", 151.0, 184.0),
              token("结", 151.0, 162.0)]
    assert [key for _, key, *_ in header_slots(tokens, {"尚未审结": "pending"})] == ["pending"]


def test_a_value_over_two_columns_is_not_placed() -> None:
    """Numbers of neighbouring cells run together ("683 1696 0" read as 68316960) stretch
    over the middles of several columns: no one cell holds them, so the row is not placed
    by position (it is reported) rather than read as one huge number in one column."""
    from validator.match.geometry import by_position
    from validator.match.tokens import Kind, Token
    from validator.model.document import Location

    def token(text: str, left: float, width: float = 5.0) -> Token:
        boxes = [(left + i * width, 0.0, left + (i + 1) * width, 10.0) for i in range(len(text))]
        return Token(Kind.NUMBER, text, Span(text, Location("x", page=1), boxes=boxes), 0, len(text),
                     value=float(text))

    centres = {"a": 100.0, "b": 130.0, "c": 160.0}
    assert by_position([token("68316960", 95.0, 6.0)], ("a", "b", "c"), centres) is None  # 95–143
    placed = by_position([token("1696", 120.0)], ("a", "b", "c"), centres)
    assert placed is not None and [t.text for t in placed] == ["", "1696", ""]


@pytest.mark.parametrize(("line", "pager"), [
    ("共2页 首页 上一页 1 2 下一页 尾页 转到第 页", True), ("« 上一页 1 2 3 … 10 下一页 »", True),
    ("首页 上一页 下一页 尾页", True), ("上一页：关于2023年度报告的通知", False),
    ("首页 > 政务公开 > 年度报告", False), ("本年度首页改版1次，上一页内容已更新", False),
])
def test_a_web_pager_is_page_furniture(line: str, pager: bool) -> None:
    """A web page's pager (page links and page numbers, nothing else) is no text of the report:
    its numbers are not values of the table above it."""
    from validator.readers.text import is_noise, is_pager

    assert is_pager(line) is pager
    assert is_noise(line) is pager


@pytest.mark.parametrize(("line", "pages"), [
    ("共2页 首页 上一页 1 2 下一页 尾页 转到第 页", 2), ("« 上一页 1 2 3 … 10 下一页 »", 10),
    ("首页 上一页 下一页 尾页", 2), ("共 12 页 上一页 下一页", 12),
])
def test_a_pager_says_how_many_pages(line: str, pages: int) -> None:
    from validator.readers.text import pager_pages

    assert pager_pages(line) == pages


@pytest.mark.parametrize(("cell", "value", "unit"), [
    ("20（含电话申请1件）", 20.0, None), ("0.05（万元）", 0.05, "万元"), ("3（人次）", 3.0, "人次"),
    ("83(注)", 83.0, None),
])
def test_a_cells_number_before_a_bracket(cell: str, value: float, unit: str | None) -> None:
    """A remark in brackets after a cell's number is no value; a unit in brackets is its unit."""
    from validator.match.tokens import _cell_tokens

    (tok,) = _cell_tokens(Span(cell, Location("x", table=1, row=1, col=1)))
    assert (tok.value, tok.unit) == (value, unit)


def _div_tables(html: str, shape: str) -> str:
    """Every ``<table>`` of a page drawn with divs instead, as responsive pages do: a
    ``display: table`` of rows, a CSS grid (cells placed by ``grid-row``/``grid-column``, or
    flowing into its columns) or a stack of flex rows."""
    import re

    def redraw(m: re.Match) -> str:
        rows = [re.findall(r"<td>(.*?)</td>", tr) for tr in re.findall(r"<tr>(.*?)</tr>", m.group(1))]
        width = max(map(len, rows))
        if shape == "table":
            body = "".join('<div style="display:table-row">' + "".join(
                f'<div style="display:table-cell">{c}</div>' for c in row) + "</div>" for row in rows)
            return f'<div class="tbl" style="display:table">{body}</div>'
        if shape == "flex":
            body = "".join('<div class="row" style="display:flex">' + "".join(
                f'<span style="flex:1">{c}</span>' for c in row) + "</div>" for row in rows)
            return f"<div>{body}</div>"
        if shape == "grid-placed":
            body = "".join(f'<div style="grid-row:{r} / span 1;grid-column:{k}">{c}</div>'
                           for r, row in enumerate(rows, 1) for k, c in enumerate(row, 1))
        else:
            body = "".join(f"<div>{c}</div>" for row in rows for c in row)
        return f'<div style="display:grid;grid-template-columns:repeat({width}, auto)">{body}</div>'

    return re.sub(r"<table border='1'>(.*?)</table>", redraw, html, flags=re.S)


@pytest.mark.parametrize("shape", ["table", "grid-placed", "grid-flowing", "flex"])
def test_html_tables_drawn_with_divs_keep_their_blank_cells(shape: str, tmp_path: Path) -> None:
    """Tables drawn with divs, zeros left as empty cells: each empty div is a blank cell (read
    as text they left no trace: every row with a blank was short, a value-count error)."""
    import random

    from validator import template
    from validator.testing import synth

    s = synth.consistent(random.Random(3), "2021")
    blanks = set()
    for name, cells in s.tables.items():
        for key, value in cells.items():
            if value == 0 and template.layout(name, "2021").kind(*key) == "count":
                cells[key] = "BLANK"
                blanks.add((name, key))
    assert blanks
    page = tmp_path / "report.html"
    page.write_text(_div_tables(synth.render_html(s).replace("BLANK", ""), shape), encoding="utf-8")
    doc = pipeline.run([str(page)]).documents[0]
    assert doc.error is None and not [f for f in doc.findings if f.category == "parse"]
    for name, cells in s.tables.items():
        for key, truth in cells.items():
            cell = doc.report.tables[name].cells[key]
            if (name, key) in blanks:
                assert (cell.status, cell.placeholder) == ("placeholder", "blank"), (name, key)
            else:
                assert cell.value == pytest.approx(truth), (name, key)


def test_html_page_laid_out_with_display_table_is_no_table(tmp_path: Path) -> None:
    """A page laid out with ``display: table`` (a sidebar cell beside the article's): no
    table of its own — the article's tables and paragraphs inside it are read as ever."""
    source = (Path(__file__).resolve().parent / "fixtures" / "formats" / "report.html").read_text(encoding="utf-8")
    start, end = source.index("<body>") + len("<body>"), source.index("</body>")
    laid_out = (source[:start] + '<div style="display:table"><div style="display:table-row">'
                '<div style="display:table-cell">网站首页 机构概况 政务公开 政务服务 互动交流</div>'
                f'<div style="display:table-cell">{source[start:end]}</div></div></div>' + source[end:])
    plain, page = tmp_path / "plain.html", tmp_path / "page.html"
    plain.write_text(source, encoding="utf-8")
    page.write_text(laid_out, encoding="utf-8")
    a, b = pipeline.run([str(plain), str(page)]).documents
    for name, table in a.report.tables.items():
        assert {k: (c.value, c.status) for k, c in table.cells.items()} == \
            {k: (c.value, c.status) for k, c in b.report.tables[name].cells.items()}, name
    assert sorted(f.rule for f in a.findings) == sorted(f.rule for f in b.findings)


@pytest.mark.parametrize(("style", "columns"), [
    ("display:grid;grid-template-columns:repeat(8, auto)", 8),
    ("display:grid;grid-template-columns: 2fr 1fr 1fr", 3),
    ("display:grid;grid-template-columns:repeat(auto-fill, minmax(100px, 1fr))", 0),  # as many as fit
    ("display:grid;grid-template-columns:minmax(80px, 1fr) 1fr", 0),
    ("display:grid", 0),
])
def test_html_grid_columns_counted_only_where_the_style_says(style: str, columns: int) -> None:
    """A CSS grid's cells flow into as many columns as its style lists; where it does not say
    how many (auto-fill, minmax), the grid is no table (its rows would be guessed)."""
    from validator.readers.html_divs import _grid_columns

    assert _grid_columns(style) == columns
