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


def _rule(check: str, options: str, table: str | None = "applications", name: str = "local.demo") -> str:
    return (f"  - name: {name}\n    check: {check}\n" + (f"    table: {table}\n" if table else "")
            + "".join(f"    {line}\n" for line in options.splitlines()) +
            "    severity: error\n    why: w\n    category: c\n    title: t\n    description: d\n"
            "    message: {zh: z, en: e}\n    examples: {pass: p, fail: f}\n")


# (check, options, table, the reason the one-line error must give)
BAD_OPTIONS = [
    ("domain", "kinds: [count]\nmaximumm: 10", None, "unknown option 'maximumm'"),
    ("domain", "kinds: [count]\nminimum: ten", None, "option \'minimum\': must be a number"),
    ("domain", "kinds: [counts]", None, "counts: not one of count, signed, amount"),
    ("domain", "integer: true", None, "missing option 'kinds'"),
    ("domain", "kinds: [count]", "applications", "field 'table' is not used by check 'domain'"),
    ("identity", "per: column\nstated: [total_handld]\ncomputed: [granted]", "applications",
     "no row of table applications is named total_handld"),
    ("identity", "per: row\nstated: [total]\ncomputed: [natural_persons]", "applications",
     "no column of table applications is named natural_persons"),
    ("identity", "per: column\nstated: total_handled\ncomputed: [granted]", "applications",
     "option \'stated\': must be a list of keys"),
    ("identity", "per: column\nstated: [total_handled]\ncomputed: [granted]", None, "needs field 'table'"),
    ("bound", "per: row\nstated: [total_published]", "active_disclosure", "missing option 'computed'"),
    ("decimals", "rows: [fees]\ncolumns: [amount]\nallowed: [two]", "active_disclosure",
     "option \'allowed\': must be a non-empty list of integers"),
    ("unit", "rows: [fees]\nforbidden: [dollars]", "active_disclosure", "dollars: not one of"),
    ("level-zero", "rows: [regulations]\nlevels: [village]", "active_disclosure", "village: not one of"),
    ("presence", "level: cell", None, "option \'level\': must be one of table, row, row-dropped"),
    ("parse", "issue: typo", None, "option \'issue\': must be one of value-count"),
    ("prose", "statements: {received: [applications/new_received/totl]}", None,
     "applications/new_received/totl is not a table/row/column cell"),
    ("prose", "statements: {recieved: [applications/new_received/total]}", None, "recieved: not a statement kind"),
    ("prose", "statements: {received: [applications/new_received/total]}\nambiguous-severity: fatal", None,
     "option \'ambiguous-severity\': must be one of error, warning, info"),
    ("cross-year", "per: column\nstated: [this:carried_over]\ncomputed: [last:carried_forward]", "applications",
     "last:carried_forward: a term is [-]this:KEY or [-]previous:KEY"),
    ("cross-year-similar", "sections: [一]\nthreshold: high", None, "option \'threshold\': must be a number"),
    ("sections", "strict: true", None, "unknown option 'strict' (options of sections: —)"),
    ("frobnicate", "", None, "field 'check' must be one of"),
]


@pytest.mark.parametrize(("check", "options", "table", "reason"), BAD_OPTIONS)
def test_bad_option_refused_naming_file_rule_and_option(tmp_path: Path, check, options, table, reason) -> None:
    with pytest.raises(RuleFileError) as err:
        _load(tmp_path, "rules:\n" + _rule(check, options, table))
    message = str(err.value)
    assert "\n" not in message and "x.yaml" in message and "'local.demo'" in message, message
    assert reason in message, message


@pytest.mark.parametrize(("check", "options", "table"), [
    ("presence", "level: table", None),
    ("subtotal", "", "applications"),
    ("sections", "", None),
    ("parse", "issue: no-values", None),
])
def test_second_rule_of_a_single_kind_refused(tmp_path: Path, check, options, table) -> None:
    text = "rules:\n" + _rule(check, options, table, "local.one") + _rule(check, options, table, "local.two")
    with pytest.raises(RuleFileError, match=rf"'local\.two': a second rule of check '{check}'"):
        _load(tmp_path, text)


def test_presence_allows_one_rule_per_level(tmp_path: Path) -> None:
    text = "rules:\n" + _rule("presence", "level: table", None, "local.one") \
        + _rule("presence", "level: row", None, "local.two")
    assert [r.options["level"] for r in _load(tmp_path, text)] == ["table", "row"]


def test_defaults_filled_in(tmp_path: Path) -> None:
    (rule,) = _load(tmp_path, "rules:\n" + _rule("domain", "kinds: [count]", None))
    assert rule.options == {"kinds": ["count"], "integer": False}


def test_local_rules_add_to_the_built_in_ones(tmp_path: Path) -> None:
    (tmp_path / "local.yaml").write_text("rules:\n" + _rule("domain", "kinds: [count]\nminimum: 1", None),
                                         encoding="utf-8")
    rules = rulebook.load([str(tmp_path)])
    assert len(rules) == len(rulebook.load()) + 1 and rules[-1].name == "local.demo"
    assert rules[-1].source == str(tmp_path / "local.yaml")


def test_local_rule_named_like_a_built_in_one_refused(tmp_path: Path) -> None:
    (tmp_path / "local.yaml").write_text("rules:\n" + _rule("domain", "kinds: [count]", None,
                                                            "numbers.amount"), encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"local\.yaml: rule 'numbers\.amount': the name of a built-in rule"):
        rulebook.load([str(tmp_path)])


def test_local_rule_of_a_single_kind_clashes_with_the_built_in_one(tmp_path: Path) -> None:
    (tmp_path / "local.yaml").write_text("rules:\n" + _rule("sections", "", None), encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"a second rule of check 'sections' .*structure\.sections"):
        rulebook.load([str(tmp_path)])


def test_missing_rules_folder_refused(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="no such rules folder"):
        rulebook.load([str(tmp_path / "nope")])


def test_every_kind_has_one_evaluating_module() -> None:
    from validator.checks import engine
    from validator.rulebook import kinds

    assert set(engine.BY_KIND) == set(kinds.KINDS)
    for name, kind in kinds.KINDS.items():
        assert engine.BY_KIND[name].__name__ == f"validator.checks.{kind.module}", name
    assert sum(len(m.KINDS) for m in engine.MODULES) == len(kinds.KINDS)  # no kind in two modules
