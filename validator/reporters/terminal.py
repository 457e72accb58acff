"""Terminal output with rich: each table drawn with failing cells highlighted, then findings.

Every string that came from a document is shown as plain text (never as markup) with
control characters removed, so a report cannot drive the terminal.
"""

from __future__ import annotations

import re
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from validator import messages, template
from validator.messages import line_label, table_name, text
from validator.model.findings import Finding, fmt
from validator.model.report import PLACEHOLDER, VALUE, Cell, Report
from validator.model.results import DocumentResult, Results
from validator.reporters.marks import cell_marks

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
MARK = {"error": "✗", "warning": "!", "info": "i"}

def clean(text: str | None) -> str:
    """Document text made safe for a terminal."""
    return _CONTROL.sub("", text or "")


def render(results: Results, out: TextIO, lang: str = "zh", tables: str = "findings") -> None:
    """``tables``: draw the tables that have findings (``findings``; in a batch, none),
    every table read (``all``), or none (``none``)."""
    console = Console(file=out, highlight=False, soft_wrap=False,
                      width=None if out.isatty() else 160)
    single = len(results.documents) == 1
    if not single and tables == "findings":
        tables = "none"
    for doc in results.documents:
        _document(console, doc, lang, tables, single)
    if not single:
        console.print(_batch_summary(results, lang))
    for note in results.note_texts(lang):
        console.print(Text(f"i {clean(note)}", style="cyan"))
    _summary(console, results, lang)


def _document(console: Console, doc: DocumentResult, lang: str, tables: str,
              single: bool) -> None:
    if doc.report is None:
        console.print(Text.assemble((f"✗ {clean(doc.path)}", "bold red"),
                                    f": {text('report.unreadable', lang)}: {clean(doc.reason(lang))}"))
        return
    rep = doc.report
    head = Text(clean(doc.path), style="bold")
    meta = " ".join(str(x) for x in (clean(rep.agency), rep.year) if x)
    if meta:
        head.append(f"  {meta}")
    lays = text("list.sep", lang).join(text("report.table_layout", lang, table=text(f"table_short.{n}", lang),
                                            layout=r.layout)
                                       for n, r in rep.tables.items() if n != template.REVIEW_LITIGATION and r.found)
    head.append(f"  ({text('report.layout', lang)}{lays})", style="dim")
    if not single and tables == "none":  # a batch: one line per document, then its findings
        mark = "✓" if not doc.findings else MARK[doc.findings[0].severity]
        console.print(Text(f"{mark} ", style=STYLE.get(doc.findings[0].severity, "green")
                           if doc.findings else "green") + head)
        for finding in doc.findings:
            _finding(console, finding, lang, excerpt=False)
        return
    console.rule(head)
    marks = cell_marks(doc.findings)
    flagged = {f.table for f in doc.findings}
    for name in template.TABLES:
        if tables == "all" or (tables == "findings" and name in flagged):
            console.print(_table(rep, name, marks, lang))
    grouped = set()
    for fix in doc.corrections():
        if len(fix.findings) > 1:  # one item per set of cells to correct
            _correction(console, rep, fix.changes, [doc.findings[i] for i in fix.findings], lang)
            grouped.update(fix.findings)
    for i, finding in enumerate(doc.findings):
        if i not in grouped:
            _finding(console, finding, lang)
    if not doc.findings:
        read = [r for r in rep.tables.values() if r.found]
        values = sum(c.status == VALUE for r in read for c in r.cells.values())
        console.print(Text(f"✓ {text('report.ok', lang)}", style="green"),
                      Text(text("report.read", lang, tables=len(read), cells=values), style="dim"))
    console.print()


def _table(rep: Report, name: str, marks: dict, lang: str) -> Table:
    res = rep.tables[name]
    lay = template.layout(name, res.layout)
    title = table_name(name, lang)
    if not res.found:
        title += text("table.not_found", lang)
    table = Table(title=title, title_justify="left", show_lines=False, header_style="bold")
    table.add_column("", max_width=36, no_wrap=True, overflow="ellipsis")
    for col in lay.columns:
        table.add_column(line_label(name, res.layout, col, lang), justify="right")
    for row in lay.rows:
        label = messages.label(name, res.layout, row.key, None, lang)
        whole = marks.get((name, row.key, "*"), (None, None))[0]
        cells = []
        for col in lay.columns:
            if col.key not in lay.columns_of(row.key):
                cells.append(Text(""))
                continue
            cell = res.cells[(row.key, col.key)]
            severity, suggested = marks.get((name, row.key, col.key), (whole, None))
            cells.append(_cell_text(cell, severity, suggested))
        table.add_row(Text(label, style=STYLE.get(whole or "", "")), *cells)
    return table


