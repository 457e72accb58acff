"""GitHub Actions workflow commands (``::error file=…``) plus a job summary.

GitHub shows at most 10 annotations of each type per step and 50 per job, so the most
important findings (errors first, then by position) are emitted up to those limits and a
notice says how many were left out. When ``$GITHUB_STEP_SUMMARY`` is set, a Markdown summary
is appended to it.
"""

from __future__ import annotations

import os
from typing import TextIO

from validator.messages import text
from validator.model.results import Results

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}
PER_TYPE, PER_JOB = 10, 50


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f, lang: str) -> str:
    props = [f"file={_prop(f.path)}"]
    loc = f.location
    if loc is not None and loc.line is not None:
        props.append(f"line={loc.line}")
        if loc.column:
            props += [f"col={loc.column}", f"endColumn={loc.end_column or loc.column}"]
    props.append(f"title={_prop(f.rule)}")
    return f"::{COMMAND[f.severity]} {','.join(props)}::{_data(f.message(lang))}"


def render(results: Results, out: TextIO, lang: str = "zh", tables: str = "findings") -> None:
    findings = sorted((f for d in results.documents for f in d.findings),
                      key=lambda f: (-f.rank, f.path, f.location.line if f.location and f.location.line else 0))
    counts = dict.fromkeys(COMMAND, 0)
    shown = 0
    for f in findings:
        if counts[f.severity] >= PER_TYPE or shown >= PER_JOB - 1:
            continue
        counts[f.severity] += 1
        shown += 1
        out.write(annotation(f, lang) + "\n")
    for doc in results.documents:
        if doc.error:
            title = _prop(text("report.unreadable", lang))
            out.write(f"::error file={_prop(doc.path)},title={title}::{_data(doc.reason(lang))}\n")
    if len(findings) > shown:
        out.write(f"::notice title=gkcheck::{_data(text('note.not_annotated', lang, count=len(findings) - shown))}\n")
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(summary(results, lang))


def summary(results: Results, lang: str) -> str:
    s = results.summary()
    heads = (text(f"summary.{k}", lang) for k in ("document", "errors", "warnings", "first_finding"))
    lines = ["## gkcheck", "", text("summary.line", lang, **s), "",
             "| " + " | ".join(heads) + " |", "|---|---|---|---|"]
    for doc in results.documents:
        if doc.error:
            lines.append(f"| `{_md(doc.path)}` | {text('report.unreadable', lang)} | | {_md(doc.reason(lang))} |")
            continue
        errors = sum(f.severity == "error" for f in doc.findings)
        warnings = sum(f.severity == "warning" for f in doc.findings)
        first = _md(doc.findings[0].message(lang)) if doc.findings else "✓"
        lines.append(f"| `{_md(doc.path)}` | {errors} | {warnings} | {first} |")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").replace("`", "'")
