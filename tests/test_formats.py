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


def test_docx_tracked_changes_and_split_table() -> None:
    doc = _run(FIXTURES / "formats" / "report_tracked.docx")
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
