"""Scanned reports read by OCR: fixture PDFs printed as pictures (scans.py) at 300, 200 and
100 dpi, turned by about a degree and speckled, compared cell by cell with their text layer.

What must hold at every resolution: no number is read wrong — a cell either reads as its text
layer does, or is left unread, or is named by a parse finding. At 200 dpi and above the scan
reads cell-exact, with the text layer's errors and no other.
"""

from __future__ import annotations

import json
from pathlib import Path
from unittest import mock

import pytest
from conftest import ROOT, shared
from scans import scan

from validator import template
from validator.readers import limits, ocr
from validator.run import pipeline

pytestmark = pytest.mark.skipif(not ocr.available(), reason="the ocr extra is not installed")

FIXTURES = ROOT / "tests" / "fixtures"
SOURCE = FIXTURES / "formats" / "report.pdf"
SETTINGS = {300: (1.0, 0.03), 200: (-1.0, 0.03), 100: (0.7, 0.02)}  # dpi: (degrees, noise)


def _cells(doc) -> dict[tuple[str, str, str], float | None]:
    out = {}
    for name in template.TABLES:
        res = doc.report.tables[name]
        for key, cell in res.cells.items():
            out[(name, *key)] = cell.arithmetic if cell.known else None
    return out


def _named(doc) -> set[tuple[str, str, str]]:
    """Cells a parse finding names, and every cell of a row a parse finding names."""
    out = set()
    for f in doc.findings:
        if f.category != "parse":
            continue
        out |= {(c.table, c.row, c.column) for c in f.cells}
        if f.table and f.row:
            out |= {(f.table, f.row, c) for c in template.layout(f.table, doc.report.tables[f.table].layout)
                    .columns_of(f.row)}
    return out


@pytest.fixture(scope="module")
def truth():
    return pipeline.run([str(SOURCE)]).documents[0]


@pytest.fixture(scope="module")
def scans(tmp_path_factory) -> dict[int, object]:
    folder = tmp_path_factory.mktemp("scans")
    out = {}
    for dpi, (angle, noise) in SETTINGS.items():
        path = scan(SOURCE, folder / f"scan{dpi}.pdf", dpi, angle, noise, seed=dpi)
        out[dpi] = pipeline.run([str(path)]).documents[0]
    return out


@pytest.mark.parametrize("dpi", sorted(SETTINGS, reverse=True))
def test_no_number_read_wrong(truth, scans, dpi: int) -> None:
    doc = scans[dpi]
    assert doc.error is None, doc.reason("en")
    want, got, named = _cells(truth), _cells(doc), _named(doc)
    wrong = [(k, want[k], got[k]) for k in want if got[k] is not None and got[k] != want[k] and k not in named]
    assert wrong == []
    read = sum(got[k] == want[k] for k in want)
    assert read >= (1.0 if dpi >= 200 else 0.9) * len(want), (read, len(want))


def _errors(doc) -> list[tuple]:
    return sorted((f.rule, f.table, f.row, f.column, f.expected, f.actual) for f in doc.findings
                  if f.severity == "error")


@pytest.mark.parametrize("dpi", [300, 200])
def test_scan_reads_like_its_text_layer(truth, scans, dpi: int) -> None:
    """Cell-exact, with the text layer's errors (its two balance errors), no other."""
    doc = scans[dpi]
    assert _errors(doc) == _errors(truth)
    assert doc.report.meta.format == "pdf" and doc.report.meta.ocr["pages"] == 3


@pytest.mark.parametrize(("dpi", "angle", "noise"), [(200, -1.0, 0.03), (100, 0.7, 0.02)])
def test_a_2019_layout_scanned(tmp_path: Path, dpi: int, angle: float, noise: float) -> None:
    """The trial template's tables (table 二 with 上一年项目数量 and signed changes, table 四's
    fifteen narrow columns): cell-exact at 200 dpi with the text layer's findings; at 100 dpi
    no number read wrong."""
    source = FIXTURES / "scans" / "report_2019.pdf"
    want = pipeline.run([str(source)]).documents[0]
    doc = pipeline.run([str(scan(source, tmp_path / "scan.pdf", dpi, angle, noise, seed=dpi))]).documents[0]
    assert doc.report.tables[template.ACTIVE_DISCLOSURE].layout == "2019"
    truth, got, named = _cells(want), _cells(doc), _named(doc)
    assert [k for k in truth if got[k] is not None and got[k] != truth[k] and k not in named] == []
    if dpi >= 200:
        assert got == truth
        assert sorted(f.rule for f in doc.findings) == sorted(f.rule for f in want.findings)


