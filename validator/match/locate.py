"""Find each template table by what it holds, wherever it stands in the document.

A table is table 三 because its rows read as table 三's row labels, table 二 because of its
rows and header words, table 四 because of its header words — not because of the heading
above it. Headings may be reworded, misspelt, renumbered, missing or far away; sentences,
captions and notes may stand between a heading and its table; tables may come in any order.
Each table's region is the densest stretch of its own evidence: stray matches elsewhere
(a label quoted in the text, a navigation link) are separated from it by running prose or by
another table, and are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from validator import template
from validator.match.align import norm_label, prose_chars
from validator.match.runs import Run
from validator.match.tables import MIN_REVIEW_WORDS, header_only, header_tail_words, layout_fit, row_label_hit
from validator.match.tokens import Kind

PROSE_BREAK = 60  # characters of running prose that separate two stretches of a table
HEADER_BACK = 4  # header runs looked at before a table's first row


@dataclass(frozen=True, slots=True)
class Region:
    """Runs ``start``…``end - 1`` hold the table."""

    start: int
    end: int
    copy: int | None = None  # the first run of another copy of the table, where there is one


def locate(runs: list[Run], hidden: frozenset[int] = frozenset(),
           hidden_spans: frozenset[int] = frozenset()) -> dict[str, Region | None]:
    """The region of each table (None where no run holds it): 三 first, then 四 and 二
    among the runs the others did not take. ``hidden``: the document's tables (by index) in a
    part of a web page not shown, ``hidden_spans`` its paragraphs there (ids) — of two copies
    of a table, the one shown is read."""
    texts = [norm_label(r.text) for r in runs]
    unseen = _unseen(runs, hidden, hidden_spans)
    taken: set[int] = set()
    out: dict[str, Region | None] = {}
    out[template.APPLICATIONS] = _by_rows(template.APPLICATIONS, runs, texts, taken, unseen)
    _take(taken, out[template.APPLICATIONS])
    out[template.REVIEW_LITIGATION] = _review(runs, texts, taken, unseen)
    _take(taken, out[template.REVIEW_LITIGATION])
    out[template.ACTIVE_DISCLOSURE] = _same_report(_by_rows(template.ACTIVE_DISCLOSURE, runs, texts, taken, unseen),
                                                   out[template.APPLICATIONS], runs, texts, taken)
    return out


def _same_report(active: Region | None, applications: Region | None, runs: list[Run], texts: list[str],
                 taken: set[int]) -> Region | None:
    """Table 二 of the report whose table 三 is read, where the page holds two reports (三 has a
    copy): the one before that 三 when there is one — the other 二 named as a copy — not the
    densest anywhere (the other report's, mixed with this one's 三)."""
    if active is None or applications is None or applications.copy is None or active.start < applications.start:
        return active
    earlier = _by_rows(template.ACTIVE_DISCLOSURE, runs, texts, taken | set(range(applications.start, len(runs))))
    return Region(earlier.start, earlier.end, active.start) if earlier is not None else active


def _take(taken: set[int], region: Region | None) -> None:
    if region is not None:
        taken.update(range(region.start, region.end))


# ------------------------------------------------------------------ 三 and 二: by their rows
def _by_rows(table: str, runs: list[Run], texts: list[str], taken: set[int],
             unseen: frozenset[int] = frozenset()) -> Region | None:
    """The densest stretch of runs that align with the table's rows (either layout);
    ``unseen``: the runs in parts of the page not shown."""
    best = _cluster(table, runs, texts, taken)
    if not best:
        return None
    if unseen:  # a copy shown is read, not one kept out of sight (a print or stale copy)
        shown = _cluster(table, runs, texts, taken | unseen) if unseen & set(best) else best
        if len(shown) >= COPY_SHARE * len(best):
            best, taken = shown, taken | unseen  # (what is not shown is then no second copy)
    copy = None
    if _labelled_elsewhere(table, runs, texts, taken, best) >= MIN_COPY:
        # another copy of the table (last year's in an appendix, a related report in a frame
        # or a tab): the first one is read, the other named
        seen = taken | set(range(best[0], best[-1] + 1))
        other = _cluster(table, runs, texts, seen)
        if other and len(other) >= COPY_SHARE * len(best):
            best, copy = (other, best[0]) if other[0] < best[0] else (best, other[0])
    start = _header_start(table, best[0], runs, texts, taken)
    end = best[-1] + 1
    while end < len(runs) and end not in taken and _row_like(table, runs[end], texts[end]):
        end += 1  # rows after the last one recognised: their numbers belong to the table
    return Region(start, end, copy)


def _unseen(runs: list[Run], hidden: frozenset[int], spans: frozenset[int]) -> frozenset[int]:
    """The runs (by index) that stand in the document's ``hidden`` tables or start in hidden
    paragraphs (``spans``, ids) — none, most often: then no run's location is asked for."""
    if not hidden and not spans:
        return frozenset()
    return frozenset(i for i, run in enumerate(runs) if (tokens := run.text_tokens or run.values)
                     and (tokens[0].loc.table in hidden or id(tokens[0].span) in spans))


