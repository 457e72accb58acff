"""Parse issues the match stage raised (a table or row that could not be read with certainty)
become findings of the ``parse`` rule whose ``issue`` option names them."""

from __future__ import annotations

from validator.checks.context import Context, finding, label, table_name
from validator.model.report import Issue, Report
from validator.rulebook.specs import Rule

KINDS = ("parse",)


def run(ctx: Context, rules: list[Rule]) -> None:
    by_code = {r.options["issue"]: r for r in rules}
    for doc, rep in enumerate(ctx.reports):
        for issue in rep.issues:
            rule = by_code.get(issue.code)
            if rule is not None:
                ctx.out[doc].append(finding(rule, rep, _fields(issue, rep), table=issue.table, row=issue.row,
                                            location=issue.loc, excerpt=issue.excerpt))


def _fields(issue: Issue, rep: Report):
    def fields(lang: str) -> dict:
        row = ""
        if issue.table and issue.row:
            row = label(rep, issue.table, issue.row, None, lang)
        elif issue.table:
            row = table_name(issue.table, lang)
        return {**issue.fields, "row": row, "table": table_name(issue.table, lang) if issue.table else ""}
    return fields