def test_a_real_report_scanned(tmp_path: Path) -> None:
    """A published report (../shared) printed and scanned at 200 dpi: every cell and every
    finding as its text layer gives them (its page numbers "- 2 -" under the tables are
    page furniture, not a value of the row above)."""
    source = shared("corpus", "reports", "hongze_2024.pdf")
    want = pipeline.run([str(source)]).documents[0]
    doc = pipeline.run([str(scan(source, tmp_path / "scan.pdf", 200, -0.6, 0.03, 11))]).documents[0]
    assert _cells(doc) == _cells(want)
    assert sorted(f.rule for f in doc.findings) == sorted(f.rule for f in want.findings)


@pytest.mark.parametrize(("flaw", "angle"), [("seal", 0.4), ("shadow", -0.8), ("jpeg", 0.0), (None, 2.0)])
def test_scans_gone_wrong_never_read_a_wrong_number(truth, tmp_path: Path, flaw: str | None, angle: float) -> None:
    """A seal over the table, a shadow, heavy JPEG, a 2° turn: every cell reads as its text
    layer does, or is unread, or is named; an error is the text layer's or a parse finding —
    never an arithmetic error the scan made up."""
    doc = pipeline.run([str(scan(SOURCE, tmp_path / "scan.pdf", 200, angle, 0.02, 7, flaw))]).documents[0]
    want, got, named = _cells(truth), _cells(doc), _named(doc)
    assert [k for k in want if got[k] is not None and got[k] != want[k] and k not in named] == []
    made_up = [e for e in _errors(doc) if e not in _errors(truth) and not e[0].startswith("parse.")]
    assert made_up == []
    assert sum(got[k] == want[k] for k in want) >= 0.9 * len(want)


PLAIN = FIXTURES / "formats" / "report_plain.pdf"  # LibreOffice, monospaced
SERIF = FIXTURES / "scans" / "report_plain_serif.pdf"  # Chromium, 9 pt proportional serif (hairline 0s)


@pytest.mark.parametrize(("source", "dpi", "angle", "noise"), [
    (PLAIN, 300, 0.5, 0.02), (PLAIN, 200, -1.0, 0.03), (PLAIN, 100, 0.7, 0.02),
    (SERIF, 200, 0.6, 0.03), (SERIF, 100, -0.7, 0.02),
])
def test_unruled_small_print(tmp_path: Path, source: Path, dpi: int, angle: float, noise: float) -> None:
    """Rows printed as text with narrow spaces and no rules ("16 1 16 1 22 27 83", "0 — 21"):
    OCR runs numbers and dashes together ("161161222783", "0一21") and reads specks as stops;
    the document's own spacing, learnt from its print, and each stretch of print read again
    set them apart. Cell-exact at 200 dpi and above, with the text layer's findings; at
    100 dpi no number read wrong."""
    want = pipeline.run([str(source)]).documents[0]
    doc = pipeline.run([str(scan(source, tmp_path / "plain.pdf", dpi, angle, noise, dpi))]).documents[0]
    truth, got, named = _cells(want), _cells(doc), _named(doc)
    assert [k for k in truth if got[k] is not None and got[k] != truth[k] and k not in named] == []
    made_up = [e for e in _errors(doc) if e not in _errors(want) and not e[0].startswith("parse.")]
    assert made_up == []
    if dpi >= 200:
        assert got == truth
        assert _errors(doc) == _errors(want)


