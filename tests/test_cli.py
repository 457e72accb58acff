"""The command line: exit codes, JSON contract, errors as one line, lazy imports."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from validator.cli.main import main

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_clean_sample_exits_zero() -> None:
    res = invoke("check", str(SAMPLES / "clean_2021.txt"))
    assert res.exit_code == 0
    assert "0 错误" in res.output


def test_faulty_sample_exits_one_and_names_the_cell() -> None:
    res = invoke("check", str(SAMPLES / "faulty_balance.txt"))
    assert res.exit_code == 1
    assert "applications.balance" in res.output
    assert "「自然人」列" in res.output
    assert "faulty_balance.txt:" in res.output  # source location


def test_fail_on_levels(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    text = (SAMPLES / "clean_2021.txt").read_text(encoding="utf-8")
    report.write_text(text.replace("\n规章 0 0 0\n", "\n"), encoding="utf-8")  # a row dropped
    assert invoke("check", str(report)).exit_code == 0  # a warning only
    assert invoke("check", "--fail-on", "warning", str(report)).exit_code == 1
    report.write_text(text.replace("36.4825", "36.482"), encoding="utf-8")
    assert invoke("check", "--fail-on", "warning", str(report)).exit_code == 0  # information only
    assert invoke("check", "--fail-on", "info", str(report)).exit_code == 1
    assert invoke("check", "--fail-on", "never", str(SAMPLES / "faulty_review.txt")).exit_code == 0


def test_json_contract() -> None:
    res = invoke("check", "--format", "json", str(SAMPLES / "faulty_outcome_total.txt"))
    data = json.loads(res.output)
    assert data["schema_version"] == 1
    assert data["tool"]["name"] == "gkcheck"
    doc = data["documents"][0]
    assert doc["year"] == 2023 and doc["agency"] == "青岚县自然资源局"
    assert doc["layouts"] == {"applications": "2021", "active_disclosure": "2021"}
    assert doc["tables"]["applications"]["total_handled"]["natural_person"] == 50
    assert set(doc["tables"]["review_litigation"]) == {"review", "litigation_direct",
                                                      "litigation_after_review"}
    f = next(f for f in doc["findings"] if f["rule"] == "applications.outcome-total"
             and f["column"] == "natural_person")
    assert (f["expected"], f["actual"], f["severity"], f["category"]) == (56, 50, "error",
                                                                        "arithmetic")
    assert f["table"] == "applications" and f["row"] is None
    assert f["location"]["line"] > 0 and f["location"]["path"].endswith(".txt")
    assert {c["role"] for c in f["cells"]} == {"stated", "computed"}
    assert data["summary"] == {"documents": 1, "unreadable": 0, "errors": 4, "warnings": 0,
                               "infos": 0, "suppressed": 0, "cells_to_correct": 2}
    assert data["notes"] == [] and doc["suppressed"] == []
    # one correction explains the four findings: 总计 of 自然人 and of the whole row
    (fix,) = doc["corrections"]
    assert fix["findings"] == [0, 1, 2, 3]
    assert [(c["row"], c["column"], c["actual"], c["suggested"]) for c in fix["changes"]] == [
        ("total_handled", "natural_person", 50, 56), ("total_handled", "total", 66, 72)]


def test_english_messages() -> None:
    res = invoke("check", "--lang", "en", "--format", "json", str(SAMPLES / "faulty_review.txt"))
    msg = json.loads(res.output)["documents"][0]["findings"][0]["message"]
    assert msg.startswith("administrative review: total is 3")


@pytest.mark.slow
@pytest.mark.parametrize(("name", "content", "reason"), [
    ("empty.txt", b"", "empty file"),
    ("binary.txt", b"\x00\x01\x02" * 100, "binary data"),
    ("notes.txt", "会议纪要：今天讨论了食堂菜单。".encode(), "no table of the annual-report template"),
    ("report.pdfx", b"whatever", "unsupported file type"),
])
def test_unreadable_input_is_one_line_and_exit_2(tmp_path: Path, name, content, reason) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    proc = subprocess.run([sys.executable, "-m", "validator", "check", "--lang", "en", str(path)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and reason in lines[0]
    assert "Traceback" not in proc.stderr


def test_missing_file_exit_2() -> None:
    res = CliRunner().invoke(main, ["check", "/nonexistent/report.txt"])
    assert res.exit_code == 2


def test_batch_goes_on_past_a_bad_file(tmp_path: Path) -> None:
    (tmp_path / "a_bad.txt").write_bytes(b"")
    for name in ("clean_2021.txt", "faulty_review.txt"):
        (tmp_path / name).write_bytes((SAMPLES / name).read_bytes())
    res = invoke("check", "--format", "json", str(tmp_path))
    data = json.loads(res.stdout)
    assert res.exit_code == 2
    assert data["summary"]["documents"] == 3 and data["summary"]["unreadable"] == 1
    assert data["summary"]["errors"] == 1


def test_inputs_are_never_modified_and_output_is_written(tmp_path: Path) -> None:
    src = SAMPLES / "faulty_balance.txt"
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    out = tmp_path / "out.json"
    invoke("check", "--format", "json", "-o", str(out), str(src))
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["errors"] == 2
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.json")]


def test_help_and_version_do_not_import_pandas() -> None:
    code = ("import sys; from validator.cli.main import main\n"
            "for args in (['--help'], ['--version'], ['check', '--help']):\n"
            "    try: main(args)\n"
            "    except SystemExit: pass\n"
            "heavy = [m for m in ('pandas', 'pandera', 'numpy', 'rich') if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "HEAVY []" in proc.stdout, proc.stdout + proc.stderr


def test_version() -> None:
    from validator import __version__

    assert __version__ in invoke("--version").output


def test_rules_listing() -> None:
    res = invoke("rules")
    assert "applications.balance" in res.output and "review-litigation.group-total" in res.output


def test_fast_help_matches_click_and_imports_nothing_heavy() -> None:
    from validator.cli._help import HELP
    from validator.cli.entry import render_help

    assert render_help() == HELP, "regenerate validator/cli/_help.py (see validator/cli/entry.py)"
    code = ("import sys, runpy; sys.argv = ['gkcheck', '--help']\n"
            "runpy.run_module('validator', run_name='__main__')\n"
            "print('MODS', [m for m in ('click', 'rich', 'pandas') if m in sys.modules])")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.startswith("Usage: gkcheck") and "MODS []" in proc.stdout
    version = subprocess.run([sys.executable, "-m", "validator", "--version"], capture_output=True,
                             text=True, timeout=60)
    from validator import __version__

    assert version.stdout.strip() == f"gkcheck, version {__version__}"


def test_output_file_has_normal_permissions(tmp_path: Path) -> None:
    """-o writes atomically through a temporary file, but the report gets the umask's mode."""
    import os

    out = tmp_path / "report.json"
    mask = os.umask(0o022)
    try:
        CliRunner().invoke(main, ["check", "--format", "json", "-o", str(out),
                                  str(SAMPLES / "clean_2021.txt")])
    finally:
        os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o644


