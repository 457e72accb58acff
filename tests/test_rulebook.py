"""Rule files: validated before use; a bad file is one clear error naming file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator import rulebook, template
from validator.model.errors import RuleFileError

GOOD = """rules:
  - name: demo.rule
    check: identity
    table: applications
    per: column
    stated: [total_handled]
    computed: [granted]
    severity: error
    why: w
    category: arithmetic
    title: t
    description: d
    message: {zh: z, en: e}
    examples: {pass: p, fail: f}
"""


def _load(tmp_path: Path, text: str):
    (tmp_path / "x.yaml").write_text(text, encoding="utf-8")
    rulebook.read_dir.cache_clear()
    try:
        return rulebook.read_dir(str(tmp_path))
    finally:
        rulebook.read_dir.cache_clear()


def test_good_file_loads(tmp_path: Path) -> None:
    (rule,) = _load(tmp_path, GOOD)
    assert rule.name == "demo.rule" and rule.options["per"] == "column"


@pytest.mark.parametrize(("old", "new", "field"), [
    ("severity: error", "severity: fatal", "severity"),
    ("    title: t\n", "", "title"),
    ("per: column", "per: diagonal", "per"),
    ("stated: [total_handled]", "stated: []", "stated"),
    ("name: demo.rule", "name: Demo Rule", "name"),
    ("table: applications", "table: nonsense", "table"),
    ("message: {zh: z, en: e}", "message: {zh: z}", "message"),
    ("examples: {pass: p, fail: f}", "examples: {pass: p}", "examples"),
])
def test_bad_field_is_named(tmp_path: Path, old: str, new: str, field: str) -> None:
    with pytest.raises(RuleFileError, match=rf"x\.yaml.*'{field}'"):
        _load(tmp_path, GOOD.replace(old, new))


def test_not_yaml(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="not valid YAML"):
        _load(tmp_path, "rules: [\n")


def test_shipped_rules_expand_per_layout() -> None:
    ids21 = rulebook.identities("applications", "2021")
    ids19 = rulebook.identities("applications", "2019")
    outcome21 = next(i for i in ids21 if i.rule.name == "applications.outcome-total")
    outcome19 = next(i for i in ids19 if i.rule.name == "applications.outcome-total")
    assert len(outcome21.computed) == 21 and len(outcome19.computed) == 19
    assert ("other", "natural_person") in outcome19.computed
    per_rule = {}
    for i in ids21:
        per_rule[i.rule.name] = per_rule.get(i.rule.name, 0) + 1
    assert per_rule == {"applications.balance": 7, "applications.outcome-total": 7,
                        "applications.row-total": 25}
    assert len(rulebook.identities("review_litigation", "2019")) == 3
    assert len(template.layout("applications", "2019").rows) == 23


def test_parsed_rules_are_cached_by_content(tmp_path: Path, monkeypatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("GKCHECK_CACHE_DIR", str(cache))
    rules = tmp_path / "rules"
    rules.mkdir()
    first = _load(rules, GOOD)
    (entry,) = cache.glob("rules-*.json")
    assert _load(rules, GOOD) == first  # from the cache
    entry.write_text("{damaged", encoding="utf-8")
    assert _load(rules, GOOD) == first  # a damaged cache is parsed again
    changed = _load(rules, GOOD.replace("title: t", "title: changed"))
    assert changed[0].title == "changed" and len(list(cache.glob("rules-*.json"))) == 2
    for _ in range(2):  # parsed, then from the cache: validated both times
        with pytest.raises(RuleFileError, match="severity"):
            _load(rules, GOOD.replace("severity: error", "severity: fatal"))


def test_unwritable_cache_still_loads(tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("GKCHECK_CACHE_DIR", str(blocker / "sub"))
    (rule,) = _load(tmp_path, GOOD)
    assert rule.name == "demo.rule"
