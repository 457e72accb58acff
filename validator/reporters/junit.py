"""JUnit XML: one test suite per document, one test case per rule.

A case fails when a finding of its rule reaches ``--fail-on``; lower findings are listed in
``system-out``. An unreadable document is a suite with one erroring case.
"""

from __future__ import annotations

from typing import TextIO
from xml.etree import ElementTree as ET

from validator import rulebook
from validator.model.findings import SEVERITY_ORDER
from validator.model.results import Results


def _suite(doc, rules, results: Results, lang: str) -> ET.Element:
    suite = ET.Element("testsuite", name=doc.path)
    if doc.report is None:
        case = ET.SubElement(suite, "testcase", classname="gkcheck.read", name="read")
        ET.SubElement(case, "error", message=doc.reason(lang), type="unreadable").text = doc.reason(lang)
        suite.set("tests", "1")
        suite.set("errors", "1")
        suite.set("failures", "0")
        return suite
    floor = SEVERITY_ORDER.get(results.fail_on, 99)
    failures = 0
    for rule in rules:
        mine = [f for f in doc.findings if f.rule == rule.name]
        case = ET.SubElement(suite, "testcase", classname=f"gkcheck.{rule.group}", name=rule.name)
        failing = [f for f in mine if f.rank >= floor]
        if failing:
            failures += 1
            body = "\n".join(_line(f, lang) for f in failing)
            ET.SubElement(case, "failure", message=failing[0].message(lang),
                          type=rule.name).text = body
        elif mine:
            ET.SubElement(case, "system-out").text = "\n".join(_line(f, lang) for f in mine)
    suite.set("tests", str(len(rules)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    return suite


def _line(f, lang: str) -> str:
    where = f.location.short() if f.location else f.path
    return f"{f.severity}: {f.message(lang)} ({where})"


def render(results: Results, out: TextIO, lang: str = "zh", tables: str = "findings") -> None:
    rules = list(results.rules or rulebook.load())
    root = ET.Element("testsuites", name="gkcheck")
    suites = [_suite(d, rules, results, lang) for d in results.documents]
    root.extend(suites)
    for attr in ("tests", "failures", "errors"):
        root.set(attr, str(sum(int(s.get(attr, "0")) for s in suites)))
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