def _cell_text(cell: Cell, severity: str | None, suggested: float | None = None) -> Text:
    if cell.status == VALUE:
        text = fmt(cell.value)
    elif cell.status == PLACEHOLDER:
        text = clean(cell.raw) or "·"
    elif cell.status == "missing":
        text = ""
    else:
        text = "?"
    style = {"error": "bold white on red", "warning": "black on yellow", "info": "black on cyan",
             "suspect": "underline red"}.get(severity or "", "dim" if cell.status != VALUE else "")
    out = Text(text, style=style)
    if suggested is not None:
        out.append(f"→{fmt(suggested)}", style="bold green")
    return out


def _finding(console: Console, f: Finding, lang: str, excerpt: bool = True) -> None:
    line = Text(f"{MARK[f.severity]} {text('severity.' + f.severity, lang)} ", style=STYLE[f.severity])
    line.append(f"[{f.rule}] ", style="bold")
    line.append(clean(f.message(lang)))
    console.print(line)
    if f.location is not None:
        where = Text(f"    → {clean(f.location.short())}", style="dim")
        console.print(where)
    if f.excerpt and excerpt:
        console.print(Text(f"      {clean(f.excerpt)}", style="dim italic"))


def _correction(console: Console, rep: Report, changes: list, findings: list[Finding], lang: str) -> None:
    """One wrong cell (or set of cells): its consistent value, then the findings it explains."""
    from validator.checks.localize import describe

    worst = max(findings, key=lambda f: f.rank)
    line = Text(f"{MARK[worst.severity]} {text('severity.' + worst.severity, lang)} ", style=STYLE[worst.severity])
    line.append(text("correction.header", lang, fix=describe(rep, changes, lang), count=len(findings)), style="bold")
    console.print(line)
    for f in findings:
        item = Text("    · ", style="dim")
        item.append(f"[{f.rule}] ", style="bold")
        item.append(clean(f.bare(lang)))
        console.print(item)
        if f.location is not None:
            console.print(Text(f"      → {clean(f.location.short())}", style="dim"))


def _batch_summary(results: Results, lang: str) -> Table:
    """Documents read, unreadable, with errors/warnings; findings per rule."""
    docs = [d for d in results.documents if d.report is not None]
    table = Table(title=text("summary.title", lang), title_justify="left")
    table.add_column(text("summary.item", lang))
    table.add_column(text("summary.count", lang), justify="right")
    rows = [(text("summary.documents", lang), len(results.documents)),
            (text("summary.unreadable", lang), results.unreadable),
            (text("summary.with_errors", lang),
             sum(any(f.severity == "error" for f in d.findings) for d in docs)),
            (text("summary.warnings_only", lang),
             sum(bool(d.findings) and all(f.severity != "error" for f in d.findings) for d in docs)),
            (text("summary.clean", lang), sum(not d.findings for d in docs))]
    per_rule: dict[str, int] = {}
    for d in docs:
        for f in d.findings:
            per_rule[f.rule] = per_rule.get(f.rule, 0) + 1
    for label, n in rows:
        table.add_row(label, str(n))
    for rule, n in sorted(per_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(f"  {rule}", str(n))
    return table


def _summary(console: Console, results: Results, lang: str) -> None:
    s = results.summary()
    parts = [f"{s['documents']} {text('report.documents', lang)}",
             f"{s['errors']} {text('severity.error', lang)}", f"{s['warnings']} {text('severity.warning', lang)}",
             f"{s['infos']} {text('severity.info', lang)}"]
    if s["unreadable"]:
        parts.append(f"{s['unreadable']} {text('report.unreadable', lang)}")
    if s["suppressed"]:
        parts.append(f"{s['suppressed']} {text('report.suppressed', lang)}")
    if s["cells_to_correct"]:
        parts.append(text("report.cells_to_correct", lang, count=s["cells_to_correct"]))
    style = "bold red" if results.exit_code else "bold green"
    console.print(Text(" · ".join(parts), style=style))
