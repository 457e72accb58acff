"""Frames keyed by canonical keys: per-table rows × columns, and the long cell dataset."""

from __future__ import annotations

from pathlib import Path

from validator.checks import frame
from validator.run import pipeline

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_table_frame_and_cells() -> None:
    docs = pipeline.run([str(SAMPLES / "clean_2021.txt"), str(SAMPLES / "placeholders_2021.txt")])
    reports = [d.report for d in docs.documents]
    app = frame.table(reports[0], "applications")
    assert list(app.columns)[-1] == "total" and app.index[0] == "new_received"
    assert app.loc["total_handled", "total"] == 72
    cells = frame.cells(reports)
    assert set(frame.CELL_COLUMNS) == set(cells.columns)
    placeholder = cells[(cells["doc"] == 1) & (cells["status"] == "placeholder")]
    assert len(placeholder) and placeholder["value"].isna().all()
    assert (placeholder["arith"] == 0).all() and placeholder["placeholder"].notna().all()
    assert (cells["status"] == "value").sum() > 150
