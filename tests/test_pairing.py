"""Which reports are last year's of which: bodies of one name in several folders, year folders,
a body's short name, and last year's report named with ``--previous`` (paired when the user
says so, named in a note when it pairs with nothing, an input not read when unreadable)."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator.run import pipeline
from validator.testing import synth

CARRY = [("cross-year.carry-over", "natural_person"), ("cross-year.carry-over", "total")]


def _write(path: Path, agency: str, year: int, carried_forward: int = 0) -> Path:
    """A 2021-layout report of ``agency`` for ``year``, 2 applications carried forward or none
    (this year's 上年结转 is 0: a year after one that carried 2 forward is a carry-over fault)."""
    s = synth.zeros("2021", year)
    s.agency = agency
    for key in (("new_received", "natural_person"), ("new_received", "total"),
                ("carried_forward", "natural_person"), ("carried_forward", "total")):
        s.tables["applications"][key] = carried_forward
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(synth.render(s), encoding="utf-8")
    return path


def _cross(results, name: str) -> list[tuple[str, str | None]]:
    doc = next(d for d in results.documents if d.path.endswith(name))
    return sorted((f.rule, f.column) for f in doc.findings if f.rule.startswith(("cross-year", "copies")))


def test_one_name_in_two_counties_is_two_bodies(tmp_path: Path) -> None:
    """Two counties' 城关镇人民政府: each county's 2023 is paired with its own 2022 only, and the
    two 2023 reports are no copies of one report."""
    _write(tmp_path / "临川县" / "2022.txt", "城关镇人民政府", 2022, carried_forward=2)
    _write(tmp_path / "临川县" / "2023.txt", "城关镇人民政府", 2023)
    _write(tmp_path / "安平县" / "2023.txt", "城关镇人民政府", 2023)
    results = pipeline.run([str(tmp_path)])
    assert _cross(results, "临川县/2023.txt") == CARRY
    assert _cross(results, "安平县/2023.txt") == []


@pytest.mark.parametrize(("this", "last"), [
    ("2023/index.txt", "2022/index.txt"),  # a folder per year
    ("城关镇/2023年/report.txt", "城关镇/2022年/report.txt"),
    ("drafts/2023.txt", "published/2022.txt"),  # last year's elsewhere, none of this year beside it
    ("a.txt", "b.txt"),
])
def test_last_years_report_found_across_year_folders(this: str, last: str, tmp_path: Path) -> None:
    _write(tmp_path / last, "城关镇人民政府", 2022, carried_forward=2)
    _write(tmp_path / this, "城关镇人民政府", 2023)
    assert _cross(pipeline.run([str(tmp_path)]), this) == CARRY


def test_two_places_without_their_own_last_year_take_none(tmp_path: Path) -> None:
    """Two places' 2023 reports and one 2022 report elsewhere: whose is it? Neither is paired."""
    _write(tmp_path / "x" / "2022.txt", "城关镇人民政府", 2022, carried_forward=2)
    _write(tmp_path / "y" / "2023.txt", "城关镇人民政府", 2023)
    _write(tmp_path / "z" / "2023.txt", "城关镇人民政府", 2023)
    results = pipeline.run([str(tmp_path)])
    assert _cross(results, "y/2023.txt") == _cross(results, "z/2023.txt") == []


def test_a_bodys_short_name_is_its_name(tmp_path: Path) -> None:
    _write(tmp_path / "1.txt", "临川县人民政府办公室", 2022, carried_forward=2)
    _write(tmp_path / "2.txt", "临川县政府办公室", 2023)
    _write(tmp_path / "3.txt", "临川县财政局办公室", 2023)
    results = pipeline.run([str(tmp_path)])
    assert _cross(results, "2.txt") == CARRY and _cross(results, "3.txt") == []


def test_previous_named_by_the_user_is_paired_though_renamed(tmp_path: Path) -> None:
    last = _write(tmp_path / "old" / "2018.txt", "临川县国土资源局", 2018, carried_forward=2)
    this = _write(tmp_path / "2019.txt", "临川县自然资源局", 2019)
    results = pipeline.run([str(this)], previous=[str(last)])
    assert _cross(results, "2019.txt") == CARRY and results.notes == []
    assert [d.path for d in results.documents] == [str(this)]  # last year's: context only


def test_previous_of_another_year_is_named_in_a_note(tmp_path: Path) -> None:
    last = _write(tmp_path / "2021.txt", "临川县市场监督管理局", 2021, carried_forward=2)
    this = _write(tmp_path / "2023.txt", "临川县市场监督管理局", 2023)
    results = pipeline.run([str(this)], previous=[str(last)])
    assert _cross(results, "2023.txt") == []
    (note,) = results.note_texts("en")
    assert "2021.txt (临川县市场监督管理局, 2021) is paired with no report checked" in note
    assert "未做跨年度核对" in results.note_texts("zh")[0]
    assert results.exit_code == 0


@pytest.mark.parametrize("name", ["missing.txt", "empty.txt"])
def test_previous_that_cannot_be_read_is_an_input_not_read(name: str, tmp_path: Path) -> None:
    this = _write(tmp_path / "2023.txt", "临川县市场监督管理局", 2023)
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    results = pipeline.run([str(this)], previous=[str(tmp_path / name)])
    bad = results.documents[-1]
    assert bad.path.endswith(name) and bad.report is None and results.exit_code == 2


def test_a_carry_over_finding_points_at_both_years_cells(tmp_path: Path) -> None:
    """The finding lists this year's 上年结转 (stated) and last year's 结转下年度 (previous),
    each where it stands in its own file."""
    last = _write(tmp_path / "2022.txt", "临川县市场监督管理局", 2022, carried_forward=2)
    this = _write(tmp_path / "2023.txt", "临川县市场监督管理局", 2023)
    doc = next(d for d in pipeline.run([str(tmp_path)]).documents if d.path == str(this))
    f = next(f for f in doc.findings if f.rule == "cross-year.carry-over" and f.column == "total")
    cells = {c["role"]: c for c in f.to_dict()["cells"]}
    assert (cells["stated"]["row"], cells["stated"]["value"]) == ("carried_over", 0)
    assert cells["stated"]["location"]["path"] == str(this)
    assert (cells["previous"]["row"], cells["previous"]["value"]) == ("carried_forward", 2)
    assert cells["previous"]["location"]["path"] == str(last) and cells["previous"]["location"]["line"]
