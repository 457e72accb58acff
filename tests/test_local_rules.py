"""Local rule files (``--rules DIR``, ``rules = [...]``): evaluated end to end in every output
format and engine, listed by ``gkcheck rules``, and refused with one line when malformed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from validator.cli.main import main
from validator.testing import synth

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "docs" / "examples" / "local-rules"
_PLACES = "青白云枫临松柳石北南东西"
FORMATS = ("terminal", "json", "sarif", "junit", "github", "gitlab", "html")


def _report(folder: Path, name: str, pending: int) -> Path:
    """A consistent 2021 report whose 行政复议 has ``pending`` cases 尚未审结."""
    s = synth.zeros("2021", 2023)
    s.agency = f"{_PLACES[sum(map(ord, name)) % len(_PLACES)]}县{name.split('.')[0]}局"  # one body per file
    s.tables["review_litigation"][("review", "pending")] = pending
    s.tables["review_litigation"][("review", "total")] = pending
    path = folder / name
    path.write_text(synth.render(s), encoding="utf-8")
    return path


@pytest.fixture()
def reports(tmp_path: Path) -> tuple[Path, Path]:
    return _report(tmp_path, "pending.txt", 2), _report(tmp_path, "clean.txt", 0)


def _check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", *args])
    return result.exit_code, result.output


def test_local_rule_fires_in_json(reports) -> None:
    pending, clean = reports
    code, out = _check(str(pending), str(clean), "--rules", str(EXAMPLE), "--format", "json")
    assert code == 1
    docs = {Path(d["path"]).name: d for d in json.loads(out)["documents"]}
    local = [f for f in docs["pending.txt"]["findings"] if f["rule"] == "province.review-not-pending"]
    assert len(local) == 1 and local[0]["row"] == "review" and local[0]["actual"] == 2
    assert local[0]["expected"] == 0 and local[0]["severity"] == "error"
    assert not docs["clean.txt"]["findings"]


def test_without_local_rules_the_report_passes(reports) -> None:
    code, out = _check(str(reports[0]), "--format", "json")
    assert code == 0 and not json.loads(out)["documents"][0]["findings"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_local_rule_in_every_format(reports, fmt: str) -> None:
    code, out = _check(str(reports[0]), "--rules", str(EXAMPLE), "--format", fmt)
    assert code == 1
    assert "province.review-not-pending" in out or "尚未审结为 2" in out


def test_junit_and_sarif_list_the_rules_that_ran(reports) -> None:
    args = [str(reports[0]), "--rules", str(EXAMPLE), "--select", "province,applications.balance"]
    _, junit = _check(*args, "--format", "junit")
    cases = [c.get("name") for c in ET.fromstring(junit).iter("testcase")]
    assert cases == ["applications.balance", "province.fees-none", "province.review-not-pending"]
    _, sarif = _check(*args, "--format", "sarif")
    rules = [r["id"] for r in json.loads(sarif)["runs"][0]["tool"]["driver"]["rules"]]
    assert rules == cases
    _, junit = _check(str(reports[0]), "--ignore", "structure,numbers,parse", "--format", "junit")
    names = {c.get("name") for c in ET.fromstring(junit).iter("testcase")}
    assert names and not any(n.split(".")[0] in ("structure", "numbers", "parse") for n in names)


def test_settings_file_rules_resolved_against_the_file(reports, tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "cfg" / "office-rules")
    (tmp_path / "cfg" / ".gkcheck.toml").write_text('rules = ["office-rules"]\nformat = "json"\n',
                                                    encoding="utf-8")
    code, out = _check(str(reports[0]), "--config", str(tmp_path / "cfg" / ".gkcheck.toml"))
    assert code == 1 and "province.review-not-pending" in out


def test_local_rules_on_worker_processes(tmp_path: Path) -> None:
    for i in range(10):
        _report(tmp_path, f"r{i}.txt", i % 2)
    code, out = _check(str(tmp_path), "--rules", str(EXAMPLE), "--jobs", "2", "--format", "json")
    hits = {Path(d["path"]).name for d in json.loads(out)["documents"]
            if any(f["rule"] == "province.review-not-pending" for f in d["findings"])}
    assert code == 1 and hits == {f"r{i}.txt" for i in range(1, 10, 2)}


@pytest.mark.slow
def test_local_rules_on_dask(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    for i in range(4):
        _report(tmp_path, f"r{i}.txt", i % 2)
    code, out = _check(str(tmp_path), "--rules", str(EXAMPLE), "--engine", "dask", "--format", "json")
    hits = {Path(d["path"]).name for d in json.loads(out)["documents"]
            if any(f["rule"] == "province.review-not-pending" for f in d["findings"])}
    assert code == 1 and hits == {"r1.txt", "r3.txt"}


def test_rules_command_lists_local_rules() -> None:
    result = CliRunner().invoke(main, ["rules", "--rules", str(EXAMPLE)])
    assert result.exit_code == 0 and "province.fees-none" in result.output
    result = CliRunner().invoke(main, ["explain", "province.fees-none", "--rules", str(EXAMPLE)])
    assert result.exit_code == 0 and "行政事业性收费金额应为 0" in result.output


@pytest.mark.parametrize(("text", "reason"), [
    ("rules:\n  - name: local.x\n    check: domain\n    kinds: [count]\n    maximumm: 10\n"
     "    severity: error\n    why: w\n    category: c\n    title: t\n    description: d\n"
     "    message: {zh: z, en: e}\n    examples: {pass: p, fail: f}\n", "unknown option 'maximumm'"),
    ((EXAMPLE / "province.yaml").read_text(encoding="utf-8").replace("province.fees-none", "numbers.amount"),
     "the name of a built-in rule (choose another group, e.g. local.amount)"),
])
def test_bad_local_rule_file_is_one_line_exit_2(reports, tmp_path: Path, text: str, reason: str) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "office.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--lang", "en", str(reports[0]), "--rules", str(folder)])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "office.yaml" in lines[0] and reason in lines[0], result.output
