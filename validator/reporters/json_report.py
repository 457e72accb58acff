"""JSON output (schema_version 1): the contract CI systems and researchers parse.

Example::

    {"schema_version": 1, "tool": {"name": "gkcheck", "version": "0.3.0"},
     "documents": [{"path": "r.txt", "agency": "…", "year": 2021, "published": "2022-01-20",
                    "layouts": {"applications": "2021", …},
                    "tables": {"applications": {"new_received": {"natural_person": 60, …}, …}, …},
                    "findings": [{"rule": "applications.balance", …}],
                    "ocr": {"engine": "rapidocr 3.10.0", "pages": 3, "dpi": 200,   # scans only;
                            # "page_numbers": [2] (a text PDF's picture pages), "pictures": [22]
                            # (paragraphs of a Word document's pictures, source lines of a
                            # web page's); "pages": images read
                            "cells": [{"table": …, "row": …, "column": …, "confidence": 0.998,
                                       "verified": true, "doubtful": false}, …]}}],
     "summary": {"documents": 1, "unreadable": 0, "errors": 0, "warnings": 1, "infos": 0}}
"""

from __future__ import annotations

import json
from typing import TextIO

from validator import __version__, template
from validator.model.findings import number
from validator.model.report import Report, shown_values
from validator.model.results import DocumentResult, Results

SCHEMA_VERSION = 1


def document(doc: DocumentResult, lang: str) -> dict:
    if doc.report is None:
        return {"path": doc.path, "error": doc.reason(lang), "findings": []}
    rep = doc.report
    out = {
        "path": doc.path, "agency": rep.agency, "year": rep.year,
        "published": rep.meta.published,
        "layouts": {t: r.layout for t, r in rep.tables.items() if t != template.REVIEW_LITIGATION},
        "tables": {name: tables(rep, name) for name in template.TABLES},
        "findings": [f.to_dict(lang) for f in doc.findings],
        "corrections": [{"changes": [c.to_dict() for c in fix.changes], "findings": fix.findings}
                        for fix in doc.corrections()],
        "suppressed": [{"rule": f.rule, "table": f.table, "row": f.row, "column": f.column,
                        "why": why} for f, why in doc.suppressed],
    }
    if rep.meta.ocr is not None:  # read by OCR: which cells, how sure, whether the sums confirm them
        out["ocr"] = rep.meta.ocr
    return out


def tables(rep: Report, name: str) -> dict:
    res = rep.tables[name]
    lay = template.layout(name, res.layout)
    shown = shown_values(res.cells)
    return {row.key: {col: number(shown[(row.key, col)]) for col in lay.columns_of(row.key)}
            for row in lay.rows}


def payload(results: Results, lang: str = "zh") -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "gkcheck", "version": __version__},
        "documents": [document(d, lang) for d in results.documents],
        "notes": results.note_texts(lang),
        "summary": results.summary(),
    }


def render(results: Results, out: TextIO, lang: str = "zh", tables: str = "findings") -> None:
    """The payload, written one document at a time (a batch of 100k reports never sits in
    memory as one JSON tree; in a batch each document is one compact line); same content as
    ``json.dumps(payload(...))``."""
    head = {"schema_version": SCHEMA_VERSION, "tool": {"name": "gkcheck", "version": __version__}}
    out.write(json.dumps(head, ensure_ascii=False, indent=2)[:-2] + ',\n  "documents": [')
    batch = len(results.documents) > 1  # one compact line per document (C encoder: fast)
    for i, doc in enumerate(results.documents):
        if batch:
            text = json.dumps(document(doc, lang), ensure_ascii=False, separators=(",", ":"))
        else:
            text = json.dumps(document(doc, lang), ensure_ascii=False, indent=2)
        out.write(("," if i else "") + "\n    " + text.replace("\n", "\n    "))
    tail = json.dumps({"notes": results.note_texts(lang), "summary": results.summary()}, ensure_ascii=False,
                      indent=2)
    out.write(("\n  ]," if results.documents else "],") + tail[1:] + "\n")