def test_unreadable_reason_in_the_output_language(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    for lang, reason in (("zh", "空文件"), ("en", "empty file")):
        proc = subprocess.run([sys.executable, "-m", "validator", "check", "--lang", lang, "--format", "json",
                               str(path)], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 2 and proc.stderr.strip() == f"gkcheck: {path}: {reason}"
        assert json.loads(proc.stdout)["documents"][0]["error"] == reason


@pytest.mark.parametrize(("args", "zh", "en"), [
    (["check", "--nosuch", "x"], "错误：没有选项 '--nosuch'。", "Error: No such option '--nosuch'."),
    (["check", "--format", "nope", "x"], "不是以下之一", "is not one of"),
    (["chek"], "没有命令 'chek'。 是否要用 'check'？", "No such command 'chek'."),
])
def test_usage_errors_in_the_language_of_the_output(args: list[str], zh: str, en: str) -> None:
    """click's own usage errors are in Chinese by default and in English with --lang en; exit 2."""
    for lang, want in (("zh", zh), ("en", en)):
        extra = ["--lang", "en"] if lang == "en" and args[0] == "check" else []
        env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
        proc = subprocess.run([sys.executable, "-m", "validator", *args[:1], *extra, *args[1:]],
                              capture_output=True, text=True, timeout=60, env=env)
        if lang == "en" and not extra:
            continue  # a mistyped command has no --lang of its own
        assert proc.returncode == 2 and want in proc.stderr, proc.stderr
        assert "Try '" in proc.stderr if lang == "en" else "查看帮助" in proc.stderr
