"""A gate that cannot be fooled: strict waivers and baselines, output errors, a missing extra and
interrupts all end with a documented exit code and one line, never a traceback or a
half-written file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BALANCE = str(ROOT / "samples" / "faulty_balance.txt")  # applications.balance, columns 自然人 and 总计
REVIEW = str(ROOT / "samples" / "faulty_review.txt")  # review-litigation.group-total, row 行政复议
CLEAN = str(ROOT / "samples" / "clean_2021.txt")
DOC = "云溪县自然资源局/2023"  # the body and year of BALANCE
REFUSED = yaml.safe_load((ROOT / "tests" / "cases" / "waivers" / "refused.yaml").read_text(encoding="utf-8"))["cases"]


def gkcheck(*args: str, cwd: Path | None = None, env: dict | None = None, code: str | None = None
            ) -> subprocess.CompletedProcess:
    """The real executable path (entry point), in a subprocess."""
    script = (f"import sys\n{code or ''}\nfrom validator.cli.entry import main\n"
              "sys.argv = ['gkcheck', *sys.argv[1:]]\nmain()\n")
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=120,
                          cwd=cwd or ROOT, env={**os.environ, **(env or {})})


def _one_line(proc: subprocess.CompletedProcess) -> str:
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    return lines[0]


def _waivers(tmp_path: Path, text: str) -> str:
    path = tmp_path / "waivers.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _waiver(**fields: str) -> str:
    body = "".join(f'{k} = "{v}"\n' for k, v in fields.items())
    return f'[[waiver]]\ndocument = "{DOC}"\n{body}reason = "口径说明见附件"\n'


# ------------------------------------------------------------------ strict waivers
@pytest.mark.parametrize("case", REFUSED, ids=[c["name"] for c in REFUSED])
def test_bad_waiver_file_refused_with_file_line_and_reason(tmp_path: Path, case: dict) -> None:
    path = _waivers(tmp_path, case["text"])
    proc = gkcheck("check", "--lang", "en", "--waivers", path, BALANCE)
    line = _one_line(proc)
    assert proc.returncode == 2 and proc.stdout == ""
    assert line.startswith(f"gkcheck: {path}:{case['line']}: "), line
    assert case["reason"] in line, line


def test_bad_waiver_in_chinese(tmp_path: Path) -> None:
    path = _waivers(tmp_path, _waiver(rule="applications.balance", colum="natural_person"))
    line = _one_line(proc := gkcheck("check", "--waivers", path, BALANCE))
    assert proc.returncode == 2 and f"{path}:4: 第 1 条豁免：未知的键 'colum'" in line


@pytest.mark.parametrize(("fields", "waived"), [
    ({"rule": "applications.balance", "column": "natural_person"}, {"natural_person"}),
    ({"rule": "applications.balance", "column": "自然人"}, {"natural_person"}),  # as staff see it
    ({"rule": "applications", "column": "总计"}, {"total"}),
    ({"rule": "applications.balance", "column": "*"}, {"natural_person", "total"}),  # the whole rule, said so
    ({"rule": "applications.balance"}, set()),  # names no column: covers no per-column finding
    ({"rule": "applications.balance", "row": "（七）总计"}, set()),  # balance findings have no row
])
def test_waiver_covers_only_what_it_names(tmp_path: Path, fields: dict, waived: set) -> None:
    proc = gkcheck("check", "--format", "json", "--lang", "en", "--waivers", _waivers(tmp_path, _waiver(**fields)),
                   BALANCE)
    doc = json.loads(proc.stdout)["documents"][0]
    assert {s["column"] for s in doc["suppressed"]} == waived
    assert {f["column"] for f in doc["findings"]} == {"natural_person", "total"} - waived
    assert proc.returncode == (1 if len(waived) < 2 else 0)
    unused = [n for n in json.loads(proc.stdout)["notes"] if n.startswith("unused waiver")]
    assert bool(unused) == (not waived)


def test_row_written_as_staff_see_it(tmp_path: Path) -> None:
    text = _waiver(rule="review-litigation.group-total", row="行政复议").replace("云溪县", "临溪县")
    proc = gkcheck("check", "--format", "json", "--waivers", _waivers(tmp_path, text), REVIEW)
    assert proc.returncode == 0 and len(json.loads(proc.stdout)["documents"][0]["suppressed"]) == 1


def test_expired_waiver_stops_applying_and_says_so(tmp_path: Path) -> None:
    text = _waiver(rule="applications.balance", column="*").replace('reason', 'expires = 2020-01-01\nreason')
    proc = gkcheck("check", "--format", "json", "--lang", "en", "--waivers", _waivers(tmp_path, text), BALANCE)
    data = json.loads(proc.stdout)
    assert proc.returncode == 1 and len(data["documents"][0]["findings"]) == 2
    assert any(n.startswith("expired waiver (not applied)") and "2020-01-01" in n for n in data["notes"])


# ------------------------------------------------------------------ strict baselines
@pytest.mark.parametrize(("content", "reason"), [
    ("{", "not valid JSON"),
    ('{"tool": "other", "fingerprints": []}', "not a gkcheck baseline"),
    ('{"schema_version": 1, "tool": "gkcheck", "fingerprints": [], "extra": 1}', "unknown key 'extra'"),
    ('{"schema_version": 2, "tool": "gkcheck", "fingerprints": []}', "unsupported schema_version 2"),
    ('{"schema_version": 1, "tool": "gkcheck", "fingerprints": ["abc"]}', "'fingerprints' must be a list"),
])
def test_bad_baseline_refused(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(content, encoding="utf-8")
    proc = gkcheck("check", "--lang", "en", "--baseline", str(path), BALANCE)
    line = _one_line(proc)
    assert proc.returncode == 2 and str(path) in line and reason in line, line


def test_baseline_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "new" / "baseline.json"  # missing folders are created
    assert gkcheck("check", "--write-baseline", str(path), BALANCE).returncode == 0
    assert gkcheck("check", "--baseline", str(path), BALANCE).returncode == 0


# ------------------------------------------------------------------ output errors
def test_output_into_missing_folders_is_created(tmp_path: Path) -> None:
    out = tmp_path / "a" / "b" / "report.json"
    data = tmp_path / "c" / "cells.parquet"
    proc = gkcheck("check", "--format", "json", "-o", str(out), "--dataset", str(data), BALANCE)
    assert proc.returncode == 1 and json.loads(out.read_text(encoding="utf-8"))["documents"]
    assert data.exists() and (tmp_path / "c" / "cells.findings.parquet").exists()


@pytest.mark.parametrize("option", ["-o", "--dataset", "--write-baseline"])
def test_output_that_cannot_be_written_is_exit_2(tmp_path: Path, option: str) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    folder = tmp_path / "a-folder"
    folder.mkdir()
    cases = [(str(folder), "is a folder")]
    if os.geteuid() != 0:  # root writes anywhere
        locked.chmod(0o500)
        cases.append((str(locked / "out.x"), "permission denied"))
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    cases.append((str(blocker / "sub" / "out.x"), "Not a directory"))
    for target, reason in cases:
        proc = gkcheck("check", "--lang", "en", option, target, BALANCE)
        line = _one_line(proc)
        assert proc.returncode == 2 and line == f"gkcheck: cannot write {target}: {reason}", line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-folder", "file", "locked"]
    assert not list(folder.iterdir()) and not list(locked.iterdir())


def test_full_disk_while_writing_leaves_nothing(tmp_path: Path) -> None:
    """An OS error while the report is written (simulated: every write fails) → exit 2, one
    line, the previous file untouched, no temporary file left."""
    out = tmp_path / "report.json"
    out.write_text("previous", encoding="utf-8")
    code = ("import errno, io\n"
            "import validator.reporters.json_report as j\n"
            "def full(*a, **k): raise OSError(errno.ENOSPC, 'No space left on device')\n"
            "j.render = full\n")
    proc = gkcheck("check", "--lang", "en", "--format", "json", "-o", str(out), BALANCE, code=code)
    assert proc.returncode == 2 and _one_line(proc) == f"gkcheck: cannot write {out}: No space left on device"
    assert out.read_text(encoding="utf-8") == "previous" and [p.name for p in tmp_path.iterdir()] == ["report.json"]


# ------------------------------------------------------------------ a missing extra
def test_missing_dask_extra_is_one_line_exit_2() -> None:
    block = "import sys\nsys.modules['dask'] = None\nsys.modules['dask.distributed'] = None\n"
    proc = gkcheck("check", "--lang", "en", "--engine", "dask", CLEAN, code=block)
    line = _one_line(proc)
    assert proc.returncode == 2 and "--engine dask needs the optional 'dask' extra" in line
    assert 'pip install "gkcheck[dask]"' in line
    proc = gkcheck("check", "--engine", "dask", CLEAN, code=block)
    assert proc.returncode == 2 and "需要安装可选组件 'dask'" in _one_line(proc)


# ------------------------------------------------------------------ interrupts
def _interrupt_at(target: str) -> str:
    """Code that makes ``target`` (module:attribute) raise KeyboardInterrupt when called."""
    module, name = target.split(":")
    return (f"import importlib\nm = importlib.import_module('{module}')\n"
            f"def stop(*a, **k): raise KeyboardInterrupt\nsetattr(m, '{name}', stop)\n")


@pytest.mark.parametrize("target", [
    "validator.cli.config:settings",  # reading the settings, before anything else
    "validator.run.policy:select",  # loading the rules
    "validator.run.document:discover",  # finding the files
])
def test_interrupt_before_the_batch(tmp_path: Path, target: str) -> None:
    out = tmp_path / "out.json"
    proc = gkcheck("check", "--lang", "en", "--format", "json", "-o", str(out), BALANCE, code=_interrupt_at(target))
    assert proc.returncode == 130 and _one_line(proc) == "gkcheck: interrupted"
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_interrupt_while_writing_leaves_no_half_written_file(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text("previous", encoding="utf-8")
    code = ("import validator.reporters.json_report as j\n"
            "def half(results, out, *a):\n    out.write('{\"half\": ')\n    raise KeyboardInterrupt\n"
            "j.render = half\n")
    proc = gkcheck("check", "--lang", "en", "--format", "json", "-o", str(out), BALANCE, code=code)
    assert proc.returncode == 130 and _one_line(proc) == "gkcheck: interrupted"
    assert out.read_text(encoding="utf-8") == "previous" and [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_interrupt_while_the_dataset_is_put_in_place_waits_for_both_files(tmp_path: Path) -> None:
    """Ctrl-C between the two renames of the dataset is held until both are done."""
    data = tmp_path / "cells.parquet"
    code = ("import os, signal\n_replace = os.replace\n"
            "def replace(a, b):\n    _replace(a, b)\n"
            "    if str(b).endswith('cells.parquet'): os.kill(os.getpid(), signal.SIGINT)\n"
            "os.replace = replace\n")
    proc = gkcheck("check", "--lang", "en", "--dataset", str(data), BALANCE, code=code)
    assert proc.returncode == 130 and "Traceback" not in proc.stderr
    assert data.exists() and (tmp_path / "cells.findings.parquet").exists()
    assert not [p for p in tmp_path.iterdir() if ".tmp" in p.name]


@pytest.mark.parametrize(("module", "line"), [
    ("click", "gkcheck: interrupted"), ("validator.cli.main", "gkcheck: interrupted"),
    # pandas is first imported by the batch: the run ends with its partial summary
    ("pandas", f"gkcheck: {BALANCE}: not checked (run interrupted)"),
])
def test_interrupt_while_starting(module: str, line: str) -> None:
    """Ctrl-C while gkcheck is still importing its libraries."""
    code = ("import builtins\n_import = builtins.__import__\n"
            f"def imp(name, *a, **k):\n    if name == '{module}': raise KeyboardInterrupt\n"
            "    return _import(name, *a, **k)\nbuiltins.__import__ = imp\n")
    proc = gkcheck("check", "--lang", "en", BALANCE, code=code)
    assert proc.returncode == 130 and _one_line(proc) == line


def test_usage_error_is_exit_2_and_help_is_0() -> None:
    proc = gkcheck("check", "--format", "yaml", BALANCE)
    assert proc.returncode == 2 and "'--format' 的值无效" in proc.stderr
    proc = gkcheck("check", "--lang", "en", "--format", "yaml", BALANCE)
    assert proc.returncode == 2 and "Invalid value for '--format'" in proc.stderr
    assert gkcheck("check", "--help").returncode == 0
    assert gkcheck("rules").returncode == 0


# ------------------------------------------------------------------ one report, several files
def _report(folder: Path, name: str, s, style: str = "plain") -> Path:
    from validator.testing import synth

    path = folder / name
    path.write_text(synth.render_html(s) if style == "html" else synth.render(s, style), encoding="utf-8")
    return path


def _pair(carried_forward: int = 2):
    from validator.testing import synth

    last, this = synth.zeros("2021", 2022), synth.zeros("2021", 2023)
    for s in (last, this):
        s.agency = "白沙市交通运输局"
    for key in (("new_received", "natural_person"), ("new_received", "total"),
                ("carried_forward", "natural_person"), ("carried_forward", "total")):
        last.tables["applications"][key] = carried_forward
    return last, this


def _findings(proc: subprocess.CompletedProcess) -> dict[str, list[tuple[str, str | None]]]:
    return {Path(d["path"]).name: [(f["rule"], f["column"]) for f in d["findings"]]
            for d in json.loads(proc.stdout)["documents"]}


def test_every_copy_of_a_report_gets_its_cross_year_check(tmp_path: Path) -> None:
    last, this = _pair()
    _report(tmp_path, "2022.txt", last)
    _report(tmp_path, "2023.txt", this)
    _report(tmp_path, "2023.html", this, "html")
    found = _findings(gkcheck("check", "--format", "json", str(tmp_path)))
    carry = [("cross-year.carry-over", "natural_person"), ("cross-year.carry-over", "total")]
    assert sorted(found["2023.txt"]) == carry and sorted(found["2023.html"]) == carry
    assert found["2022.txt"] == []


def test_copies_that_read_alike_are_quiet(tmp_path: Path) -> None:
    _, this = _pair(carried_forward=0)
    _report(tmp_path, "a.txt", this)
    _report(tmp_path, "b.html", this, "html")
    _report(tmp_path, "c.txt", this, "glued")
    found = _findings(proc := gkcheck("check", "--format", "json", str(tmp_path)))
    assert proc.returncode == 0 and found == {"a.txt": [], "b.html": [], "c.txt": []}


def test_copies_that_differ_are_reported_on_both(tmp_path: Path) -> None:
    _, this = _pair()
    _report(tmp_path, "draft.txt", this)
    this.tables["review_litigation"][("review", "pending")] = 1
    this.tables["review_litigation"][("review", "total")] = 1
    _report(tmp_path, "final.html", this, "html")
    proc = gkcheck("check", "--format", "json", "--lang", "en", str(tmp_path))
    docs = {Path(d["path"]).name: d for d in json.loads(proc.stdout)["documents"]}
    for name, other, here, there in (("draft.txt", "final.html", 0, 1), ("final.html", "draft.txt", 1, 0)):
        (f,) = docs[name]["findings"]
        assert f["rule"] == "copies.tables-differ" and f["severity"] == "warning"
        assert other in f["message"]
        assert f"administrative review/pending is {here} here, {there} there" in f["message"]
    assert proc.returncode == 0  # a warning: two drafts may differ on purpose


def test_many_copies_are_compared_by_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files that read alike are one reading: a page saved many times is compared once with
    each other reading, and every file of a differing reading is told of every other file."""
    from validator.checks import crossyear
    from validator.run import pipeline

    _, this = _pair()
    for name in ("a.txt", "b.html", "c.txt", "e.txt"):
        _report(tmp_path, name, this, "html" if name.endswith("html") else "plain")
    this.tables["review_litigation"][("review", "pending")] = 1
    this.tables["review_litigation"][("review", "total")] = 1
    _report(tmp_path, "d.txt", this)
    compared = []
    real = crossyear._differences
    monkeypatch.setattr(crossyear, "_differences", lambda x, y: compared.append(1) or real(x, y))
    docs = {Path(d.path).name: d for d in pipeline.run([str(tmp_path)]).documents}
    assert len(compared) == 1  # table 四 of the two readings (二 and 三 read alike everywhere)
    for name in ("a.txt", "b.html", "c.txt", "e.txt"):
        (f,) = docs[name].findings
        assert f.rule == "copies.tables-differ" and f.actual is None
        assert str(tmp_path / "d.txt") in f.message("en") and "is 0 here, 1 there" in f.message("en")
    told = docs["d.txt"].findings
    assert [f.rule for f in told] == ["copies.tables-differ"] * 4
    assert all("is 1 here, 0 there" in f.message("en") for f in told)


def test_an_internal_error_is_one_line_and_exit_3() -> None:
    """A bug in gkcheck (here: a reporter that fails) is one line naming it, exit 3 — a CI gate
    tells it from a finding (1) and from a bad input (2); --debug shows the traceback."""
    code = ("import validator.reporters.json_report as j\n"
            "def boom(*a, **k):\n    raise ValueError('broken renderer')\n"
            "j.render = boom\n")
    proc = gkcheck("check", "--lang", "en", "--format", "json", CLEAN, code=code)
    assert proc.returncode == 3
    assert "internal error (ValueError: broken renderer)" in _one_line(proc)
    debug = gkcheck("check", "--debug", "--format", "json", CLEAN, code=code)
    assert debug.returncode == 1 and "Traceback" in debug.stderr