def test_json_says_which_cells_came_from_ocr(scans, tmp_path: Path) -> None:
    from validator.model.results import Results
    from validator.reporters import json_report

    payload = json_report.payload(Results([scans[200]]), "en")
    block = payload["documents"][0]["ocr"]
    assert block["engine"].startswith("rapidocr") and block["dpi"] == ocr.RENDER_DPI
    cells = block["cells"]
    assert len(cells) > 150
    assert all(0 <= c["confidence"] <= 1 for c in cells)
    assert sum(c["verified"] for c in cells) > 100
    json.dumps(payload, ensure_ascii=False)


def test_a_picture_page_inside_a_text_pdf(truth, tmp_path: Path) -> None:
    """A table pasted into a text PDF as a scan: that page alone is OCR'd."""
    import pypdfium2 as pdfium

    scanned = scan(SOURCE, tmp_path / "scan.pdf", 200, 0.5, 0.02)
    mixed = pdfium.PdfDocument.new()
    text, pictures = pdfium.PdfDocument(str(SOURCE)), pdfium.PdfDocument(str(scanned))
    mixed.import_pages(text, [0])
    mixed.import_pages(pictures, [1])
    mixed.import_pages(text, [2])
    mixed.save(str(tmp_path / "mixed.pdf"))
    doc = pipeline.run([str(tmp_path / "mixed.pdf")]).documents[0]
    assert doc.report.meta.ocr["page_numbers"] == [2] and doc.report.meta.unread_pictures is None
    off = pipeline.run([str(tmp_path / "mixed.pdf")], limits=limits.Limits(ocr="never")).documents[0]
    assert off.report.meta.unread_pictures == {"count": 1, "why": "off"} and off.report.meta.ocr is None
    want, got, named = _cells(truth), _cells(doc), _named(doc)
    assert [k for k in want if got[k] is not None and got[k] != want[k] and k not in named] == []
    assert _errors(doc) == _errors(truth)


def test_page_image_files(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(str(SOURCE))[1]
    page.render(scale=200 / 72, grayscale=True).to_pil().save(tmp_path / "page.png", dpi=(200, 200))
    doc = pipeline.run([str(tmp_path / "page.png")]).documents[0]
    assert doc.error is None and doc.report.meta.format == "image"
    assert doc.report.tables[template.APPLICATIONS].cells[("granted", "total")].value == 6


@pytest.mark.parametrize("turn", [90, -90, 180])
def test_page_scanned_sideways(truth, tmp_path: Path, turn: int) -> None:
    """Table 三's first page scanned on its side (either way) or upside down reads as
    upright (its last rows are on the next page, not in this image)."""
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(str(SOURCE))[1]
    image = page.render(scale=150 / 72, grayscale=True).to_pil().rotate(turn, expand=True)
    image.save(tmp_path / "page.png", dpi=(150, 150))
    doc = pipeline.run([str(tmp_path / "page.png")], limits=limits.Limits(timeout=0)).documents[0]
    want, got = _cells(truth), _cells(doc)
    next_page = {"other.other", "total_handled", "carried_forward"}
    mine = [k for k in want if k[0] == template.APPLICATIONS and k[1] not in next_page]
    assert [k for k in mine if got[k] != want[k]] == []


def test_ocr_modes_and_refusals(tmp_path: Path) -> None:
    scanned = scan(SOURCE, tmp_path / "scan.pdf", 100, 0, 0)
    never = limits.Limits(ocr="never")
    doc = pipeline.run([str(scanned)], limits=never).documents[0]
    assert doc.report is None and "OCR is off" in doc.reason("en") and "no text layer" in doc.reason("en")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    doc = pipeline.run([str(tmp_path / "logo.png")], limits=limits.Limits()).documents[0]
    assert doc.report is None and "cannot be decoded" in doc.reason("en")
    doc = pipeline.run([str(scanned)], limits=limits.Limits(timeout=1)).documents[0]
    assert "pages read by OCR" in doc.reason("en") and "see --timeout" in doc.reason("en")
    from PIL import Image

    frames = [Image.new("L", (400, 300), 255) for _ in range(3)]
    frames[0].save(tmp_path / "scan.tiff", save_all=True, append_images=frames[1:])
    doc = pipeline.run([str(tmp_path / "scan.tiff")], limits=limits.Limits(max_pages=2)).documents[0]
    assert "image file has 3 pages" in doc.reason("en")
    with mock.patch.object(ocr, "available", return_value=False):
        doc = pipeline.run([str(scanned)], limits=limits.Limits()).documents[0]
    assert 'pip install "gkcheck[ocr]"' in doc.reason("en") and "安装" not in doc.reason("en")
    assert "未安装 OCR" in doc.reason("zh")
    limits.configure(limits.Limits())


def test_folders_take_images_only_when_asked(tmp_path: Path) -> None:
    from validator.run.document import discover

    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "report_files").mkdir()
    (tmp_path / "report_files" / "image001.png").write_bytes(b"\x89PNG")
    assert discover([str(tmp_path)]) == [str(tmp_path / "report.pdf")]
    assert len(discover([str(tmp_path)], images=True)) == 2


