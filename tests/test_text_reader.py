"""Text-reader quirks as data: ``tests/cases/text/*.yaml``.

Each case renders a report (as in the rule cases), edits its text (``replace``: literal
[old, new] pairs that must occur; ``append``/``prepend``), optionally encodes it, and expects
cell values, placeholder kinds, layouts and exactly the listed findings.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import CASES
from test_rules import build

from validator.run import pipeline
from validator.testing import synth

FILES = sorted((CASES / "text").glob("*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_text_case(path: Path, tmp_path: Path) -> None:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    text = case["text"] if "text" in case else synth.render(build(case), case.get("style", "plain"))
    for old, new in case.get("replace", []):
        assert old in text, f"{old!r} not in the rendered report"
        text = text.replace(old, new)
    report = tmp_path / f"report{case.get('suffix', '.txt')}"
    report.write_bytes(text.encode(case.get("encoding", "utf-8")))
    doc = pipeline.run([str(report)]).documents[0]
    assert doc.error is None, doc.error
    expect = case["expect"]
    for name, layout in (expect.get("layouts") or {}).items():
        assert doc.report.tables[name].layout == str(layout)
    for key, value in (expect.get("cells") or {}).items():
        table, row, col = key.split("/")
        cell = doc.report.tables[table].cells[(row, col)]
        assert cell.value == value, f"{key}: {cell.value} ({cell.status}) != {value}"
    for key, kind in (expect.get("placeholders") or {}).items():
        table, row, col = key.split("/")
        cell = doc.report.tables[table].cells[(row, col)]
        assert (cell.status, cell.placeholder) == ("placeholder", kind), key
    for key, status in (expect.get("status") or {}).items():
        table, row, col = key.split("/")
        assert doc.report.tables[table].cells[(row, col)].status == status, key
    got = sorted((f.rule, f.row, f.column) for f in doc.findings)
    want = sorted((f["rule"], f.get("row"), f.get("column")) for f in expect.get("findings", []))
    assert got == want
    for key, value in (expect.get("meta") or {}).items():
        assert getattr(doc.report, key) == value
