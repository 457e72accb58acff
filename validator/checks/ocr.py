"""Every number read by OCR verified by the template's identities, or named.

The identities overlap, so almost every cell of a scanned table is checked by two or three
sums. For each table read by OCR (its cells' source spans carry confidences):

- **misread** (``ocr-misread``): identities fail, and a smallest correction that makes every
  identity hold changes only OCR cells, each to a reading OCR confuses with what it read (one
  digit for a look-alike — 0/8, 1/7, 3/8, 5/6 … —, a digit too many or too few, a lone digit
  not seen). The cells, what was read and the alternatives are named; the table's identity
  findings, all explained by the misreading, are withdrawn: they are not the publisher's.
  Where the publisher's own error leaves some identity broken whatever OCR read, a cell whose
  look-alike reading makes every identity through it hold — or, read with less than
  ``UNSURE`` confidence, one hold and none break — is named too, and only the findings it
  explains are withdrawn.
  When no plausible reading helps, the arithmetic findings stay.
- **unverified** (``ocr-unverified``): a cell whose least sure character is below the rule's
  ``min-confidence`` and that no identity holding over known cells confirms.

What was checked is kept on the report (``Meta.ocr["cells"]``) for the JSON and the dataset.
"""

from __future__ import annotations

import re

from validator import rulebook, template
from validator.checks.context import Context, finding, label, ref
from validator.checks.localize import Change, change, minimal_fixes
from validator.messages import text
from validator.model.findings import Finding, fmt
from validator.model.report import PLACEHOLDER, VALUE, Report
from validator.rulebook.specs import Rule
from validator.template import PLACEHOLDERS

KINDS = ("ocr-misread", "ocr-unverified")

# digits a recogniser takes for one another in print (both ways)
LOOK_ALIKE = {"0": "689", "1": "47", "2": "37", "3": "2589", "4": "19", "5": "3689", "6": "0589",
              "7": "12", "8": "03569", "9": "0358"}


def run(ctx: Context, rules: list[Rule]) -> None:
    misread = next((r for r in rules if r.check == "ocr-misread"), None)
    unverified = next((r for r in rules if r.check == "ocr-unverified"), None)
    for doc, rep in enumerate(ctx.reports):
        if rep.meta.ocr is None:
            continue
        cells = _ocr_cells(rep)
        if not cells:
            continue
        doubtful: set[tuple[str, str, str]] = set()
        for table in sorted({t for t, _, _ in cells}):
            fixes = _misreadings(rep, table, cells)
            explained, effect = _every_identity(rep, table), "ocr.all_hold"
            if not fixes:
                fixes, explained, effect = _cell_misreadings(rep, table, cells)
            if not fixes:
                continue
            doubtful.update((table, ch.row, ch.column) for fix in fixes for ch in fix)
            if misread is not None:
                ctx.out[doc] = [f for f in ctx.out[doc] if (f.rule, f.table, f.row, f.column) not in explained]
                ctx.out[doc].append(_misread_finding(misread, rep, table, fixes, effect))
        for table, fix in _points(rep, cells, doubtful):
            key = (table, fix.row, fix.column)
            doubtful.add(key)
            if misread is not None:  # its whole-number rule's finding is explained by the point
                ctx.out[doc] = [f for f in ctx.out[doc] if f.category != "format" or (f.table, f.row, f.column) != key]
                ctx.out[doc].append(_misread_finding(misread, rep, table, [[fix]], "ocr.point"))
        verified = _verified(rep)
        low = unverified.options.get("min-confidence", 0.9) if unverified else 0.0
        for key, conf in cells.items():
            if key in doubtful or key in verified or conf >= low:
                continue
            doubtful.add(key)
            if unverified is not None:
                ctx.out[doc].append(_unverified_finding(unverified, rep, key, conf))
        rep.meta.ocr = {**rep.meta.ocr, "cells": [
            {"table": t, "row": r, "column": c, "confidence": round(conf, 4),
             "verified": (t, r, c) in verified and (t, r, c) not in doubtful, "doubtful": (t, r, c) in doubtful}
            for (t, r, c), conf in cells.items()]}


