"""One self-contained HTML file: every table drawn in the template's layout, failing cells
highlighted with the consistent value beside them, findings linking to their cells.

Everything that came from a document is escaped, and a Content-Security-Policy forbids
scripts, so a crafted report cannot run code in the reader's browser.
"""

from __future__ import annotations

from html import escape
from typing import TextIO

from validator import __version__, messages, template
from validator.checks.localize import describe
from validator.messages import line_label, table_name, text
from validator.model.findings import fmt
from validator.model.report import PLACEHOLDER, VALUE, Report
from validator.model.results import DocumentResult, Results
from validator.reporters.marks import cell_marks

CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
table.template{border-collapse:collapse;margin:1em 0;font-size:13px}
table.template th,table.template td{border:1px solid #999;padding:3px 6px}
table.template td{text-align:right;min-width:2.5em}
table.template th.label{text-align:left;font-weight:normal;max-width:28em}
td.blank{color:#999}td.unknown{background:#eee;color:#777}
td.error{background:#d93025;color:#fff;font-weight:bold}
td.warning{background:#f9ab00}td.suspect{outline:3px dashed #d93025}
span.suggest{display:block;font-size:11px;font-weight:normal;background:#fff;color:#1e8e3e}
ol.findings li{margin:.4em 0}li.error{color:#a50e0e}li.warning{color:#8a5a00}
.loc{color:#666;font-size:12px}.summary{font-size:15px}
table.index{border-collapse:collapse;margin:1em 0}table.index td,table.index th{border:1px solid #ccc;padding:2px 8px}
table.index td+td{text-align:right}tr.error td:first-child{border-left:4px solid #d93025}
tr.warning td:first-child{border-left:4px solid #f9ab00}tr.unreadable{background:#fce8e6}
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'"


def _id(doc: int, table: str, row: str, col: str) -> str:
    return f"d{doc}-{table}-{row}-{col}".replace(".", "_")


def render(results: Results, out: TextIO, lang: str = "zh", tables: str = "findings") -> None:
    s = results.summary()
    parts = [
        "<!DOCTYPE html>", f'<html lang="{lang}"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        f"<title>gkcheck {escape(__version__)}</title><style>{CSS}</style></head><body>",
        "<h1>gkcheck</h1>",
        f'<p class="summary">{escape(text("summary.line", lang, **s))}</p>',
    ]
    if len(results.documents) > 1:
        parts.append(_index(results, lang))
    for n, doc in enumerate(results.documents):
        parts.append(_document(n, doc, lang))
    parts.append("</body></html>")
    out.write("\n".join(parts))


def _index(results: Results, lang: str) -> str:
    """A batch's documents, worst first (unreadable, then by errors and warnings), linked."""
    def counts(doc: DocumentResult) -> tuple[int, int, int]:
        found = [f.severity for f in doc.findings]
        return found.count("error"), found.count("warning"), found.count("info")

    order = sorted(range(len(results.documents)),
                   key=lambda n: (results.documents[n].error is None, *(-c for c in counts(results.documents[n]))))
    heads = "".join(f"<th>{escape(text(k, lang))}</th>" for k in
                    ("summary.document", "severity.error", "severity.warning", "severity.info"))
    rows = []
    for n in order:
        doc = results.documents[n]
        link = f'<a href="#d{n}">{escape(doc.path)}</a>'
        if doc.error is not None:
            rows.append(f'<tr class="unreadable"><td>{link}</td><td colspan="3">'
                        f'{escape(text("report.unreadable", lang))}: {escape(doc.reason(lang))}</td></tr>')
            continue
        e, w, i = counts(doc)
        cls = "error" if e else "warning" if w else "clean"
        rows.append(f'<tr class="{cls}"><td>{link}</td><td>{e}</td><td>{w}</td><td>{i}</td></tr>')
    return f'<table class="index"><tr>{heads}</tr>' + "".join(rows) + "</table>"


def _document(n: int, doc: DocumentResult, lang: str) -> str:
    head = f'<section class="document" id="d{n}"><h2>{escape(doc.path)}'
    if doc.report is None:
        return head + f'</h2><p class="unreadable">{escape(doc.reason(lang))}</p></section>'
    rep = doc.report
    meta = " ".join(str(x) for x in (rep.agency, rep.year) if x)
    out = [head + (f" — {escape(meta)}" if meta else "") + "</h2>"]
    marks = cell_marks(doc.findings)
    out.append(_active(n, rep, marks, lang))
    out.append(_applications(n, rep, marks, lang))
    out.append(_review(n, rep, marks, lang))
    out.append('<ol class="findings">')
    grouped: set[int] = set()
    for fix in doc.corrections():
        if len(fix.findings) > 1:  # one item per set of cells to correct
            mine = [doc.findings[i] for i in fix.findings]
            worst = max(mine, key=lambda f: f.rank).severity
            header = text("correction.header", lang, fix=describe(rep, fix.changes, lang), count=len(mine))
            items = "".join(_item(n, f, lang, bare=True) for f in mine)
            out.append(f'<li class="{worst} correction"><strong>{escape(header)}</strong><ul>{items}</ul></li>')
            grouped.update(fix.findings)
    out.extend(_item(n, f, lang) for i, f in enumerate(doc.findings) if i not in grouped)
    out.append("</ol></section>")
    return "\n".join(out)


def _item(n: int, f, lang: str, bare: bool = False) -> str:
    target = f.cells[0] if f.cells else None
    link = (f'<a href="#{_id(n, target.table, target.row, target.column)}">{escape(f.rule)}</a>'
            if target else escape(f.rule))
    where = f' <span class="loc">{escape(f.location.short())}</span>' if f.location else ""
    return f'<li class="{f.severity}">{link}: {escape(f.bare(lang) if bare else f.message(lang))}{where}</li>'


def _cell(n: int, rep: Report, table: str, row: str, col: str, marks: dict) -> str:
    cell = rep.tables[table].cells[(row, col)]
    if cell.status == VALUE:
        text, cls = fmt(cell.value), ""
    elif cell.status == PLACEHOLDER:
        text, cls = cell.raw or "", "blank"
    else:
        text, cls = "?" if cell.status == "unreadable" else "", "unknown"
    mark, suggested = marks.get((table, row, col)) or marks.get((table, row, "*")) or (None, None)
    mark = "warning" if mark == "info" else mark
    classes = " ".join(c for c in ("cell", cls, mark) if c)
    extra = f'<span class="suggest">→ {fmt(suggested)}</span>' if suggested is not None else ""
    title = f' title="{escape(cell.loc.short())}"' if cell.loc else ""
    return (f'<td id="{_id(n, table, row, col)}" class="{classes}" data-row="{escape(row)}" '
            f'data-col="{escape(col)}"{title}>{escape(text)}{extra}</td>')


def _caption(table: str, lang: str, rep: Report) -> str:
    found = "" if rep.tables[table].found else text("table.not_found", lang)
    return f"<caption>{escape(table_name(table, lang) + found)}</caption>"


def _label(table: str, version: str, row: str, lang: str) -> str:
    return escape(messages.label(table, version, row, None, lang))


def _active(n: int, rep: Report, marks: dict, lang: str) -> str:
    res = rep.tables[template.ACTIVE_DISCLOSURE]
    lay = template.layout(template.ACTIVE_DISCLOSURE, res.layout)
    rows = [f'<table class="template" data-table="{template.ACTIVE_DISCLOSURE}">',
            _caption(template.ACTIVE_DISCLOSURE, lang, rep)]
    group = None
    for row in lay.rows:
        cols = lay.columns_of(row.key)
        if row.group != group:
            group = row.group
            heads = "".join(f"<th>{escape(line_label(lay.table, lay.version, lay.column(c), lang))}</th>"
                            for c in cols)
            rows.append(f'<tr><th colspan="4">{escape(group or "")}</th></tr>'
                        f'<tr><th>{template.CONTENT}</th>{heads}</tr>')
        cells = "".join(_cell(n, rep, template.ACTIVE_DISCLOSURE, row.key, c, marks) for c in cols)
        label = _label(template.ACTIVE_DISCLOSURE, res.layout, row.key, lang)
        rows.append(f'<tr><th class="label">{label}</th>{cells}</tr>')
    return "\n".join([*rows, "</table>"])


def _applications(n: int, rep: Report, marks: dict, lang: str) -> str:
    name = template.APPLICATIONS
    res = rep.tables[name]
    lay = template.layout(name, res.layout)
    col = {c.key: escape(line_label(name, lay.version, c, lang)) for c in lay.columns}
    rows = [f'<table class="template" data-table="{name}">', _caption(name, lang, rep),
            f'<tr><th rowspan="2" class="label">{template.APPLICATIONS_NOTE}</th>'
            f'<th rowspan="2">{col["natural_person"]}</th><th colspan="5">{template.ORGANISATIONS}</th>'
            f'<th rowspan="2">{col["total"]}</th></tr><tr>'
            + "".join(f"<th>{col[k]}</th>" for k in
                      ("commercial", "research", "social_welfare", "legal_services", "other_org"))
            + "</tr>"]
    for row in lay.rows:
        cells = "".join(_cell(n, rep, name, row.key, c.key, marks) for c in lay.columns)
        rows.append(f'<tr><th class="label">{_label(name, res.layout, row.key, lang)}</th>{cells}</tr>')
    return "\n".join([*rows, "</table>"])


def _review(n: int, rep: Report, marks: dict, lang: str) -> str:
    name = template.REVIEW_LITIGATION
    lay = template.layout(name, rep.tables[name].layout)
    words = "".join(f"<th>{escape(line_label(name, lay.version, c, lang))}</th>" for c in lay.columns)
    cells = "".join(_cell(n, rep, name, r, c, marks) for r, c in lay.cell_keys())
    return "\n".join([
        f'<table class="template" data-table="{name}">', _caption(name, lang, rep),
        f'<tr><th colspan="5">{template.REVIEW}</th><th colspan="10">{template.LITIGATION}</th></tr>',
        f'<tr><th colspan="5"></th><th colspan="5">{template.LITIGATION_DIRECT}</th>'
        f'<th colspan="5">{template.LITIGATION_AFTER_REVIEW}</th></tr>',
        f"<tr>{words * 3}</tr>", f"<tr>{cells}</tr>", "</table>"])
