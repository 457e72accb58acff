"""Batches: parallel and Dask engines give identical results; exact counts; Parquet dataset;
consecutive years paired automatically."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from validator.cli.main import main
from validator.run import pipeline
from validator.testing import synth

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Good, faulty and broken files (some in a sub-folder), plus a pair of years."""
    base = tmp_path_factory.mktemp("batch")
    for p in SAMPLES.glob("*.txt"):
        shutil.copy(p, base / p.name)
    sub = base / "more"
    sub.mkdir()
    rng = random.Random(5)
    for i in range(70):  # more than one chunk
        s = synth.consistent(rng, rng.choice(["2021", "2019"]))
        (sub / f"synthetic_{i:03d}.txt").write_text(synth.render(s, "plain", rng), encoding="utf-8")
    (base / "broken_empty.txt").write_bytes(b"")
    (base / "broken_binary.pdf").write_bytes(b"%PDF-1.4 garbage" + bytes(range(256)))
    (base / "notes.md").write_text("# 会议纪要\n\n讨论食堂菜单。\n", encoding="utf-8")
    last = synth.zeros("2021", 2022)
    for key in (("new_received", "natural_person"), ("new_received", "total"),
                ("carried_forward", "natural_person"), ("carried_forward", "total")):
        last.tables["applications"][key] = 2
    (base / "pair_2022.txt").write_text(synth.render(last), encoding="utf-8")
    (base / "pair_2023.txt").write_text(synth.render(synth.zeros("2021", 2023)), encoding="utf-8")
    return base


def _digest(results) -> list:
    return [(Path(d.path).name, d.error,
             sorted((f.rule, f.row or "", f.column or "", f.expected, str(f.actual)) for f in d.findings))
            for d in results.documents]


@pytest.fixture(scope="module")
def serial(folder):
    return pipeline.run([str(folder)], jobs=1)


def test_counts(serial, folder) -> None:
    s = serial.summary()
    assert s["documents"] == 70 + 8 + 3 + 2
    assert s["unreadable"] == 3
    with_errors = {Path(d.path).name for d in serial.documents
                   if any(f.severity == "error" for f in d.findings)}
    assert with_errors == {"faulty_balance.txt", "faulty_outcome_total.txt", "faulty_row_total.txt",
                           "faulty_review.txt", "faulty_2019_blank_totals.txt", "pair_2023.txt"}


def test_years_are_paired(serial) -> None:
    doc = next(d for d in serial.documents if d.path.endswith("pair_2023.txt"))
    assert {(f.rule, f.column) for f in doc.findings} == {
        ("cross-year.carry-over", "natural_person"), ("cross-year.carry-over", "total")}


def test_parallel_equals_serial(serial, folder) -> None:
    assert _digest(pipeline.run([str(folder)], jobs=2)) == _digest(serial)


@pytest.mark.slow
def test_dask_equals_local(serial, folder) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        results = pipeline.run([str(folder)], engine="dask", scheduler=cluster.scheduler_address)
    assert _digest(results) == _digest(serial)


def test_dataset_reads_back(folder, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    target = tmp_path / "cells.parquet"
    res = CliRunner().invoke(main, ["check", "--format", "json", "--jobs", "2", "--dataset",
                                    str(target), str(folder)], catch_exceptions=False)
    assert res.exit_code == 2  # three unreadable files
    summary = json.loads(res.stdout)["summary"]
    cells = pd.read_parquet(target)
    findings = pd.read_parquet(tmp_path / "cells.findings.parquet")
    assert cells["path"].nunique() == summary["documents"] - summary["unreadable"]
    assert {"value", "raw", "placeholder", "status", "line", "table", "row", "column",
            "agency", "year", "layout"} <= set(cells.columns)
    row = cells[(cells["path"].str.endswith("faulty_review.txt")) & (cells["table"] == "review_litigation")
                & (cells["row"] == "review") & (cells["column"] == "total")].iloc[0]
    assert (row["value"], row["raw"], row["status"]) == (3.0, "3", "value")
    assert len(findings) == summary["errors"] + summary["warnings"] + summary["infos"]
    assert not list(tmp_path.glob("*.tmp*"))


def test_compact_reports_render_the_same_tables() -> None:
    from validator.reporters import json_report

    results = pipeline.run([str(SAMPLES)])
    before = json_report.payload(results)
    for doc in results.documents:
        if doc.report is not None:
            doc.report.compact()
    after = json_report.payload(results)
    assert [d.get("tables") for d in after["documents"]] == [d.get("tables") for d in before["documents"]]
    first = next(d for d in results.documents if d.report is not None)
    cell = first.report.tables["applications"].cells[("granted", "total")]
    assert cell.status in ("value", "placeholder") and cell.loc is None


def test_directory_walk_skips_hidden_folders_and_readmes(tmp_path: Path) -> None:
    from validator.run.pipeline import discover

    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "README.md").write_text("x", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("x", encoding="utf-8")
    assert discover([str(tmp_path)]) == [str(tmp_path / "a.txt"), str(tmp_path / "sub" / "b.html")]
    assert discover([str(tmp_path / "README.md")]) == [str(tmp_path / "README.md")]  # named: read