MIN_COPY = 6  # runs labelled as the table's rows outside its stretch: another copy may stand there
COPY_SHARE = 0.8  # of the rows found: another copy as complete as the first


def _cluster(table: str, runs: list[Run], texts: list[str], taken: set[int]) -> list[int]:
    """The densest stretch of runs (not ``taken``) that align with the table's rows in either
    layout."""
    free = [i for i in range(len(runs)) if i not in taken]
    groups = template.APPLICATION_GROUPS
    best: list[int] = []
    for version in template.LAYOUTS:
        assign, _ = layout_fit(table, version, [runs[i] for i in free],
                               groups[version] if table == template.APPLICATIONS else ())
        hits = sorted(free[k] for key, k in assign.items() if not key.startswith("group:"))
        cluster = _densest(hits, texts, taken)
        if len(cluster) > len(best):
            best = cluster
    return best


def _labelled_elsewhere(table: str, runs: list[Run], texts: list[str], taken: set[int], best: list[int]) -> int:
    """Runs with values outside the stretch ``best`` whose text closes with one of the table's
    row labels (a cheap sign of a second copy; counted up to ``MIN_COPY``)."""
    inside = range(best[0], best[-1] + 1)
    found = 0
    for i, run in enumerate(runs):
        if len(run.values) >= MIN_VALUES and i not in inside and i not in taken \
                and any(row_label_hit(table, version, texts[i]) for version in template.LAYOUTS):
            found += 1
            if found >= MIN_COPY:
                break
    return found


MIN_VALUES = 3  # values of a row counted as a sign of a copy (table 三's rows have seven)


def _row_like(table: str, run: Run, text: str) -> bool:
    """A run that looks like a row of ``table`` with an unrecognised label: a short text and
    several numbers, no more than a row of the table has (table 四's fifteen are not)."""
    numbers = sum(t.kind is Kind.NUMBER for t in run.values)
    return 1 < numbers <= _width(table) and prose_chars(text) <= 12 \
        and not _foreign(table).search(text)


@cache
def _foreign(table: str) -> re.Pattern:
    """Words only the other tables print (their labels and header words)."""
    def words(name: str) -> set[str]:
        out = {norm_label(w) for w in template.HEADER_WORDS[name]}
        for version in template.LAYOUTS:
            lay = template.layout(name, version)
            out |= {norm_label(w) for line in (*lay.rows, *lay.columns) for w in (line.label, *line.aliases)}
        return out

    own = words(table)
    other = set().union(*(words(t) for t in template.TABLES if t != table)) - own
    return re.compile("|".join(map(re.escape, sorted(other, key=len, reverse=True))))


@cache
def _width(table: str) -> int:
    return max(len(template.layout(table, v).columns_of(r.key))
               for v in template.LAYOUTS for r in template.layout(table, v).rows)


