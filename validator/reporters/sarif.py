"""SARIF 2.1.0 for code-scanning dashboards.

Rule metadata sits in ``tool.driver.rules``; each finding becomes a result whose
``partialFingerprints`` come from semantic keys (document identity, rule, table, row, column),
so a finding keeps its identity when lines move. Cells are logical locations
``table/row/column``; unreadable inputs are tool execution notifications.
"""

from __future__ import annotations

import json
from typing import TextIO

from validator import __version__, rulebook
from validator.model.findings import fingerprint, value
from validator.model.results import Results

LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _rule(r) -> dict:
    return {
        "id": r.name,
        "name": "".join(p.capitalize() for p in r.name.replace("-", ".").split(".")),
        "shortDescription": {"text": r.title},
        "fullDescription": {"text": r.description},
        "defaultConfiguration": {"level": LEVEL[r.severity]},
        "properties": {"category": r.category, "tags": sorted({r.category, r.group})},
    }


def _region(loc) -> dict | None:
    if loc is None or loc.line is None:
        return None
    region = {"startLine": loc.line}
    if loc.column:
        region["startColumn"] = loc.column
        region["endColumn"] = (loc.end_column or loc.column) + 1
    return region


def _result(doc, f, index: dict[str, int], lang: str) -> dict:
    physical: dict = {"artifactLocation": {"uri": doc.path}}
    region = _region(f.location)
    if region:
        physical["region"] = region
    location: dict = {"physicalLocation": physical}
    if f.table:
        name = "/".join(p for p in (f.table, f.row, f.column) if p)
        location["logicalLocations"] = [{"name": name, "kind": "element"}]
    props = {"table": f.table, "row": f.row, "column": f.column, "category": f.category,
             "expected": value(f.expected), "actual": value(f.actual),
             "fixes": [[c.to_dict() for c in fix] for fix in f.fixes]}
    if f.location is not None:
        props["location"] = f.location.to_dict()
    return {
        "ruleId": f.rule, "ruleIndex": index[f.rule], "level": LEVEL[f.severity],
        "message": {"text": f.message(lang)}, "locations": [location],
        "partialFingerprints": {"gkcheck/v1": fingerprint(doc.report.identity, f)},
        "properties": props,
    }


def payload(results: Results, lang: str = "zh") -> dict:
    rules = list(results.rules or rulebook.load())
    index = {r.name: i for i, r in enumerate(rules)}
    out: list[dict] = []
    notes: list[dict] = []
    for doc in results.documents:
        if doc.report is None:
            notes.append({"level": "error", "message": {"text": f"{doc.path}: {doc.reason(lang)}"},
                          "locations": [{"physicalLocation": {"artifactLocation": {"uri": doc.path}}}]})
            continue
        out.extend(_result(doc, f, index, lang) for f in doc.findings)
    return {
        "$schema": SCHEMA, "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "gkcheck", "version": __version__,
                                "informationUri": "https://pypi.org/project/gkcheck/",
                                "rules": [_rule(r) for r in rules]}},
            "invocations": [{"executionSuccessful": not notes,
                             "toolExecutionNotifications": notes}],
            "results": out,
        }],
    }


def render(results: Results, out: TextIO, lang: str = "zh", tables: str = "findings") -> None:
    json.dump(payload(results, lang), out, ensure_ascii=False, indent=2)
    out.write("\n")
