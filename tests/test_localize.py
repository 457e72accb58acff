"""Locating the wrong cell: one changed cell is found whenever it is the unique minimal fix."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from validator import rulebook, template
from validator.run import pipeline
from validator.template import APPLICATIONS, REVIEW_LITIGATION
from validator.testing import synth

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _signature(table: str, layout: str, key) -> frozenset:
    return frozenset((i.rule.name, i.row, i.column)
                     for i in rulebook.identities(table, layout) if key in i.cells)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6), layout=st.sampled_from(template.LAYOUTS),
       table=st.sampled_from([APPLICATIONS, REVIEW_LITIGATION]), delta=st.integers(1, 4),
       data=st.data())
def test_changed_cell_is_located(seed, layout, table, delta, data, tmp_path) -> None:
    s = synth.consistent(random.Random(seed), layout)
    keys = template.layout(table, layout).cell_keys()
    key = data.draw(st.sampled_from(keys))
    truth = s.tables[table][key]
    s.tables[table][key] = truth + delta
    path = tmp_path / f"r{seed}.txt"
    path.write_text(synth.render(s), encoding="utf-8")
    doc = pipeline.run([str(path)]).documents[0]
    arithmetic = [f for f in doc.findings if f.category == "arithmetic"]
    assert arithmetic
    fixes = arithmetic[0].fixes
    assert all(f.fixes == fixes for f in arithmetic)
    single = [fix for fix in fixes if len(fix) == 1]
    assert [key, truth] in [[(c.row, c.column), c.suggested] for fix in single for c in fix]
    twins = [k for k in keys if _signature(table, layout, k) == _signature(table, layout, key)]
    if len(twins) == 1:  # the changed cell is the unique minimal fix
        assert len(fixes) == 1 and (fixes[0][0].row, fixes[0][0].column) == key


def test_unique_fix_in_message() -> None:
    doc = pipeline.run([str(SAMPLES / "faulty_row_total.txt")]).documents[0]
    f = next(f for f in doc.findings if f.rule == "applications.row-total")
    assert "唯一的最小更正：「（一）予以公开/总计」写为 26，应为 25" in f.message("zh")
    assert f.to_dict()["fixes"] == [[{"table": "applications", "row": "granted", "column": "total",
                                      "actual": 26, "suggested": 25}]]


def test_several_fixes_are_all_listed() -> None:
    doc = pipeline.run([str(SAMPLES / "faulty_review.txt")]).documents[0]
    (f,) = doc.findings
    assert len(f.fixes) == 4 and "4 种同样小的更正" in f.message("zh")
    assert {(c.row, c.column) for fix in f.fixes for c in fix} == {
        ("review", "upheld"), ("review", "corrected"), ("review", "pending"), ("review", "total")}