@pytest.mark.parametrize(("raw", "alternatives"), [
    ("8", {0, 3, 5, 6, 9, 88}),
    ("10", {1, 0, 40, 70, 16, 18, 19, 110, 100}),
    ("", set(range(10))),
    ("7.79", {779}),  # a speck read as a point
])
def test_look_alike_readings(raw: str, alternatives: set[int]) -> None:
    from validator.checks.ocr import readings

    assert readings(raw) == {float(v) for v in alternatives}


def test_dataset_carries_each_ocr_cells_confidence(truth, scans) -> None:
    from validator.run.dataset import cell_table

    scanned, text = cell_table([scans[200]]).to_pandas(), cell_table([truth]).to_pandas()
    assert scanned["ocr_confidence"].notna().sum() > 150 and scanned["ocr_confidence"].le(1).all()
    assert text["ocr_confidence"].isna().all()


@pytest.mark.parametrize(("read", "text"), [
    ("11..", "11"), ("0.", "0"), ("62.8492", "62.8492"), ("一", "—"), ("_", "—"), ("3. 危及", "3. 危及"),
])
def test_what_ocr_gets_wrong_on_tables(read: str, text: str) -> None:
    """Specks after a lone number, a cell's dash read as 一 or _ (no character boxes: shared out)."""
    from validator.readers.scan_text import segment

    seg = segment(read, 0.9, [[0, 0], [40, 0], [40, 10], [0, 10]], None)
    assert seg.text == text and len(seg.boxes) == len(seg.conf) == len(text)


@pytest.mark.parametrize(("text", "number"), [("16", True), ("-5", True), ("+12", True), ("62.8492", True),
                                              ("二", False), ("..", False), ("3.", False)])
def test_numbers_alone(text: str, number: bool) -> None:
    from validator.readers.scan_text import numeric

    assert numeric(text) is number


def _line(text: str, top: float) -> list:
    from validator.readers.scan_text import Segment

    return [Segment(word, [(100.0 + 60 * i, top, 140.0 + 60 * i, top + 20)], [0.99])
            for i, word in enumerate(text.split())]


@pytest.mark.parametrize(("first", "last", "kept", "in_table"), [
    ("- 2 -", "-3", 1, 2),  # page numbers; one with a dash lost is kept inside a table's rules
    ("第 3 页", "3-", 1, 2),
    ("http://www.example.gov.cn/a.html", "—12—", 1, 1),  # what a text layer's reader drops
    ("12", "5", 3, 3),  # a number alone without a dash may be a value: kept
])
def test_page_furniture_of_a_scanned_page(first: str, last: str, kept: int, in_table: int) -> None:
    from validator.readers.scan_layout import without_furniture

    lines = [_line(first, 10), _line("行政许可 9487", 500), _line(last, 1500)]
    assert len(without_furniture(lines, [])) == kept
    assert len(without_furniture(lines, [400.0, 1600.0])) == in_table


def test_vertical_rules_read_as_characters_cut_a_line() -> None:
    from validator.readers.scan_text import Segment, between_rules

    text = "4020| 6|0 |"
    seg = Segment(text, [(float(i), 0.0, i + 1.0, 10.0) for i in range(len(text))], [0.9] * len(text))
    pieces = between_rules(seg)
    assert [p.text for p in pieces] == ["4020", "6", "0"]
    assert [(p.left, p.right) for p in pieces] == [(0.0, 4.0), (6.0, 7.0), (8.0, 9.0)]
    assert between_rules(Segment("12", [(0, 0, 1, 1), (1, 0, 2, 1)], [1.0, 1.0]))[0].text == "12"


