"""Tables and rows the template has and the report does not. A table not found (unless a parse
finding says it is there but unreadable): ``level: table``. A row not found: left out with no
number lost (``level: row-dropped``, a format deviation) or with numbers the reader could not
place (``level: row``)."""

from __future__ import annotations

import pandas as pd

from validator import template
from validator.checks.context import CellTest, Context, Fields, finding, label, table_name
from validator.messages import text
from validator.model.findings import Finding
from validator.model.report import ABSENT_ROW, MISSING, Report
from validator.rulebook.specs import Rule

KINDS = ("presence",)
TEST = "presence"


def cell_tests(rules: list[Rule]) -> dict[str, CellTest]:
    if not rules:
        return {}
    return {TEST: lambda d: (d["status"] != MISSING) & (d["placeholder"] != ABSENT_ROW)}


def run(ctx: Context, rules: list[Rule]) -> None:
    rows = ctx.failed.get(TEST)
    if rows is None:
        return
    by_level = {r.options["level"]: r for r in rules}
    for (doc, table), part in rows.groupby(["doc", "table"], sort=True):
        rep = ctx.reports[doc]
        res = rep.tables[table]
        if not res.found:
            rule = by_level.get("table")
            if rule and not any(i.table == table and i.code == "table-unreadable" for i in rep.issues):
                found = finding(rule, rep, _table_fields(table), table=table)
                unread = rep.meta.unread_pictures
                if unread:  # the table may be one of the pictures OCR did not read
                    found.hints = {lang: text(f"presence.unread_pictures_{unread['why']}", lang,
                                              count=unread["count"]) for lang in found.messages}
                elif rep.meta.split_pages:  # the table may be on the article's next page
                    found.hints = {lang: text("presence.split_pages", lang, pages=rep.meta.split_pages)
                                   for lang in found.messages}
                ctx.out[doc].append(_by_ocr(found, rep))
            continue
        _rows(ctx, by_level, doc, table, part)


def _rows(ctx: Context, by_level: dict[str, Rule], doc: int, table: str, part: pd.DataFrame) -> None:
    rep = ctx.reports[doc]
    res = rep.tables[table]
    absent = set(part.loc[part["placeholder"] == ABSENT_ROW, "row"])
    lay = template.layout(table, res.layout)
    for row in [r.key for r in lay.rows if r.key in set(part["row"])]:
        rule = by_level.get("row-dropped" if row in absent else "row")
        if not rule:
            continue

        def fields(lang: str, rep=rep, table=table, row=row) -> dict:
            return {"table": table_name(table, lang), "row": label(rep, table, row, None, lang)}

        ctx.out[doc].append(_by_ocr(finding(rule, rep, fields, table=table, row=row, location=res.loc), rep))


def _by_ocr(found: Finding, rep: Report) -> Finding:
    """A table or row not found in a document read by OCR: its heading or label may have been
    misread — said, so that the paper is checked before the publisher is blamed."""
    if rep.meta.ocr is not None and not found.hints:
        found.hints = {lang: text("presence.read_by_ocr", lang) for lang in found.messages}
    return found


def _table_fields(table: str) -> Fields:
    return lambda lang: {"table": table_name(table, lang)}
