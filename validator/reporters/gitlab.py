"""GitLab Code Quality report (a JSON array of issues with unique fingerprints)."""

from __future__ import annotations

import json
from typing import TextIO

from validator.model.findings import fingerprint
from validator.model.results import Results

SEVERITY = {"error": "critical", "warning": "minor", "info": "info"}


def payload(results: Results, lang: str = "zh") -> list[dict]:
    issues = []
    for doc in results.documents:
        if doc.report is None:
            issues.append({"type": "issue", "check_name": "gkcheck.unreadable",
                           "description": f"{doc.path}: {doc.reason(lang)}", "severity": "blocker",
                           "fingerprint": fingerprint(doc.path, None, "unreadable"),
                           "location": {"path": doc.path, "lines": {"begin": 1}}})
            continue
        for f in doc.findings:
            line = f.location.line if f.location and f.location.line else 1
            issues.append({
                "type": "issue", "check_name": f.rule, "description": f.message(lang),
                "categories": ["Bug Risk" if f.category == "arithmetic" else "Style"],
                "severity": SEVERITY[f.severity],
                "fingerprint": fingerprint(doc.report.identity, f, doc.path),
                "location": {"path": doc.path, "lines": {"begin": line}},
            })
    return issues


def render(results: Results, out: TextIO, lang: str = "zh", tables: str = "findings") -> None:
    json.dump(payload(results, lang), out, ensure_ascii=False, indent=2)
    out.write("\n")