@pytest.mark.parametrize(("text", "read"), [
    ("2i6", "\ufffd"), ("2i6 -2 1599", "\ufffd -2 1599"), ("行政许可 1O5", "行政许可 \ufffd"),
    ("PM2.5", "PM2.5"), ("5G", "5G"), ("第1O条", "第1O条"), ("0.5", "0.5"), ("l", "l"),
])
def test_a_number_with_a_letter_inside_is_unread(text: str, read: str) -> None:
    """OCR read a digit as a letter: the number is unreadable, never the digits before it."""
    from validator.readers.scan_text import Segment, misread_numbers

    seg = misread_numbers(Segment(text, [(float(i), 0.0, i + 1.0, 1.0) for i in range(len(text))], [0.9] * len(text)))
    assert seg.text == read and len(seg.boxes) == len(seg.conf) == len(read)


def _printed(text: str):
    """A line's print: each character a 10-pixel cell, a digit a full-height mark, a dash a
    thin stroke, a stop a dot, ` a speck, a space blank (digits of one number 2 pixels apart,
    a space 12)."""
    import numpy as np

    ink = np.zeros((30, 10 * len(text) + 20), dtype="uint8")
    for i, ch in enumerate(text):
        x = 10 + 10 * i
        if ch.isdigit():
            ink[8:22, x + 1:x + 9] = 255
        elif ch in "-—":
            ink[14:16, x + 2:x + 8] = 255
        elif ch == ".":
            ink[19:22, x + 4:x + 7] = 255
        elif ch == "`":  # a speck
            ink[20, x + 5] = 255
    return ink


def _run(print_: str, read: str):
    """What OCR gives for a line printed as ``print_`` and read as ``read``: its characters'
    boxes spread evenly over the print."""
    from validator.readers.scan_text import Segment

    step = 10 * len(print_) / len(read)
    return Segment(read, [(10 + i * step, 6.0, 10 + (i + 1) * step, 24.0) for i in range(len(read))], [0.8] * len(read))


@pytest.mark.parametrize(("print_", "read", "misread", "text"), [
    ("16 1 16", "16116", {}, "16 1 16"),
    ("0 — 21", "0一21", {}, "0 — 21"),  # a cell's dash read into its neighbours
    ("— 21", "-21", {}, "— 21"),
    ("-6 0", "-60", {}, "-6 0"),  # a change and a count
    ("0 -21", "0-21", {}, "0-21"),  # a minus printed on its number is never taken off
    ("1301-6", "1301-6", {}, "1301-6"),
    ("2023-12", "2023-12", {}, "2023-12"),  # a hyphen stands close
    ("16 1 16", "16116", {"16": "17"}, "16116"),  # the reads disagree: left as read
    ("0 — 0 0 2", "0一0002", {"0": "8"}, "0 — 0002"),  # ... but a dash standing apart is set apart
    ("0 2 0 4", "0 2:0 4", {}, "0 2 0 4"),  # a speck read as a colon: no mark in the print
    ("0 2 ` 0 4", "0 2·0 4", {"`": ""}, "0 2 0 4"),  # ... or a pixel
    ("0 2 0 4", "0 2.0 4", {}, "0 2 0 4"),
    ("0 2 0 4", "0 2.0 4", {"0": "8"}, "0 2.0 4"),  # not split there: a point taken off would join 2 and 0
    ("62.8492", "62.8492", {}, "62.8492"),
])
def test_numbers_run_together_split_where_the_print_has_gaps(print_: str, read: str, misread: dict,
                                                             text: str) -> None:
    from validator.readers.scan_runs import Print, split_run

    def read_again(box):
        chars = "".join(c for i, c in enumerate(print_) if box[0] <= 15 + 10 * i <= box[2]).strip()
        return misread.get(chars, chars.replace("—", "一")), 0.9

    ink = _printed(print_)
    for apart in (None, 1.4):  # the fixed blank of a space, or the page's own spacing
        out = split_run(_run(print_, read), Print(ink, ink), read_again, apart)
        assert out.text == text and len(out.boxes) == len(out.conf) == len(text)


