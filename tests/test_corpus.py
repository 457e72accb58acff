"""Real reports (../shared): every cell as labelled, exactly the labelled violations."""

from __future__ import annotations

import json
import re

import pytest
from conftest import SHARED, shared

from validator import readers, template
from validator.run import pipeline
from validator.template import APPLICATIONS, REVIEW_LITIGATION

LABELS = sorted((SHARED / "corpus" / "labels").glob("*.json")) if SHARED.exists() else []
CASES = [("seed", "000_738379a6928fcae8.txt", "000_738379a6928fcae8.label.json")] + [
    ("corpus", json.loads(p.read_text(encoding="utf-8"))["file"], p.name) for p in LABELS
]
# label violation wording (a fragment of it) -> rule name
VIOLATION_RULES = {
    "sum of (一)": "applications.outcome-total",
    "sum of six applicant": "applications.row-total",
    "一+二": "applications.balance",
    "sec4": "review-litigation.group-total",
}


def _paths(kind: str, report: str, label: str):
    if kind == "seed":
        return shared("seed", report), shared("seed", label)
    return shared("corpus", "reports", report), shared("corpus", "labels", label)


def _shown(cell) -> float | None:
    """A cell as the labels write it: the number, or null for a blank/placeholder."""
    return cell.value if cell.status == "value" else None


@pytest.mark.parametrize(("kind", "report", "label"), CASES, ids=[c[1] for c in CASES])
def test_real_report(kind: str, report: str, label: str) -> None:
    report_path, label_path = _paths(kind, report, label)
    if not readers.supported(report_path):
        pytest.skip(f"no reader for {report_path.suffix} yet")
    truth = json.loads(label_path.read_text(encoding="utf-8"))
    doc = pipeline.run([str(report_path)]).documents[0]
    assert doc.error is None, doc.error
    rep = doc.report
    app = rep.tables[APPLICATIONS]
    assert app.layout == truth["format"]
    lay = template.layout(APPLICATIONS, app.layout)
    assert len(truth["sec3"]) == len(lay.rows)
    for row, (path, values) in zip(lay.rows, truth["sec3"].items(), strict=True):
        got = [_shown(app.cells[(row.key, c.key)]) for c in lay.columns]
        assert got == values, f"{path}: {got} != {values}"
    rl = rep.tables[REVIEW_LITIGATION]
    got = [_shown(rl.cells[k]) for k in template.layout(REVIEW_LITIGATION, "2021").cell_keys()]
    assert got == truth["sec4"]
    _check_active(rep, truth.get("sec2", {}), doc.findings)
    if "year" in truth:
        assert rep.year == truth["year"]
    _check_violations(truth["violations"], doc.findings, _ambiguous_rows(truth.get("sec2", {})))
    _check_narrative(truth.get("narrative_mismatches", []), doc.findings)


def _check_narrative(mismatches: list[dict], findings) -> None:
    """Every labelled prose/table mismatch is found (the claim's number against the table's);
    no other prose error."""
    want = {(float(re.findall(r"\d+", m["claim"])[-1]), float(m["table_value"])) for m in mismatches}
    got = {(f.actual, f.expected) for f in findings if f.category == "prose"}
    assert want <= got, f"missed {want - got}"
    errors = {(f.actual, f.expected) for f in findings if f.category == "prose" and f.severity == "error"}
    assert errors <= want, f"prose errors not in the label: {errors - want}"


def _label_rows(sec2: dict):
    """(row label, {column label: value}, ambiguous) from either label format of section 二."""
    if "rows" in sec2:
        for row in sec2["rows"]:
            cols = {k: v for k, v in row.items() if k not in ("key", "label", "unit")}
            yield row["label"], cols, False
        return
    for items in sec2.values():
        for label, cols in items.items():
            values = {k: v for k, v in cols.items() if k not in ("raw", "ambiguous", "candidates")}
            yield label, values, bool(cols.get("ambiguous"))


def _ambiguous_rows(sec2: dict) -> set[str]:
    lay = {r.label: r.key for v in template.LAYOUTS
           for r in template.layout(template.ACTIVE_DISCLOSURE, v).rows}
    return {lay[label] for label, _, ambiguous in _label_rows(sec2) if ambiguous}


def _check_active(rep, sec2: dict, findings) -> None:
    """Section 二: unambiguous entries exact; ambiguous ones exact or left unread with a finding."""
    res = rep.tables[template.ACTIVE_DISCLOSURE]
    lay = template.layout(template.ACTIVE_DISCLOSURE, res.layout)
    by_label = {r.label: r for r in lay.rows}
    parse_rows = {f.row for f in findings if f.category == "parse"}
    for label, cols, ambiguous in _label_rows(sec2):
        row = by_label[label]
        for col_label, value in cols.items():
            col = next(c.key for c in lay.columns if c.label.startswith(col_label[:6]))
            cell = res.cells[(row.key, col)]
            if ambiguous and cell.status == "unreadable":
                assert row.key in parse_rows
                continue
            if isinstance(value, str):
                m = re.fullmatch(r"(-?[\d.]+)(\D*)", value)
                assert cell.unit == (m.group(2) or None), f"{label}/{col_label}: unit"
                value = float(m.group(1))
            assert cell.value == value, f"{label}/{col_label}: {cell.value} != {value}"


def _check_violations(violations: list[dict], findings, ambiguous: set[str]) -> None:
    expected = set()
    lay = template.layout(APPLICATIONS, "2021")
    for v in violations:
        text = v["rule"].replace("（", "(").replace("）", ")")
        rule = next((r for frag, r in VIOLATION_RULES.items() if frag in text), None)
        assert rule, f"unmapped label rule {v['rule']}"
        if "column" in v:
            expected.add((rule, next(c.key for c in lay.columns if c.label == v["column"])))
        else:
            label = v["row"].split("/")[-1]
            rows = template.layout(APPLICATIONS, "2019").rows + lay.rows
            expected.add((rule, next(r.key for r in rows if r.label == label)))
    arithmetic = {(f.rule, f.column or f.row) for f in findings if f.category == "arithmetic"}
    assert arithmetic == expected
    # no other error: the only others allowed are parse errors on rows the label calls ambiguous
    others = [f for f in findings if f.severity == "error" and f.category not in ("arithmetic", "prose")]
    assert all(f.category == "parse" and f.row in ambiguous for f in others), \
        [(f.rule, f.row, f.message()) for f in others]