def _densest(hits: list[int], texts: list[str], taken: set[int]) -> list[int]:
    """The largest group of ``hits`` with no break between neighbours: running prose of
    ``PROSE_BREAK`` characters, or a run of another table."""
    clusters: list[list[int]] = []
    for i in hits:
        if clusters and not _break(clusters[-1][-1], i, texts, taken):
            clusters[-1].append(i)
        else:
            clusters.append([i])
    return max(clusters, key=len, default=[])


def _break(a: int, b: int, texts: list[str], taken: set[int]) -> bool:
    between = range(a + 1, b)
    return any(i in taken for i in between) or \
        sum(prose_chars(texts[i]) for i in between) >= PROSE_BREAK


def _header_start(table: str, first: int, runs: list[Run], texts: list[str],
                  taken: set[int]) -> int:
    """The first row's index, moved back over the header runs just before it (header words,
    no values), so that readers see the header's cells and positions, and over rows whose
    label was not recognised."""
    words = _header_words(table)
    start = first
    for i in range(first - 1, max(-1, first - 1 - HEADER_BACK), -1):
        if i in taken or not (_row_like(table, runs[i], texts[i]) or _serial(runs[i], texts[i])
                              or (_blank(runs[i]) and any(w in texts[i] for w in words))):
            break
        start = i
    return start


def _serial(run: Run, text: str) -> bool:
    """A cell of a serial-number column (序号) standing alone before a row's label."""
    return not text and len(run.values) == 1


def _blank(run: Run) -> bool:
    """A run without values, or with blank cells only (the empty cells of a header row)."""
    return all(t.blank for t in run.values)


@cache
def _header_words(table: str) -> tuple[str, ...]:
    return tuple(norm_label(w) for w in template.HEADER_WORDS[table])


# ------------------------------------------------------------------ 四: by its header
def _review(runs: list[Run], texts: list[str], taken: set[int],
            unseen: frozenset[int] = frozenset()) -> Region | None:
    """Table 四 starts at the run whose text ends in its header (at least three of its
    distinct words: 行政复议, 未经复议直接起诉, 结果维持 …) and runs on while runs hold its
    header words or values. The run with the most header words wins (a sentence that names
    行政复议 and 行政诉讼 is no header; of two as good, one shown before one in a part of the
    page not shown), and the table does not run on into what is shown otherwise. A part of
    the header with its values right before it (行政复议 in a table of its own, 行政诉讼 in
    the next) belongs to the table."""
    best, best_key = None, (MIN_REVIEW_WORDS - 1, True)
    for i, text in enumerate(texts):
        if i in taken:
            continue
        key = (len(header_tail_words(text)), i not in unseen)
        if key > best_key:
            best, best_key = i, key
    if best is None:
        return None
    end = best + 1
    while end < len(runs) and end not in taken and end - best < 40 \
            and prose_chars(texts[end]) < PROSE_BREAK and not _review_stop(texts[end]) \
            and (end not in unseen) == best_key[1]:
        end += 1
    start = best
    while True:  # table 四 in two tables (行政复议, then 行政诉讼): its first part, with values
        k = start
        while k > 0 and k - 1 not in taken and not runs[k - 1].values and header_only(texts[k - 1]):
            k -= 1  # the second part's own header lines before it ("行政诉讼" on a line of its own)
        if k > 0 and k - 1 not in taken and runs[k - 1].values \
                and len(header_tail_words(texts[k - 1])) >= MIN_REVIEW_WORDS \
                and (k - 1 not in unseen) == best_key[1]:
            start = k - 1
        else:
            return Region(start, end)


def _review_stop(text: str) -> bool:
    """A section heading after table 四 (五、存在的主要问题…) ends it."""
    return bool(_NEXT_SECTION.match(text))


_NEXT_SECTION = re.compile(r"^(?:[一二三四五六七八九十]、|第[一二三四五六七八九十]部分)(?!结转)")
