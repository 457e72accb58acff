"""Map a read document onto the template: find sections, tables, rows and cells."""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from pathlib import Path

from validator import template
from validator.match import prose
from validator.match.locate import locate
from validator.match.parts import SIGNED, TITLES, arabic_years, outline, parts, report_end, report_start
from validator.match.runs import Run, build_runs, find_sections, find_sections_anywhere
from validator.match.tables import found_elsewhere, read_active, read_applications, read_review
from validator.match.tokens import Kind, han, normalize, tokenize
from validator.model.document import Document, Span, Table
from validator.model.report import MISSING, Cell, Issue, Meta, Report

_PERIOD = re.compile(r"(?P<year>(?:19|20)\d\d)\s*年\s*1\s*月\s*1\s*日\s*起?\s*(?:至|到|—|-|～|~)\s*"
                     r"(?:(?P<end>(?:19|20)\d\d)\s*年)?\s*12\s*月\s*31\s*日")


def match(doc: Document) -> Report:
    """The report's tables as template cells, with parse issues for what is uncertain."""
    tokens = tokenize(doc)
    runs = build_runs(tokens)
    sections = find_sections(runs)
    report = Report(doc.path, meta=Meta.of(doc.meta))
    hidden = frozenset(b.loc.table for b in doc.blocks if isinstance(b, Table) and b.hidden and b.loc.table is not None)
    hidden_spans = frozenset(id(doc.blocks[i]) for i in doc.meta.get("hidden_spans", ()))
    regions = locate(runs, hidden, hidden_spans)
    blocks = outline(doc)
    unseen = _unseen_text(runs, regions, hidden, hidden_spans)
    flowed = prose.flow(doc, _table_lines(tokens, runs, regions.values()) | unseen, report_end(blocks),
                        report_start(blocks))
    period = _period(flowed[0])
    report.agency, report.year = _title(doc, period, unseen)
    report.sections = {k: runs[i].loc for k, i in sections.items()}
    report.meta.headings_anywhere = "".join(sorted(find_sections_anywhere(runs), key="一二三四五六".index))
    report.meta.period_year = period
    report.meta.published = report.meta.published or _published(doc)
    report.statements = prose.statements(flowed)
    report.meta.parts = prose.parts_claim(flowed[0])
    report.meta.sketches = _sketches(runs, sections)
    report.meta.free_text = parts(doc, report.year, blocks)
    active, applications, review = (_runs(runs, regions[t]) for t in template.TABLES)
    report.tables[template.APPLICATIONS] = read_applications(applications, report.year,
                                                             report.issues)
    report.tables[template.ACTIVE_DISCLOSURE] = read_active(active, report.year, report.issues)
    version = report.tables[template.APPLICATIONS].layout
    closed = _closed(runs, regions[template.REVIEW_LITIGATION], sections)
    report.tables[template.REVIEW_LITIGATION] = read_review(review, version, report.issues, closed)
    for name, region in regions.items():
        if region is not None and region.copy is not None:
            report.issues.append(Issue("table-repeated", name, None, {}, runs[region.copy].loc))
    for name, res in report.tables.items():
        if res.found and len(res.rows_found) < MIN_ROWS * len(template.layout(name, res.layout).rows):
            _discard(report, name, _runs(runs, regions[name]))
        elif res.found and (region := regions[name]) is not None:
            outside = runs[:region.start] + runs[region.end:]
            found_elsewhere(res, outside, runs[region.start - 1] if region.start else None,
                            _after(runs, region, regions.values()))
    return report


def _closed(runs: list[Run], region, sections: dict[str, int]) -> bool:
    """Whether a table's region is followed by the next part's heading (五, 六) or by nothing:
    no row of the table stands beyond it."""
    return region is not None and (region.end >= len(runs)
                                   or region.end in {sections.get("五"), sections.get("六")})