def _ocr_cells(rep: Report) -> dict[tuple[str, str, str], float]:
    """Each cell read from OCR text, with its confidence (its least sure character)."""
    out: dict[tuple[str, str, str], float] = {}
    for name, res in rep.tables.items():
        for (row, column), cell in res.cells.items():
            if cell.span is None or cell.span.conf is None or cell.status not in (VALUE, PLACEHOLDER):
                continue
            conf = cell.span.confidence(cell.start, cell.end)
            out[(name, row, column)] = 1.0 if conf is None else conf
    return out


_FRACTION = re.compile(r"\d+\.\d+")


def _points(rep: Report, cells: dict, doubtful: set) -> list[tuple[str, Change]]:
    """OCR cells holding a fraction where the template wants a whole number (a count or a
    change): a speck read as a point; the reading without it."""
    out = []
    for table, row, column in cells:
        res = rep.tables[table]
        cell = res.cells[(row, column)]
        if (table, row, column) in doubtful or cell.status != VALUE or _FRACTION.fullmatch(cell.raw.strip()) is None:
            continue
        if template.layout(table, res.layout).kind(row, column) in ("count", "signed"):
            (whole,) = readings(cell.raw)  # the number without its point
            out.append((table, change(res, (row, column), whole)))
    return out


def readings(raw: str) -> set[float]:
    """The values OCR may have misread as ``raw``: one digit swapped for a look-alike, one
    digit dropped or doubled; a blank may hide a lone digit it did not see; a point may be a
    speck."""
    if _FRACTION.fullmatch(raw.strip()):  # a speck read as a point
        return {float(raw.strip().replace(".", ""))}
    digits = "".join(ch for ch in raw if ch.isdigit())
    if not digits or len(digits) != len(raw.strip()):
        return set(map(float, range(10))) if _blank(raw) else set()
    out: set[str] = set()
    for i, d in enumerate(digits):
        out.update(digits[:i] + other + digits[i + 1:] for other in LOOK_ALIKE[d])
        out.add(digits[:i] + digits[i + 1:])
        out.add(digits[:i] + d + digits[i:])
    return {float(v) for v in out if v and (len(v) == 1 or v[0] != "0")} - {float(digits)}


def _blank(raw: str) -> bool:
    """Nothing, a dash or a slash: where a lone digit may have gone unseen."""
    return PLACEHOLDERS.get(raw.strip()) in ("blank", "dash", "slash")


def _misreadings(rep: Report, table: str, cells: dict) -> list[list[Change]]:
    """The table's smallest corrections that change only OCR cells to plausible readings."""
    res = rep.tables[table]
    out = []
    for fix in minimal_fixes(rep, table):
        if all((table, ch.row, ch.column) in cells
               and ch.suggested in readings(res.cells[(ch.row, ch.column)].raw) for ch in fix):
            out.append(fix)
    return out


UNSURE = 0.95  # a cell read less surely than this may be misread though other sums fail too


def _cell_misreadings(rep: Report, table: str, cells: dict) -> tuple[list[list[Change]], set, str]:
    """Where no correction makes every identity hold (the publisher's own error breaks some
    too), single OCR cells with a look-alike reading that makes every identity through the
    cell hold — or, for a cell read less surely than ``UNSURE``, one identity hold and none
    break; each such cell a correction of its own, with the findings it explains and how much
    the readings make hold (a message key)."""
    res = rep.tables[table]
    ids = _evaluable(res)
    fixes: list[list[Change]] = []
    explained: set = set()
    partly = False
    for key in sorted({c for i in ids for c in i.cells if _residual(res, i) and (table, *c) in cells}):
        through = [i for i in ids if key in i.cells]
        before = [_residual(res, i) for i in through]
        unsure = cells[(table, *key)] < UNSURE
        for value in sorted(readings(res.cells[key].raw)):
            pairs = list(zip(before, [_residual(res, i, key, value) for i in through], strict=True))
            every = all(a == 0 for _, a in pairs)
            some = not any(b == 0 and a != 0 for b, a in pairs) and any(b != 0 and a == 0 for b, a in pairs)
            if every or (unsure and some):
                fixes.append([change(res, key, value)])
                explained |= {_key(i) for i, (_, a) in zip(through, pairs, strict=True) if a == 0}
                partly = partly or not every
    return fixes, explained, "ocr.some_hold" if partly else "ocr.cell_holds"


