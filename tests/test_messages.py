"""The message catalogues: one per language, the same keys in each, every template row and
column named, and no language branch left outside ``validator/messages``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from validator import messages, template

ROOT = Path(__file__).resolve().parents[1]
_LABEL = re.compile(r"^(label|subtotal)\.")  # names the template gives in Chinese


def _keys(lang: str) -> set[str]:
    return {k for k in messages.catalogue(lang) if not _LABEL.match(k)}


def test_chinese_first_then_every_catalogue_found() -> None:
    assert messages.LANGS[0] == "zh" and "en" in messages.LANGS


@pytest.mark.parametrize("lang", messages.LANGS)
def test_every_catalogue_has_every_key(lang: str) -> None:
    union = set().union(*(_keys(other) for other in messages.LANGS))
    assert _keys(lang) == union, sorted(union ^ _keys(lang))


@pytest.mark.parametrize("lang", [lang for lang in messages.LANGS if lang != "zh"])
def test_every_row_and_column_has_a_label(lang: str) -> None:
    for table in template.TABLES:
        for version in template.LAYOUTS:
            lay = template.layout(table, version)
            for line in (*lay.rows, *lay.columns):
                shown = messages.line_label(table, version, line, lang)
                assert shown and shown != line.label, (lang, table, version, line.key)
    for group in template.SUBTOTAL_KEYS:
        assert messages.catalogue(lang).get(f"subtotal.{group}"), (lang, group)


@pytest.mark.parametrize("lang", messages.LANGS)
def test_every_statement_kind_and_table_is_named(lang: str) -> None:
    for kind in template.STATEMENT_KINDS:
        assert messages.text(f"claim.{kind}", lang)
    for table in template.TABLES:
        assert messages.table_name(table, lang)


@pytest.mark.parametrize(("row", "column", "lang", "expected"), [
    ("denied.state_secret", "natural_person", "zh", "（三）不予公开1.属于国家秘密/自然人"),
    ("denied.state_secret", "natural_person", "en", "(3) denied: state secret/natural persons"),
    ("denied", "total", "zh", "（三）不予公开（小计）/总计"),
    ("denied", "total", "en", "(3) denied subtotal/total"),
    ("total_handled", None, "en", "(7) total handled"),
])
def test_labels(row: str, column: str | None, lang: str, expected: str) -> None:
    assert messages.label(template.APPLICATIONS, "2021", row, column, lang) == expected


def test_a_2019_row_is_no_subtotal() -> None:
    """（六）其他处理 is a row of the 2019 layout (no items), a group's subtotal in the 2021 one."""
    assert messages.label(template.APPLICATIONS, "2019", "other", "natural_person", "zh") == "（六）其他处理/自然人"
    assert messages.label(template.APPLICATIONS, "2021", "other", "total", "zh") == "（六）其他处理（小计）/总计"


def test_layout_specific_label() -> None:
    for version, expected in (("2021", "decisions this year"), ("2019", "decisions")):
        line = template.layout(template.ACTIVE_DISCLOSURE, version).column("decisions")
        assert messages.line_label(template.ACTIVE_DISCLOSURE, version, line, "en") == expected


def test_missing_key_falls_back_to_chinese(monkeypatch) -> None:
    monkeypatch.setitem(messages.catalogue("en"), "report.ok", "")
    assert messages.text("report.ok", "en") == "未发现问题"


def test_no_language_branch_outside_the_catalogues() -> None:
    """A third language must touch one file: no code compares ``lang`` to a language."""
    pattern = re.compile(r"""lang\s*[!=]=\s*["']|["'](?:zh|en)["']\s*[!=]=\s*lang""")
    offenders = []
    for path in (ROOT / "validator").rglob("*.py"):
        if path.parent.name == "messages":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
