"""What the free-text parts (五, 六) say, evaluated with pandera over one frame with a row per
report and part (``match.parts``): too little text, a topic not mentioned, or a statement of
"none" while the table counts some.

A part whose heading is not found gives no finding here (``structure.sections`` says it is
missing); a part whose end is unknown (no next heading, no signature) is not judged too short.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from validator.checks.context import Context, finding
from validator.checks.validation import failures
from validator.model.findings import Finding
from validator.model.report import VALUE, Report
from validator.rulebook.specs import Rule

KINDS = ("part-substance", "part-mentions", "part-contradicts")
_COLUMNS = ["doc", "part", "closed", "sentences", "topics", "year", "counted"]


def parts(reports: list[Report], rules: list[Rule]) -> pd.DataFrame:
    """A row per report and free-text part found, with what the rules need of it."""
    cells = sorted({c for r in rules for c in r.options.get("cells", [])})
    rows = []
    for doc, rep in enumerate(reports):
        counted = _sum(rep, cells)
        for part, found in rep.meta.free_text.items():
            rows.append({"doc": doc, "part": part, "closed": found.closed, "sentences": found.sentences,
                         "topics": frozenset(found.topics), "year": rep.year, "counted": counted})
    return pd.DataFrame(rows, columns=_COLUMNS)


def _sum(rep: Report, cells: list[str]) -> float:
    """The sum of the named cells (``table/row/column``) that hold a number; 0 when none does."""
    total = 0.0
    for key in cells:
        table, row, col = key.split("/")
        res = rep.tables.get(table)
        cell = res.cells.get((row, col)) if res is not None and res.found else None
        if cell is not None and cell.status == VALUE and cell.value is not None:
            total += cell.value
    return total


def _test(rule: Rule) -> Callable[[pd.DataFrame], pd.Series]:
    """True where the rule holds (or does not apply) for the row."""
    o = rule.options
    part = o["part"]

    def applies(d: pd.DataFrame) -> pd.Series:
        since = o.get("from-year")
        dated = d["year"].notna() & (d["year"] >= since) if since else pd.Series(True, index=d.index)
        return (d["part"] == part) & dated

    if rule.check == "part-substance":
        return lambda d: ~applies(d) | ~d["closed"] | (d["sentences"] >= o["min-sentences"])
    topic = o["topic"]
    mentions = lambda d: d["topics"].map(lambda t: topic in t).astype(bool)  # noqa: E731
    if rule.check == "part-mentions":
        return lambda d: ~applies(d) | mentions(d)
    return lambda d: ~applies(d) | ~mentions(d) | (d["counted"] <= 0)  # part-contradicts


def run(ctx: Context, rules: list[Rule]) -> None:
    frame = parts(ctx.reports, rules)
    chosen = {r.name: r for r in rules}
    for name, _, row in failures(frame, {n: _test(r) for n, r in chosen.items()}):
        doc = int(row["doc"])
        ctx.out[doc].append(_finding(chosen[name], ctx.reports[doc], row))


def _finding(rule: Rule, rep: Report, row: pd.Series) -> Finding:
    found = rep.meta.free_text[row["part"]]
    sentences, counted = int(row["sentences"]), int(row["counted"])
    actual = sentences if rule.check == "part-substance" else (counted if rule.check == "part-contradicts" else None)
    return finding(rule, rep, lambda lang: {"part": row["part"], "sentences": sentences, "counted": counted,
                                             "excerpt": found.excerpt},
                   actual=actual, excerpt=found.excerpt, location=found.loc)