def test_a_pages_own_spacing_of_numbers() -> None:
    """Learnt from runs whose digits stand apart: between digits of one number (centre to
    centre 10 pixels, blank 2, print 14 high: 0.86) and of two numbers a space apart (20 and
    12: 2.29); none from a page whose runs are all single numbers."""
    from validator.readers.scan_runs import Print, spacing

    print_ = "0 0 1 0 0 5 6  16 1 16 1 22 27 83  2023 1596"
    apart = spacing([_run(print_, print_.replace(" ", ""))], Print(_printed(print_), _printed(print_)))
    assert apart is not None and 0.9 < apart < 2.2
    single = "2023 1596 1615 632 1383 397 779 1107"
    assert spacing([_run(single, single)], Print(_printed(single), _printed(single))) is None  # spaces read


def test_a_table_pasted_as_a_picture_in_word(truth) -> None:
    """Table 三 pasted into the Word report as a picture: read by OCR where the picture
    stands, every cell as in the Word table it replaced, located by paragraph."""
    path = FIXTURES / "scans" / "report_picture.docx"
    doc = pipeline.run([str(path)], limits=limits.Limits()).documents[0]
    assert _cells(doc) == _cells(truth) and _errors(doc) == _errors(truth)
    assert doc.report.meta.ocr["pictures"] == [22]
    cell = doc.report.tables[template.APPLICATIONS].cells[("new_received", "natural_person")]
    assert cell.loc.paragraph == 22 and cell.loc.bbox is not None
    off = pipeline.run([str(path)], limits=limits.Limits(ocr="never")).documents[0]
    assert not off.report.tables[template.APPLICATIONS].found and off.report.meta.ocr is None
    (missing,) = [f for f in off.findings if f.rule == "structure.table-missing"]
    assert "1 picture(s) or scanned page(s) not read (--ocr never)" in missing.message("en")
    with mock.patch.object(ocr, "available", return_value=False):  # the extra not installed
        bare = pipeline.run([str(path)], limits=limits.Limits()).documents[0]
    (missing,) = [f for f in bare.findings if f.rule == "structure.table-missing"]
    assert 'pip install "gkcheck[ocr]"' in missing.message("en") and "pip install" in missing.message("zh")


def _table_picture() -> bytes:
    """The picture of table 三 in the Word fixture."""
    import docx

    source = docx.Document(str(FIXTURES / "scans" / "report_picture.docx"))
    blob = source.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    return source.part.related_parts[blob].blob


def _page_with_picture(tmp_path: Path, src: str, name: str = "page.html", width: str = "") -> Path:
    """The HTML fixture with its table 三 replaced by a picture at ``src``."""
    from lxml import etree, html

    root = html.fromstring((FIXTURES / "formats" / "report.html").read_text(encoding="utf-8"))
    (table,) = [t for t in root.iter("table") if "本年新收" in t.text_content()]
    img = etree.SubElement(etree.Element("p"), "img", src=src, **({"width": width} if width else {}))
    table.getparent().replace(table, img.getparent())
    page = tmp_path / name
    page.write_bytes(html.tostring(root, encoding="utf-8", doctype="<!DOCTYPE html>"))
    return page


