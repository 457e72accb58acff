"""The bundled samples give exactly the findings their ``.expect.yaml`` lists."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from validator.run import pipeline

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
REPORTS = sorted(p for p in SAMPLES.glob("*.txt"))


@pytest.mark.parametrize("path", REPORTS, ids=[p.stem for p in REPORTS])
def test_sample(path: Path) -> None:
    expect = yaml.safe_load(path.with_suffix(".expect.yaml").read_text(encoding="utf-8"))
    doc = pipeline.run([str(path)]).documents[0]
    assert doc.error is None
    got = sorted((f.rule, f.row, f.column) for f in doc.findings)
    want = sorted((f["rule"], f.get("row"), f.get("column")) for f in expect["findings"])
    assert got == want


def test_every_sample_has_expectations() -> None:
    assert REPORTS
    assert all(p.with_suffix(".expect.yaml").exists() for p in REPORTS)
