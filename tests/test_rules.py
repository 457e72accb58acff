"""Rule cases as data: ``tests/cases/rules/*.yaml``, one file per rule.

A case starts from an all-zero report (of ``agency``, ``layout`` and ``year`` when given),
prints every cell as a placeholder (``blank``), sets some cells (``set``), replaces some rows'
printed values (``raw``), drops rows or tables, renders it as text in a ``style``, edits the
text (``replace``) and expects exactly the listed findings (rule, row, column; expected/actual,
severity and words of the English message, ``message_contains``, where given). ``previous``
describes last year's report the same way (cross-year); ``copy`` another file of the same
report, checked in the same batch (its own findings are not compared). ``ocr`` hands the report
on as the OCR reader would (every character with a confidence: ``{"default": 0.99, "text on a
line": 0.4}``), so that the OCR checks see a scan.
"""

from __future__ import annotations

import functools
from pathlib import Path
from unittest import mock

import pytest
import yaml
from conftest import CASES

from validator import rulebook
from validator.readers import read as readers_read
from validator.run import pipeline
from validator.testing import synth

FILES = sorted((CASES / "rules").glob("*.yaml"))


def _cases():
    for path in FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield pytest.param(data["rule"], case, id=f"{path.stem}:{case['name']}")


def build(case: dict) -> synth.Synthetic:
    s = synth.zeros(str(case.get("layout", "2021")), case.get("year"))
    s.agency = case.get("agency", s.agency)
    if "blank" in case:  # every cell printed as this placeholder (an unfilled template)
        for cells in s.tables.values():
            cells.update(dict.fromkeys(cells, case["blank"]))
    for key, value in (case.get("set") or {}).items():
        table, row, col = key.split("/")
        assert (row, col) in s.tables[table], key
        s.tables[table][(row, col)] = value
    for key, text in (case.get("raw") or {}).items():
        table, row = key.split("/")
        s.raw[(table, row)] = str(text)
    for key in case.get("drop") or []:
        s.dropped.add(tuple(key.split("/")))
    s.dropped_tables.update(case.get("drop_tables") or [])
    return s


def render(case: dict, path: Path) -> Path:
    style = case.get("style", "plain")
    text = synth.render_html(build(case)) if style == "html" else synth.render(build(case), style)
    for old, new in case.get("replace", []):
        assert old in text, f"{old!r} not in the rendered report"
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return path


def run_case(case: dict, tmp_path: Path):
    return _results(case, tmp_path).documents[0]


def _results(case: dict, tmp_path: Path):
    suffix = {"markdown": ".md", "html": ".html"}.get(case.get("style", "plain"), ".txt")
    path = render(case, tmp_path / f"case{suffix}")
    if "ocr" in case:  # the report as the OCR reader hands it on: lines with confidences
        with mock.patch("validator.readers.read", functools.partial(_as_scanned, conf=case["ocr"])):
            return pipeline.run([str(path)])
    previous = [str(render(case["previous"], tmp_path / "previous.txt"))] if "previous" in case else []
    copy = case.get("copy")
    copies = [str(render({**case, **copy}, tmp_path / f"copy{'.html' if copy.get('style') == 'html' else '.txt'}"))
              ] if copy else []
    return pipeline.run([str(path), *copies], previous=previous)


def _as_scanned(path, conf: dict):
    """A text report read as if OCR had read it: every character given the confidence of the
    first ``conf`` key its line holds (``default`` else), the document marked as OCR'd."""
    doc = readers_read(path)
    for span in doc.blocks:
        sure = next((v for k, v in conf.items() if k != "default" and k in span.text), conf.get("default", 0.99))
        span.conf = [float(sure)] * len(span.text)
    doc.meta["ocr"] = {"engine": "test", "pages": 1, "dpi": 200}
    return doc


def test_every_rule_has_cases() -> None:
    covered = {p.stem for p in FILES}
    assert {r.name for r in rulebook.load()} <= covered


@pytest.mark.parametrize(("rule", "case"), list(_cases()))
def test_rule_case(rule: str, case: dict, tmp_path: Path) -> None:
    doc = run_case(case, tmp_path)
    assert doc.error is None, doc.error
    got = sorted((f.rule, f.row, f.column) for f in doc.findings)
    want = sorted((f["rule"], f.get("row"), f.get("column")) for f in case["findings"])
    assert got == want
    by_key = {(f.rule, f.row, f.column): f for f in doc.findings}
    for f in case["findings"]:
        found = by_key[(f["rule"], f.get("row"), f.get("column"))]
        for field in ("expected", "actual", "severity"):
            if field in f:
                assert getattr(found, field) == f[field], field
        if "message_contains" in f:
            assert f["message_contains"] in found.message("en"), found.message("en")
    if any(f["rule"] == rule for f in case["findings"]):
        assert rule in {f.rule for f in doc.findings}


def _showing_cases():
    """For each rule, its first case that expects one of its findings."""
    seen = set()
    for rule, case in (p.values for p in _cases()):
        if rule not in seen and any(f["rule"] == rule for f in case["findings"]):
            seen.add(rule)
            yield pytest.param(rule, case, id=rule)


@pytest.mark.parametrize(("rule", "case"), list(_showing_cases()))
def test_rule_findings_render_in_every_format(rule: str, case: dict, tmp_path: Path) -> None:
    """Every rule's findings go out in every output format and language, and into the
    dataset (a date where others have numbers once broke the JSON and the dataset)."""
    import io
    import json

    import pyarrow.parquet as pq

    from validator import reporters
    from validator.run.dataset import DatasetWriter, cell_table, findings_path

    results = _results(case, tmp_path)
    for fmt in reporters.FORMATS:
        for lang in ("zh", "en"):
            out = io.StringIO()
            reporters.render(fmt, results, out, lang, "all")
            assert out.getvalue()
    rendered = io.StringIO()
    reporters.render("json", results, rendered)
    assert rule in {f["rule"] for d in json.loads(rendered.getvalue())["documents"] for f in d["findings"]}
    writer = DatasetWriter(str(tmp_path / "cells.parquet"))
    writer.add(cell_table(results.documents))
    writer.close(results.documents)
    assert rule in set(pq.read_table(findings_path(str(tmp_path / "cells.parquet"))).column("rule").to_pylist())