def test_a_web_page_whose_table_is_a_picture(truth, tmp_path: Path) -> None:
    """Table 三 published as a picture: read by OCR where it stands when the page carries it
    (a data: URI) or it lies beside the saved page (report_files/…); located by the <img>'s
    line. A picture on a server is not fetched: the table is missing, without OCR."""
    import base64

    data = _table_picture()
    (tmp_path / "report_files").mkdir()
    (tmp_path / "report_files" / "image 1.png").write_bytes(data)
    want = pipeline.run([str(FIXTURES / "formats" / "report.html")], limits=limits.Limits()).documents[0]
    pages = [_page_with_picture(tmp_path, "data:image/png;base64," + base64.b64encode(data).decode(), "inline.html"),
             _page_with_picture(tmp_path, "report_files/image%201.png", "saved.html")]
    for page in pages:
        doc = pipeline.run([str(page)], limits=limits.Limits()).documents[0]
        assert _cells(doc) == _cells(want) and _errors(doc) == _errors(want), page.name
        (line,) = doc.report.meta.ocr["pictures"]
        assert doc.report.tables[template.APPLICATIONS].cells[("new_received", "total")].loc.line == line
    remote = _page_with_picture(tmp_path, "http://www.example.gov.cn/report.png", "remote.html")
    doc = pipeline.run([str(remote)], limits=limits.Limits()).documents[0]
    assert doc.report.meta.ocr is None and not doc.report.tables[template.APPLICATIONS].found
    off = pipeline.run([str(pages[1])], limits=limits.Limits(ocr="never")).documents[0]
    assert off.report.meta.unread_pictures == {"count": 1, "why": "off"}


def test_a_saved_single_file_page_whose_table_is_a_picture(truth, tmp_path: Path) -> None:
    """Word's "single file web page" (.mht) carries table 三's picture inside the archive: read
    by OCR where the page shows it (report.files/image001.png, saved at a file:// address)."""
    from conftest import word_mht

    page = _page_with_picture(tmp_path, "report.files/image001.png")
    path = tmp_path / "report.mht"
    path.write_bytes(word_mht(page.read_text(encoding="utf-8"), {"image001.png": _table_picture()}))
    want = pipeline.run([str(FIXTURES / "formats" / "report.html")], limits=limits.Limits()).documents[0]
    doc = pipeline.run([str(path)], limits=limits.Limits()).documents[0]
    assert _cells(doc) == _cells(want) and _errors(doc) == _errors(want)
    (line,) = doc.report.meta.ocr["pictures"]
    assert doc.report.tables[template.APPLICATIONS].cells[("new_received", "total")].loc.line == line
    off = pipeline.run([str(path)], limits=limits.Limits(ocr="never")).documents[0]
    assert off.report.meta.unread_pictures == {"count": 1, "why": "off"}


def test_small_pictures_on_a_web_page(tmp_path: Path) -> None:
    """A logo-sized picture on a page is not read (unless --ocr always); a web page without
    pictures is read as before."""
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.open(io.BytesIO(_table_picture())).resize((160, 60)).save(buf, "PNG")
    (tmp_path / "logo.png").write_bytes(buf.getvalue())
    page = _page_with_picture(tmp_path, "logo.png")
    auto = pipeline.run([str(page)], limits=limits.Limits()).documents[0]
    assert auto.report.meta.ocr is None
    asked = pipeline.run([str(page)], limits=limits.Limits(ocr="always")).documents[0]
    assert asked.report.meta.ocr["pictures"] and asked.report.meta.ocr["pages"] == 1


def test_pictures_beside_word_tables(tmp_path: Path) -> None:
    """A report whose three tables are Word tables, with pictures: a seal-sized one is not
    read (unless --ocr always), a wide one is (it may hold a table: here a second copy of
    table 三, which changes nothing read)."""
    import io

    import docx
    from docx.shared import Cm

    data = _table_picture()
    want = pipeline.run([str(FIXTURES / "formats" / "report.docx")], limits=limits.Limits()).documents[0]
    for width, read in ((3, False), (15, True)):
        doc = docx.Document(str(FIXTURES / "formats" / "report.docx"))
        doc.add_paragraph().add_run().add_picture(io.BytesIO(data), width=Cm(width))
        doc.save(str(tmp_path / f"r{width}.docx"))
        auto = pipeline.run([str(tmp_path / f"r{width}.docx")], limits=limits.Limits()).documents[0]
        assert (auto.report.meta.ocr is not None) == read and _cells(auto) == _cells(want)
    asked = pipeline.run([str(tmp_path / "r3.docx")], limits=limits.Limits(ocr="always")).documents[0]
    assert len(asked.report.meta.ocr["pictures"]) == 1