def _after(runs: list[Run], region, regions) -> list[Run]:
    """The few runs right after a table's region, up to where another table starts."""
    stop = min((r.start for r in regions if r is not None and r.start >= region.end), default=len(runs))
    return runs[region.end:min(stop, region.end + AFTER)]


AFTER = 3  # runs after a table's region where a row reworded past recognition may stand


def _table_lines(tokens: list, runs: list[Run], regions) -> set[int]:
    """The lines of a text report (ids of their spans) that hold nothing but rows of a
    located table: not prose, even when its cells carry units ("16件 1件 …"). A line that
    also holds other text (glued text: the whole report on one line) stays prose, and so does
    a sentence (a line ending in 。) that a table's header took in ("本年度未发生行政诉讼。")."""
    rows = {id(tok) for region in regions if region is not None
            for run in runs[region.start:region.end] for tok in (*run.text_tokens, *run.values)}
    only: dict[int, bool] = {}
    for tok in tokens:
        only[id(tok.span)] = only.get(id(tok.span), True) and id(tok) in rows \
            and not tok.span.text.rstrip().endswith(_SENTENCE_END)
    return {span for span, inside in only.items() if inside}


_SENTENCE_END = ("。", "！", "？")


def _unseen_text(runs: list[Run], regions, hidden: frozenset[int], spans: frozenset[int]) -> frozenset[int]:
    """Paragraphs of a page's parts not shown (``spans``, ids: a tab of another year's
    report) when the report's tables were read from shown ones: no text of the report."""
    if not spans or not any(r is not None and (loc := runs[r.start].loc) is not None and loc.table not in hidden
                            for r in regions.values()):
        return frozenset()
    return spans


SKETCHED = ("一", "五", "六")  # prose sections compared with last year's (cross-year.similar-text)


def _sketches(runs: list[Run], sections: dict[str, int]) -> dict[str, tuple[int, bytes, int]]:
    """A sketch of the text of sections 一, 五 and 六 (from the heading to the next one, or to
    the date the report is signed with), and how many sentences it has."""
    from validator.match.sketch import sketch

    order = sorted(sections.items(), key=lambda kv: kv[1])
    out = {}
    for k, (num, start) in enumerate(order):
        if num in SKETCHED:
            end = order[k + 1][1] if k + 1 < len(order) else len(runs)
            text = _section_text(runs[start:end])
            out[num] = (*sketch(text), _sentences(text))
    return out


_STOP = re.compile(r"[。！？!?]")


def _sentences(text: str) -> int:
    """Sentences of some substance: eight Chinese characters or more before a full stop."""
    return sum(han(part) >= 8 for part in _STOP.split(text)[:-1])


def _section_text(runs: list[Run]) -> str:
    """The words of a section's runs, up to the signature date (page furniture after the
    report is not the report's text)."""
    parts: list[str] = []
    for run in runs:
        for tok in (*run.text_tokens, *run.values):
            if _signature(tok.span.text):
                return "".join(parts)
            if tok.kind is Kind.TEXT:
                parts.append(tok.text)
    return "".join(parts)


@lru_cache(maxsize=1 << 12)
def _signature(text: str) -> bool:
    return bool(SIGNED.match(normalize(text)[0]))


MIN_ROWS = 0.4  # a table is taken as present when at least this share of its rows matched


def _discard(report: Report, name: str, region: list[Run]) -> None:
    """Too few rows to be the table: labels quoted in prose are no table, and the stray
    matches are forgotten; a region laid out like a table (several rows of numbers) is the
    table, unreadable — a parse finding says so, never a guess."""
    res = report.tables[name]
    missing = Cell(None, MISSING)
    for key in res.cells:
        res.cells[key] = missing
    res.found, res.rows_found, loc, res.loc = False, set(), res.loc, None
    report.issues = [i for i in report.issues if i.table != name]
    if sum(sum(t.kind is Kind.NUMBER for t in r.values) > 1 for r in region) >= TABLE_LIKE_ROWS:
        report.issues.append(Issue("table-unreadable", name, None, {}, loc))


