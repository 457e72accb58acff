"""Rule selection, configuration files, waivers, baseline, and the rule catalogue."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from validator.cli.main import main
from validator.rulebook import catalogue

ROOT = Path(__file__).resolve().parent.parent
FAULTY = str(ROOT / "samples" / "faulty_outcome_total.txt")
REVIEW = str(ROOT / "samples" / "faulty_review.txt")


def run(*args: str, cwd: Path | None = None):
    old = Path.cwd()
    os.chdir(cwd or ROOT)
    try:
        res = CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)
    return res.exit_code, res.stdout, res.stderr


def rules_of(out: str) -> set[str]:
    return {f["rule"] for d in json.loads(out)["documents"] for f in d["findings"]}


def test_select_and_ignore_by_name_and_group() -> None:
    _, out, _ = run("check", "--format", "json", "--select", "applications.balance", FAULTY)
    assert rules_of(out) == {"applications.balance"}
    _, out, _ = run("check", "--format", "json", "--ignore", "applications", FAULTY)
    assert rules_of(out) == set()
    code, out, _ = run("check", "--format", "json", "--select", "review-litigation,numbers", FAULTY)
    assert code == 0 and rules_of(out) == set()


def test_unknown_selector_is_a_usage_error() -> None:
    code, _, err = run("check", "--select", "applications.nonsense", FAULTY)
    assert code == 2 and err == "gkcheck: 未知的规则或规则组 'applications.nonsense'（见 gkcheck rules）\n"
    code, _, err = run("check", "--lang", "en", "--select", "applications.nonsense", FAULTY)
    assert code == 2 and "unknown rule or group 'applications.nonsense'" in err


@pytest.mark.parametrize("name", [".gkcheck.toml", "pyproject.toml"])
def test_settings_from_config_file(tmp_path: Path, name: str) -> None:
    table = "[tool.gkcheck]\n" if name == "pyproject.toml" else ""
    (tmp_path / name).write_text(table + 'ignore = ["applications.balance"]\nformat = "json"\n'
                                 'fail-on = "never"\n', encoding="utf-8")
    code, out, _ = run("check", FAULTY, cwd=tmp_path)
    assert code == 0 and rules_of(out) == {"applications.outcome-total"}
    code, out, _ = run("check", "--fail-on", "error", FAULTY, cwd=tmp_path)  # the flag wins
    assert code == 1


def test_bad_config_is_one_line(tmp_path: Path) -> None:
    (tmp_path / ".gkcheck.toml").write_text('colour = "red"\n', encoding="utf-8")
    code, _, err = run("check", FAULTY, cwd=tmp_path)
    assert code == 2 and "未知的设置 'colour'" in err and len(err.splitlines()) == 1
    code, _, err = run("check", "--lang", "en", FAULTY, cwd=tmp_path)
    assert code == 2 and "unknown setting 'colour'" in err


def test_waivers(tmp_path: Path) -> None:
    waivers = tmp_path / "waivers.toml"
    waivers.write_text(
        '[[waiver]]\ndocument = "青岚县自然资源局/2023"\nrule = "applications"\ncolumn = "natural_person"\n'
        'reason = "口径说明见附件"\n\n'
        '[[waiver]]\ndocument = "青岚县自然资源局/2023"\nrule = "numbers.fee-unit"\nreason = "never used"\n\n'
        '[[waiver]]\ndocument = "青岚县自然资源局/2023"\nrule = "applications.balance"\n'
        'reason = "old"\nexpires = 2020-01-01\n', encoding="utf-8")
    code, out, _ = run("check", "--format", "json", "--waivers", str(waivers), FAULTY)
    data = json.loads(out)
    doc = data["documents"][0]
    assert {(f["rule"], f["column"]) for f in doc["findings"]} == {
        ("applications.balance", "total"), ("applications.outcome-total", "total")}
    assert len(doc["suppressed"]) == 2 and doc["suppressed"][0]["why"] == "waiver: 口径说明见附件"
    assert any(n.startswith("未使用的豁免") for n in data["notes"])  # in the output's language
    assert any(n.startswith("豁免已过期") for n in data["notes"])
    _, out, _ = run("check", "--format", "json", "--lang", "en", "--waivers", str(waivers), FAULTY)
    notes = json.loads(out)["notes"]
    assert any(n.startswith("unused waiver") for n in notes) and any(n.startswith("expired waiver") for n in notes)
    assert code == 1


def test_baseline_fails_only_on_new_findings(tmp_path: Path) -> None:
    base = tmp_path / "baseline.json"
    code, _, _ = run("check", "--write-baseline", str(base), FAULTY)
    assert code == 0 and len(json.loads(base.read_text(encoding="utf-8"))["fingerprints"]) == 4
    code, out, _ = run("check", "--format", "json", "--baseline", str(base), FAULTY)
    assert code == 0 and json.loads(out)["summary"]["suppressed"] == 4
    code, _, _ = run("check", "--baseline", str(base), FAULTY, REVIEW)
    assert code == 1  # the review report's finding is new


def test_explain_and_unknown_rule() -> None:
    code, out, _ = run("explain", "applications.row-total")
    assert code == 0 and "通过示例:" in out and "不通过示例:" in out and "2019: 23 instances" in out
    assert "严重程度: 错误" in out
    code, out, _ = run("explain", "--lang", "en", "applications.row-total")
    assert code == 0 and "passes:" in out and "fails:" in out and "severity: error" in out
    code, _, err = run("explain", "no.such-rule")
    assert code == 2 and "unknown rule" in err


def test_docs_rules_md_is_current() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == catalogue.markdown(), "run: gkcheck rules --markdown > docs/rules.md"


def test_pre_commit_hook_definition() -> None:
    import yaml

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "gkcheck" and hook["entry"].startswith("gkcheck check")


def test_readme_lists_every_rule_name() -> None:
    """Rule names are a public contract: the README's list names every built-in rule."""
    from validator import rulebook

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    contract = readme.split("## Public contracts", 1)[1].split("**Canonical keys.**", 1)[0]
    assert [r.name for r in rulebook.load() if f"`{r.name}`" not in contract] == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_rule_is_explained_in_the_language_asked_for(lang: str) -> None:
    """Title, description and reason of every built-in rule in ``lang`` (a Chinese text has
    no space between two Chinese characters left by the folding of the rule file)."""
    import re

    from validator import rulebook

    for rule in rulebook.load():
        texts = [rule.text(name, lang) for name in ("title", "description", "why")]
        assert all(texts), rule.name
        chinese = [len(re.findall(r"[\u4e00-\u9fff]", t)) / max(1, len(t)) for t in texts[1:]]
        if lang == "zh":
            assert min(chinese) > 0.4, rule.name
            assert not any(re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", t) for t in texts), rule.name
        else:  # English words around the template's Chinese labels
            assert all(t != rule.text(n, "zh") for t, n in zip(texts, ("title", "description", "why"), strict=True))
            assert max(chinese) < 0.6 and re.search(r"[A-Za-z]{3}", texts[0]), rule.name