def _residual(res, ident, key=None, value: float | None = None) -> float:
    def val(c):
        return value if c == key else (res.cells[c].arithmetic or 0.0)
    return round(sum(val(c) for c in ident.stated) - sum(val(c) for c in ident.computed), 6)


def _key(ident) -> tuple:
    return (ident.rule.name, ident.table, ident.row, ident.column)


def _every_identity(rep: Report, table: str) -> set:
    """Every identity finding ``table`` may have (rule, table, row, column): a correction
    that makes every identity hold explains them all."""
    res = rep.tables[table]
    return {_key(i) for i in rulebook.identities(table, res.layout)}


def _verified(rep: Report) -> set[tuple[str, str, str]]:
    """Cells of an identity that holds over known cells: what the sums confirm."""
    out: set[tuple[str, str, str]] = set()
    for name, res in rep.tables.items():
        for ident in _evaluable(res):
            if _residual(res, ident) == 0:
                out.update((name, r, c) for r, c in ident.cells)
    return out


def _evaluable(res) -> list:
    """The table's identities over known cells only."""
    return [i for i in rulebook.identities(res.table, res.layout)
            if all(c in res.cells and res.cells[c].known for c in i.cells)]


def _misread_finding(rule: Rule, rep: Report, table: str, fixes: list[list[Change]], effect: str) -> Finding:
    first = fixes[0][0]
    cell = rep.tables[table].cells[(first.row, first.column)]

    def fields(lang: str) -> dict:
        return {"readings": text("fix.or", lang).join(
            "、".join(f"「{label(rep, table, ch.row, ch.column, lang)}」{fmt(ch.actual, lang)}→{fmt(ch.suggested)}"
                     for ch in fix) for fix in fixes),
                "where": _where(cell.loc, lang), "effect": text(effect, lang)}

    return finding(rule, rep, fields, table=table, row=first.row, column=first.column,
                   expected=first.suggested, actual=first.actual,
                   cells=[ref(rep, table, ch.row, ch.column, "read") for fix in fixes for ch in fix],
                   location=cell.loc, excerpt=cell.excerpt)


def _unverified_finding(rule: Rule, rep: Report, key: tuple[str, str, str], conf: float) -> Finding:
    table, row, column = key
    cell = rep.tables[table].cells[(row, column)]

    def fields(lang: str) -> dict:
        return {"cell": label(rep, table, row, column, lang), "value": fmt(cell.value if cell.status == VALUE
                                                                              else "blank", lang),
                "confidence": f"{conf:.2f}", "where": _where(cell.loc, lang)}

    return finding(rule, rep, fields, table=table, row=row, column=column, actual=cell.value,
                   cells=[ref(rep, table, row, column, "read")], location=cell.loc, excerpt=cell.excerpt)


def _where(loc, lang: str) -> str:
    """Where an OCR'd cell stands: a page of a scan, a picture in a Word document or in a web
    page."""
    if loc is not None and loc.page is None and loc.paragraph is not None:
        return text("ocr.where_picture", lang, paragraph=loc.paragraph)
    if loc is not None and loc.page is None and loc.line is not None:
        return text("ocr.where_image", lang, line=loc.line)
    return text("ocr.where_page", lang, page=loc.page if loc is not None and loc.page else "?")