TABLE_LIKE_ROWS = 3  # rows of several numbers that make a region a table


def _runs(runs: list[Run], region) -> list[Run]:
    return [] if region is None else runs[region.start:region.end]


def _period(text: str) -> int | None:
    """The year of the statistics period "Y年1月1日起至Y年12月31日止" (start and end agree)
    in the prose flow ``text``."""
    for m in _PERIOD.finditer(arabic_years(text)):
        if m.group("end") in (None, m.group("year")):
            return int(m.group("year"))
    return None


_PUBLISHED = re.compile(r"(?:发布|公开|成文)(?:时间|日期)\s*[:：]?\s*(?P<y>(?:19|20)\d\d)\s*[-/.年]\s*"
                        r"(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})")
_PART_SIX = re.compile(r"\s*六[、.]")


def _published(doc: Document) -> str | None:
    """Publication date (ISO): a page's "发布时间：2024-01-15", else the date the report is
    signed with (the first line that is only a date after the heading of part 六)."""
    texts = [normalize(b.text)[0] for b in doc.blocks if isinstance(b, Span)]
    for text in texts[:40] + texts[-40:]:
        m = _PUBLISHED.search(text)
        if m:
            return _iso(m)
    last = max((i for i, t in enumerate(texts) if _PART_SIX.match(t)), default=None)
    for text in texts[last + 1:] if last is not None else texts[-6:]:
        m = SIGNED.match(text)
        if m:
            return _iso(m)
    return None


def _iso(m: re.Match) -> str | None:
    y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None


def _leading_texts(doc: Document, n: int, unseen: frozenset[int]) -> list[Span]:
    """The first ``n`` paragraphs or cells, in reading order (a sheet has no paragraphs), not
    counting the ``unseen`` (ids of spans) nor, where there are such, the hidden tables."""
    out: list[Span] = []
    for block in doc.blocks:
        if isinstance(block, Table):
            cells = [c for row in block.rows for c in row if c.text] if not (unseen and block.hidden) else []
        else:
            cells = [block] if id(block) not in unseen else []
        out.extend(cells[: n - len(out)])
        if len(out) >= n:
            break
    return out


def _title(doc: Document, period: int | None, unseen: frozenset[int]) -> tuple[str | None, int | None]:
    """Agency and year from the title (not from the ``unseen`` spans: a page's hidden tab);
    the year falls back to the statistics period."""
    candidates = [doc.meta["title"]] if doc.meta.get("title") else []
    head = [s.text for s in _leading_texts(doc, 60, unseen)]
    # a title may be printed over two lines ("<agency>" / "<year>年…年度报告")
    pairs = [a + b for a, b in itertools.pairwise(head)]
    first = m = None
    for i, text in enumerate(candidates + head + pairs):
        if not ("报" in text or "報" in text) or "告" not in text:
            continue  # (every title pattern ends with 报告; most texts do not hold its letters)
        text = arabic_years(re.sub(r"\s+", "", normalize(text)[0]))  # (报 告, 报\u200b告: one word)
        if "报告" not in text and "報告" not in text:
            continue
        m = next((m for p in TITLES if (m := p.search(text))), None)
        if m is not None and (i < len(candidates) or period is None or int(m.group("year")) == period):
            break
        # a page's list of its other reports may come first (a sidebar of earlier years'):
        # the title of the report's own period is looked for among the leading texts
        first = first or m
    else:
        m = first
    if m is None:  # the file's name, as sites and staff name reports ("…局2023年…年度报告.xlsx")
        name = arabic_years(re.sub(r"\s+", "", normalize(Path(doc.path).stem)[0]))
        m = next((m for p in TITLES if (m := p.search(name))), None) if "报告" in name else None
    if m is None:
        return None, period
    agency = re.sub(r"^(?:标题|title)[:：]", "", m.group("agency"), flags=re.I)
    return agency or None, int(m.group("year"))
