"""Document-level structure rules, evaluated with pandera over one frame of document metadata
(a row per report): the six sections, the stated number of parts, the publication date, the
period against the year, the layout against the year."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from validator import messages, template
from validator.checks.context import Context, finding
from validator.checks.validation import failures
from validator.messages import text
from validator.model.findings import Finding
from validator.model.report import VALUE, Report
from validator.rulebook.specs import Rule

KINDS = ("sections", "part-count", "publication-date", "period-year", "layout-year", "filled", "identified")
SECTIONS = "一二三四五六"
def documents(reports: list[Report]) -> pd.DataFrame:
    rows = []
    for rep in reports:
        app = rep.tables.get(template.APPLICATIONS)
        act = rep.tables.get(template.ACTIVE_DISCLOSURE)
        parts = rep.meta.parts or (None, None, None, None)
        rows.append({
            "year": rep.year, "period_year": rep.meta.period_year,
            "sections": "".join(rep.sections),
            "anywhere": rep.meta.headings_anywhere,
            "layout_app": app.layout if app and app.found else None,
            "layout_active": act.layout if act and act.found else None,
            "parts": parts[0], "parts_items": parts[1], "parts_named": parts[2],
            "published": rep.meta.published,
            "deadline": template.publication_deadline(rep.agency, rep.year) if rep.year else None,
            "numbers": sum(c.status == VALUE for t in rep.tables.values() if t.found for c in t.cells.values()),
            "agency": rep.agency,
        })
    return pd.DataFrame(rows, columns=["year", "period_year", "sections", "anywhere", "layout_app",
                                       "layout_active", "parts", "parts_items", "parts_named", "published",
                                       "deadline", "numbers", "agency"])


def _expected_layout(year) -> str | None:
    if year is None or year != year:
        return None
    return "2019" if year <= 2020 else "2021"


STRUCTURE_CHECKS: dict[str, Callable[[pd.DataFrame], pd.Series]] = {
    "publication-date": lambda d: d["published"].isna() | d["deadline"].isna()
    | (d["published"] <= d["deadline"]),
    "sections": lambda d: (d["sections"] == SECTIONS),
    "period-year": lambda d: d["period_year"].isna() | d["year"].isna()
    | (d["period_year"] == d["year"]),
    "layout-year": lambda d: pd.Series([
        all(not isinstance(lay, str) or _expected_layout(y) in (None, lay) for lay in (a, b))
        for y, a, b in zip(d["year"], d["layout_app"], d["layout_active"], strict=True)],
        index=d.index),
    # a template with no number in any table (only blanks and placeholders) is not a report yet
    "filled": lambda d: d["numbers"] > 0,
    "identified": lambda d: d["agency"].notna() & d["year"].notna(),
    # the intro's "由……等N部分组成": N agrees with the parts it lists (counted as items or as
    # template parts named) and, when all six headings are there, with six
    "part-count": lambda d: d["parts"].isna()
    | (((d["parts_items"] == d["parts"]) | (d["parts_named"] == d["parts"]))
       & ((d["anywhere"].str.len() < len(SECTIONS)) | (d["parts"] == len(SECTIONS)))),
}


def run(ctx: Context, rules: list[Rule]) -> None:
    if not rules:
        return
    frame = documents(ctx.reports)
    chosen = {r.name: r for r in rules}
    for name, doc, row in failures(frame, {n: STRUCTURE_CHECKS[r.check] for n, r in chosen.items()}):
        ctx.out[doc].extend(_structure_findings(chosen[name], ctx.reports[doc], row))


def _structure_findings(rule: Rule, rep: Report, row: pd.Series) -> list[Finding]:
    if rule.check == "filled":
        found = sum(t.found for t in rep.tables.values())
        return [finding(rule, rep, lambda lang: {"tables": found})]
    if rule.check == "identified":
        absent = [k for k, v in (("agency", rep.agency), ("year", rep.year)) if not v]
        return [finding(rule, rep, lambda lang: {"missing": "、".join(text(f"identity.{k}", lang) for k in absent)})]
    if rule.check == "sections":
        missing = "".join(n for n in SECTIONS if n not in row["anywhere"])
        disorder = "".join(n for n in SECTIONS if n in row["anywhere"] and n not in row["sections"])
        return [finding(rule, rep, lambda lang: {"missing": missing or text("sections.none", lang),
                                                  "disorder": disorder or text("sections.none", lang)})]
    if rule.check == "part-count":
        stated, listed = int(row["parts"]), int(row["parts_items"])
        sentence = (rep.meta.parts or (0, 0, 0, ""))[3]
        return [finding(rule, rep, lambda lang: {"actual": stated, "listed": listed,
                                                  "headings": len(row["anywhere"]),
                                                  "sentence": sentence[:160]},
                         actual=stated, excerpt=sentence)]
    if rule.check == "publication-date":
        published, deadline = row["published"], row["deadline"]
        return [finding(rule, rep, lambda lang: {"actual": published, "expected": deadline},
                         actual=published, expected=deadline)]
    if rule.check == "period-year":
        exp, act = int(row["year"]), int(row["period_year"])
        return [finding(rule, rep, lambda lang: {"expected": exp, "actual": act},
                         expected=exp, actual=act)]
    out = []
    expected = _expected_layout(row["year"])
    for table, layout in ((template.APPLICATIONS, row["layout_app"]),
                          (template.ACTIVE_DISCLOSURE, row["layout_active"])):
        if not isinstance(layout, str) or layout == expected:  # None, or NaN in a frame of many
            continue

        def fields(lang: str, table=table, layout=layout) -> dict:
            return {"year": int(row["year"]), "table": messages.table_name(table, lang), "actual": layout,
                    "expected": expected}

        out.append(finding(rule, rep, fields, table=table, location=rep.tables[table].loc))
    return out


