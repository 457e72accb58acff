"""Read each template table out of its region of runs."""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Sequence
from functools import cache, lru_cache, partial

from validator import rulebook, template
from validator.match import geometry, grid
from validator.match.align import (
    Target,
    align,
    closing,
    label_hits,
    label_score,
    norm_label,
    prose_chars,
    row_score,
    tail_matcher,
)
from validator.match.cells import (
    RowRead,
    ambiguous_issue,
    glued,
    mended,
    piece_cell,
    read_row,
    token_cell,
    unreadable,
)
from validator.match.runs import Run, counting, numbering
from validator.match.split import Piece
from validator.match.tokens import CHANGE_WORDS, LABEL_MARK, Kind, Token, han
from validator.model.document import Location
from validator.model.report import ABSENT_ROW, MISSING, PLACEHOLDER, UNREADABLE, Cell, Issue, TableResult
from validator.rulebook import relations

MAX_COMBINATIONS = 50000


@cache
def _targets(table: str, version: str, groups: tuple[str, ...] = ()) -> tuple[Target, ...]:
    """Data rows plus group-label rows, in template order."""
    lay = template.layout(table, version)
    out: list[Target] = []
    seen_groups: set[str] = set()
    for row in lay.rows:
        for g in (row.group or "").split("/"):
            if g and g in groups and g not in seen_groups:
                seen_groups.add(g)
                out.append(Target(f"group:{g}", (g,), optional=True))
        out.append(Target(row.key, (row.label, *row.aliases), width=len(lay.columns_of(row.key))))
    return tuple(out)


_MISSING = Cell(None, MISSING)  # shared: cells are replaced, never modified


def _column_labels(lay: template.Layout) -> dict[str, str]:
    """Normalised column label or alias -> column key."""
    return _labels_of(lay.table, lay.version)


@cache
def _labels_of(table: str, version: str) -> dict[str, str]:
    lay = template.layout(table, version)
    return {norm_label(w): c.key for c in lay.columns for w in (c.label, *c.aliases)}


def _empty(table: str, version: str) -> TableResult:
    return TableResult(table, version, False, dict.fromkeys(_cell_keys(table, version), _MISSING))


@cache
def _cell_keys(table: str, version: str) -> tuple[tuple[str, str], ...]:
    return tuple(template.layout(table, version).cell_keys())


@cache
def _row_accept(table: str, version: str, row: str, columns: tuple[str, ...]):
    """The row's own identities as a test on its list of values (or None)."""
    own = [i for i in rulebook.identities(table, version) if i.row == row]
    return relations.test_rows(own, [(row, c) for c in columns]) if own else None


def layout_fit(table: str, version: str, runs: list[Run],
               groups: tuple[str, ...] = ()) -> tuple[dict[str, int], float]:
    """How the runs align with the rows of ``table``/``version``: (assignment, score)."""
    return align(runs, _targets(table, version, groups), partial(_hits, table, version, groups))


@lru_cache(maxsize=1 << 13)
def _hits(table: str, version: str, groups: tuple[str, ...], text: str, bare: bool) -> tuple[tuple[int, float], ...]:
    """The rows a label text may be (the same texts recur in every report of a batch); a
    label closed by a filling note, by words a publisher added (政府集中采购情况,
    结转下一年度继续办理的申请) or by a footnote mark (规章(1)), is its row's."""
    found = label_hits(targets := _targets(table, version, groups), text, bare)
    if not found and text.endswith(("）", ")")) and (m := _NOTE.search(text)) and m.start():
        found = label_hits(targets, text[:m.start()], bare)
    for words in (_ADDED, _MARK):
        if not found and (m := words.search(text)) and m.start() >= 2:
            found = label_hits(targets, text[:m.start()], bare)
    return found


# a bracketed note closing a row label, as some provinces' templates print them:
# "规章（只有设区的市、自治州人民政府提供数据）", "其他对外管理服务事项（确认、奖励、裁决…）"
_NOTE = re.compile(r"[（(][^（）()]{2,60}[）)]$")


# a footnote mark closing a row's label: "(1)", "[2]", "注3"
_MARK = re.compile(r"(?:[(\[【〔]注?\d{1,2}[)\]】〕]|注\d{1,2})$")
# words some publishers add after a row's label
_ADDED = re.compile(r"(?:的?(?:政府信息公开)?申请(?:数量|件数)?|情况|数量|件数|事项)$")


def row_label_hit(table: str, version: str, text: str) -> bool:
    """Whether a run's normalised text closes with one of the table's row labels."""
    return any(score >= MATCH_SURE for _, score in _hits(table, version, (), text, False))


MATCH_SURE = 90.0  # a label read with this similarity is the row's, not a word it shares


def read_rows(table: str, version: str, runs: list[Run], issues: list[Issue],
              groups: tuple[str, ...] = (), fit=None) -> tuple[TableResult, float]:
    """Align ``runs`` with the rows of ``table``/``version`` and read every matched row."""
    lay = template.layout(table, version)
    assign, total = fit or layout_fit(table, version, runs, groups)
    targets = _targets(table, version, groups)
    assign = _values_after_note(_values_on_first_line(assign, runs, targets), runs)
    assign = _out_of_order(_label_over_lines(assign, runs, targets, lay), runs, targets)
    result = _empty(table, version)
    pending: dict[str, list[list[Piece]]] = {}
    labels = _column_labels(lay)
    # header cells by column key (a column may be headed by its label or an alias: 合计)
    headers = [(t, r, c, labels[text]) for t, r, c, text in grid.header_cells(runs, set(labels))]
    placed: dict[str, list] = {}
    # table 三 whose own header orders its columns otherwise than the template: by header
    moved = grid.reordered(headers, [c.key for c in lay.columns]) if table == template.APPLICATIONS else set()
    org_header = _org_subtotal_header(runs, assign) if table == template.APPLICATIONS else None
    org_subtotals: dict[str, Token] = {}
    for row in lay.rows:
        if row.key not in assign:
            continue
        columns = lay.columns_of(row.key)
        values = runs[assign[row.key]].values
        if org_header is not None:
            values = _without_org_subtotal(values, org_header, columns, org_subtotals, row.key,
                                           _row_accept(table, version, row.key, columns))
        if len(values) != len(columns) or (moved and grid.table_of(values) in moved):
            values = grid.by_header(values, headers, list(columns)) or values
        if len(values) > len(columns):  # mended first: a row made whole places the columns
            values = mended(values, len(columns), _row_accept(table, version, row.key, columns)) or values
        placed[row.key] = values
    if org_header is None or _org_subtotals_placed(placed, lay, runs, org_subtotals):
        _place_by_position(placed, lay, runs, assign, labels)
    run_together = glued([(len(v), len(lay.columns_of(k))) for k, v in placed.items()])
    for row in lay.rows:
        if row.key not in placed:
            continue
        run = runs[assign[row.key]]
        result.found = True
        result.rows_found.add(row.key)
        result.loc = result.loc or run.loc
        columns = lay.columns_of(row.key)
        read: RowRead = read_row(table, row.key, placed[row.key], len(columns),
                                 _row_accept(table, version, row.key, columns), run_together)
        if read.cells is not None:
            _store(result, row.key, columns, read.cells)
            continue
        _store(result, row.key, columns, unreadable(len(columns)))
        if read.issue is not None:
            read.issue.loc = read.issue.loc or run.loc
            issues.append(read.issue)
        else:
            pending[row.key] = read.options
    if pending:
        _resolve(result, pending, issues)
    _merged_values(result, issues)
    _subtotals(result, runs, assign, groups)
    result.subtotals.update({(key, template.ORG_SUBTOTAL): token_cell(tok) for key, tok in org_subtotals.items()
                             if key in result.rows_found})
    used = set(assign.values()) | (_subtotal_rows(result, runs, assign) if groups else set())
    if result.found and _all_placed(runs, used):
        _absent(result, lay)
    elif result.found and len(result.rows_found) == len(lay.rows):
        issues.extend(_unplaced(table, runs, used))  # every row read, yet numbers are left over
    return result, total


def _unplaced(table: str, runs: list[Run], used: set[int]) -> list[Issue]:
    """Numbers of the table's region under no row's label (every row has one): a row may have
    been read from the wrong line — said, never silently dropped. Rows the template does not
    have lose no number from a sum where their numbers are all 0 ("4.其他情形", all 0), and in
    table 二 (no sums across its rows) under a label of their own ("其他主动公开文件"): info."""
    stray = [r for i, r in enumerate(runs) if i not in used and _numbers(r) and not _placed_run(r)]
    if table == template.ACTIVE_DISCLOSURE:
        lost = [r for r in stray if not _own_label(r)]
    else:
        lost = [r for r in stray if any(t.kind is Kind.NUMBER and t.value for t in r.values)]
    out = []
    for run in lost[:1] or stray:
        first = run.values[0]
        out.append(Issue("unplaced-values" if lost else "extra-row", table, None,
                         {"raw": " ".join(t.raw for t in run.values), "label": run.text[:40]},
                         first.loc, first.excerpt))
    return out


def _own_label(run: Run) -> bool:
    """Whether a run's label may be a row's own: words, not a note in brackets wrapped off a
    label above ("（确认、奖励…）") nor a change in words left apart from its number."""
    text = norm_label(run.text)
    return han(text) >= 2 and not text.startswith(("(", "（")) and text not in CHANGE_WORDS


def _subtotal_rows(result: TableResult, runs: list[Run], assign: dict[str, int]) -> set[int]:
    """Rows labelled 小计 right after a group's items (a subtotal row some reports add),
    read as the group's subtotal when they read as one value per column and the group has
    none printed on its label row; the indices of the runs read."""
    columns = tuple(c.key for c in template.layout(result.table, result.layout).columns)
    rows = sorted((i, key) for key, i in assign.items())
    used = set(assign.values())
    taken: set[int] = set()
    for i, run in enumerate(runs):  # (a numbered label is a row's: （七）合计)
        if i in used or len(run.values) != len(columns) or norm_label(run.text) not in template.SUBTOTAL_ROW_LABELS:
            continue
        above = [key for j, key in rows if j < i]
        group = above[-1].split(".")[0] if above and "." in above[-1] else None
        if group not in template.SUBTOTAL_KEYS or any((group, c) in result.subtotals for c in columns):
            continue
        if _read_subtotal(result, group, run.values, columns):
            taken.add(i)
    return taken


def _values_on_first_line(assign: dict[str, int], runs: list[Run], targets: tuple[Target, ...]) -> dict[str, int]:
    """A label wrapped over two lines (or two pages) whose numbers stand on its first line:
    the row was matched by the label's second line, which has no number; its numbers are
    those of the line before, when that line starts the row's label and belongs to no row."""
    used = set(assign.values())
    labels = {t.key: [norm_label(label) for label in t.labels] for t in targets}
    out = dict(assign)
    for key, i in assign.items():
        if i == 0 or i - 1 in used or any(t.kind is Kind.NUMBER for t in runs[i].values):
            continue
        before = runs[i - 1]
        head = norm_label(before.text)
        if len(head) >= 2 and sum(t.kind is Kind.NUMBER for t in before.values) > 1 \
                and any(label.startswith(head) and len(label) > len(head) for label in labels.get(key, ())):
            out[key] = i - 1
            used.add(i - 1)
    return out


def _label_over_lines(assign: dict[str, int], runs: list[Run], targets: tuple[Target, ...],
                      lay: template.Layout) -> dict[str, int]:
    """A row whose label broke over two lines (a page break: "1.信访 5 0 0 0 0 0 5" at the
    foot of a page, "举报投诉类申请" on the next, its group's merged label "不予处理" broken
    with it and run in before): neither line reads as the row alone. It is the one run that
    no row took, whose label starts the row's, with the next run, without values, ending with
    the rest (its group's words aside)."""
    used = set(assign.values())
    out = dict(assign)
    groups = {norm_label(g) for row in lay.rows if row.group for g in row.group.split("/")}
    words = {LABEL_MARK.sub("", g) for g in groups} | groups
    for t in targets:
        if t.optional or t.key in out:
            continue
        found = [i for i in range(len(runs) - 1) if i not in used and i + 1 not in used
                 and _joins(t, runs[i], runs[i + 1], words)]
        if len(found) == 1:
            out[t.key] = found[0]
            used.update((found[0], found[0] + 1))
    return out


def _joins(target: Target, first: Run, second: Run, groups: set[str]) -> bool:
    """Whether ``first`` (with values) starts a label of ``target`` and ``second`` (without)
    ends it, ``groups``' words standing before the rest aside."""
    if not any(t.kind is Kind.NUMBER for t in first.values) or second.values:
        return False
    head, rest = norm_label(first.text), norm_label(second.text)
    for label in map(norm_label, target.labels):
        tail = label[len(head):]
        if len(head) >= 3 and len(tail) >= 2 and label.startswith(head) and rest.endswith(tail) \
                and (rest == tail or rest[:-len(tail)] in groups):
            return True
    return False


def _values_after_note(assign: dict[str, int], runs: list[Run]) -> dict[str, int]:
    """A label whose filling note in brackets wrapped onto lines of its own, the numbers on
    the note's last line ("其他对外管理服务事项" / "（确认、奖励…）41 3 2875", a printed page):
    the row's numbers are the note's, when the label's line has none and no row took it."""
    used = set(assign.values())
    out = dict(assign)
    for key, i in assign.items():
        if i + 1 >= len(runs) or i + 1 in used or any(t.kind is Kind.NUMBER for t in runs[i].values):
            continue
        after = runs[i + 1]
        if _NOTE.fullmatch(norm_label(after.text)) and any(t.kind is Kind.NUMBER for t in after.values):
            out[key] = i + 1
            used.add(i + 1)
    return out


def _out_of_order(assign: dict[str, int], runs: list[Run], targets: tuple[Target, ...]) -> dict[str, int]:
    """A row printed out of the template's order (二、上年结转 above 一、本年新收): the aligner,
    which keeps the order, leaves it unmatched. It is the one run of the region that no row
    took, closes with the row's own label exactly and carries values, no more than the row
    has (blank grid cells of the label columns before them aside; fewer where blank cells
    leave no trace, as on a printed page: they are placed by position)."""
    used = set(assign.values())
    out = dict(assign)
    for t in targets:
        if t.optional or not t.width or t.key in out:
            continue
        found = [i for i, run in enumerate(runs) if i not in used and 0 < _width(run) <= t.width
                 and label_score(t, norm_label(run.text), False) == 100.0]
        if len(found) == 1:
            out[t.key] = found[0]
            used.add(found[0])
    return out


def _width(run: Run) -> int:
    """How many values a run carries, blank cells before the first value left out."""
    values = run.values
    lead = next((k for k, v in enumerate(values) if not v.blank), len(values))
    return len(values) - lead


# a template row the publisher left out of a table that lost no number: none of its kind
ABSENT = Cell(None, PLACEHOLDER, "", ABSENT_ROW)


def _all_placed(runs: list[Run], used: set[int]) -> bool:
    """Whether every number of the table's region went into a row (``used``: the runs read;
    none stands under a label that was not recognised)."""
    return all(_placed_run(run) for i, run in enumerate(runs) if i not in used)


def _numbers(run: Run) -> int:
    return sum(t.kind is Kind.NUMBER for t in run.values)


def _placed_run(run: Run) -> bool:
    """A run outside every row holds no number of the table (at most one, in prose; or the
    row numbering the columns)."""
    numbers = _numbers(run)
    return not (numbers > 1 or (numbers and han(run.text) >= 2 and prose_chars(run.text) <= 8)) \
        or numbering(run)


def found_elsewhere(result: TableResult, runs: list[Run], before: Run | None = None,
                    after: Sequence[Run] = ()) -> None:
    """Rows taken as left out (``absent``) whose label stands, with numbers (not a catalogue's
    counts in brackets), somewhere outside the table's region (``runs``: the rest of the
    document), or when the run right ``before`` the region holds a row's worth of numbers (two
    at least, as many as the narrowest of those rows) under a label not recognised (the
    header's words run on into it), or one of the runs right ``after`` it does, before any
    sentence (a last row reworded past recognition, a header before it): their numbers are
    not lost from the document but from the table as read — the row is missing, never
    counted as 0."""
    lay = template.layout(result.table, result.layout)
    absent = [r for r in lay.rows if result.cells[(r.key, lay.columns_of(r.key)[0])] is ABSENT]
    if not absent:
        return
    least = max(2, min(len(lay.columns_of(r.key)) for r in absent))
    if any(run is not None and _numbers(run) >= least and not numbering(run) for run in (before, *_row_like(after))):
        for row in absent:
            _store(result, row.key, lay.columns_of(row.key), [_MISSING] * len(lay.columns_of(row.key)))
        return
    targets = [t for t in _targets(lay.table, lay.version) if t.key in {r.key for r in absent}]
    for target in targets:
        if any(run.values and not all(map(_bracketed, run.values)) and row_score(target, run) for run in runs):
            _store(result, target.key, lay.columns_of(target.key),
                   [_MISSING] * len(lay.columns_of(target.key)))


def _row_like(runs: Sequence[Run]) -> list[Run]:
    """The first of ``runs`` up to the first sentence (a table's rows and headers have none)."""
    return list(itertools.takewhile(lambda run: not _SENTENCE.search(run.text), runs))


_SENTENCE = re.compile(r"[。，,；;！？!?：:]")


def _bracketed(tok: Token) -> bool:
    """A count in brackets, as a page's catalogue of columns prints it ("规章 （12）"): no
    table cell."""
    text = tok.span.text
    return text[:tok.start].rstrip().endswith(("(", "（")) and text[tok.end:].lstrip().startswith((")", "）"))


def _absent(result: TableResult, lay: template.Layout) -> None:
    for row in lay.rows:
        if row.key not in result.rows_found:
            _store(result, row.key, lay.columns_of(row.key), [ABSENT] * len(lay.columns_of(row.key)))


def _merged_values(result: TableResult, issues: list[Issue]) -> None:
    """A value cell merged over several template rows: a 0 (or blank) is 0 in each row it
    covers; any other number cannot be split between them — its cells are left unread and a
    parse finding names them."""
    merged: dict = {}
    for key, cell in result.cells.items():
        if cell.span is not None and cell.span.merged is not None:
            merged.setdefault(cell.span.merged, []).append(key)
    for origin, keys in merged.items():
        cells = [result.cells[k] for k in keys]
        if len({row for row, _ in keys}) < 2 or not any(c.value for c in cells):
            continue
        for key in keys:
            result.cells[key] = Cell(None, UNREADABLE)
        first = cells[0]
        issues.append(Issue("merged-cell", result.table, keys[0][0],
                            {"raw": first.raw, "rows": len({row for row, _ in keys})},
                            origin, first.excerpt))


def _org_subtotal_header(runs: list[Run], assign: dict[str, int]) -> tuple[int, ...] | None:
    """Where table 三's header has 小计 right after 其他 above its rows (a 小计 column some
    reports add under 法人或其他组织, summing its five columns): the grid position of its cell,
    ``()`` on a page or in text (where header words may break into characters); else None."""
    first = min(assign.values(), default=0)
    for run in runs[:first]:
        if _OTHER_ORG + template.SUBTOTAL_HEADER in norm_label(run.text):
            cell = next((t.grid for t in run.text_tokens if norm_label(t.text) == template.SUBTOTAL_HEADER), None)
            return cell or ()
    return None


_OTHER_ORG = template.layout(template.APPLICATIONS, "2021").column("other_org").label


def _without_org_subtotal(values: list[Token], header: tuple[int, ...], columns: tuple[str, ...],
                          found: dict[str, Token], key: str, accept) -> list[Token]:
    """A row's values without the one in the 小计 column (kept in ``found``): in a grid the
    value in the header's grid column; elsewhere the value after 其他's when the row holds
    exactly one value more than its columns (mended first where it holds more: a number a
    narrow column broke over two lines). Else the values as they are."""
    at = columns.index("other_org") + 1
    if header and all(t.grid is not None for t in values):
        under = [i for i, t in enumerate(values) if t.grid[0] == header[0] and t.grid[2] == header[2]]  # type: ignore[index]
    else:
        if len(values) > len(columns) + 1 and accept is not None:
            import numpy as np

            values = mended(values, len(columns) + 1, lambda rows: accept(np.delete(rows, at, axis=1))) or values
        under = [at] if len(values) == len(columns) + 1 else []
    if len(under) != 1:
        return values
    if not values[under[0]].blank:  # an empty 小计 claims nothing
        found[key] = values[under[0]]
    return values[:under[0]] + values[under[0] + 1:]


def _org_subtotals_placed(placed: dict[str, list], lay: template.Layout, runs: list[Run],
                          found: dict[str, Token]) -> bool:
    """Short rows of a laid-out page with a 小计 column (blank cells leave no trace): the value
    standing nearer the 小计 column than any other (where the complete rows' 小计 values
    stand, else its header word) moved to ``found``. False when a short row has values and
    that place is not known (its values cannot be placed without taking a 小计 for a cell)."""
    short = [k for k, v in placed.items() if v and len(v) < len(lay.columns_of(k))]
    if not short:
        return True
    spots = [x for tok in found.values() if (x := geometry.centre(tok)) is not None]
    x = statistics.median(spots) if spots else geometry.word_centre(
        [t for r in runs for t in r.text_tokens], (template.SUBTOTAL_HEADER,))
    centres = geometry.column_centres([(lay.columns_of(k), v) for k, v in placed.items()])
    if x is None or any(c not in centres for c in ("other_org", "total")):
        return False
    for key in short:
        others = [centres[c] for c in lay.columns_of(key) if c in centres]
        near = [i for i, t in enumerate(placed[key]) if (at := geometry.centre(t)) is not None
                and all(abs(at - x) < abs(at - c) for c in others)]
        if len(near) > 1:
            return False
        if near:
            found[key] = placed[key][near[0]]
            placed[key] = placed[key][:near[0]] + placed[key][near[0] + 1:]
    return True


def _subtotals(result: TableResult, runs: list[Run], assign: dict[str, int],
               groups: tuple[str, ...]) -> None:
    """Numbers printed on a group-label row (a subtotal some reports add), when they read
    as exactly one value per column; anything less certain is left alone (never guessed)."""
    columns = tuple(c.key for c in template.layout(result.table, result.layout).columns)
    for group in groups:
        key = template.SUBTOTAL_GROUPS.get(group)
        index = assign.get(f"group:{group}")
        if key is None or index is None or len(runs[index].values) != len(columns):
            continue
        _read_subtotal(result, key, runs[index].values, columns)


def _read_subtotal(result: TableResult, key: str, values: list, columns: tuple[str, ...]) -> bool:
    """Store ``values`` as group ``key``'s subtotal when they read as one value per column
    (whether they did)."""
    read = read_row(result.table, key, values, len(columns), None)
    if read.cells is not None:
        result.subtotals.update({(key, c): cell for c, cell in zip(columns, read.cells, strict=True)})
    return read.cells is not None


def _place_by_position(placed: dict[str, list], lay: template.Layout, runs: list[Run],
                       assign: dict[str, int], labels: dict[str, str]) -> None:
    """Short rows of a laid-out page (PDF): values placed under their columns, blanks filled;
    a row with no value at all is blank (columns are only known on a laid-out page). A long
    row loses the numbers that stand outside the table's columns (a serial number left of
    the labels)."""
    short = [k for k, v in placed.items() if len(v) < len(lay.columns_of(k))]
    long = [k for k, v in placed.items() if len(v) > len(lay.columns_of(k))]
    if not short and not long:
        return
    if _all_blank(placed, lay, runs, assign):
        for key in placed:
            placed[key] = _blanks(runs[assign[key]].text_tokens[-1], len(lay.columns_of(key)))
        return
    rows = [(lay.columns_of(k), v) for k, v in placed.items()]
    centres = geometry.column_centres(rows)
    remarks = geometry.word_centre([t for r in runs for t in r.text_tokens], template.REMARK_HEADERS)
    for key in (*short, *long):
        kept = geometry.inside(placed[key], lay.columns_of(key), centres, remarks)
        if len(kept) <= len(lay.columns_of(key)):
            placed[key] = kept
    short = [k for k, v in placed.items() if len(v) < len(lay.columns_of(k))]
    if not short:
        return
    parts = _parts(lay.table, runs, assign, labels, list(placed))
    # a part none of whose rows shows where its columns stand (all blank) trusts its header
    # where the table's other parts agree with theirs
    grid_shown = any(geometry.agrees(header, [(lay.columns_of(k), placed[k]) for k in keys])
                     for keys, header in parts)
    for keys, header in parts:
        rows = [(lay.columns_of(k), placed[k]) for k in keys]
        if lay.table == template.ACTIVE_DISCLOSURE:
            centres = geometry.column_centres(rows)
        unshown = all(len(v) < 2 for _, v in rows) and grid_shown
        where = {**(header if unshown or geometry.agrees(header, rows) else {}), **centres}
        for key in (k for k in short if k in keys and placed[k]):
            placed[key] = geometry.by_position(placed[key], lay.columns_of(key), where) or placed[key]
        for key in (k for k in short if k in keys and not placed[k]):
            text = runs[assign[key]].text_tokens
            placed[key] = geometry.by_position([], lay.columns_of(key), where, text[-1] if text else None) or []


def _all_blank(placed: dict[str, list], lay: template.Layout, runs: list[Run], assign: dict[str, int]) -> bool:
    """A table on a laid-out page (a PDF) or in a workbook whose every row label stands and no
    number at all (a body with nothing to report left every cell blank; blank cells leave no
    trace there)."""
    if len(placed) < len(lay.rows) or any(placed.values()) or any(_numbers(r) for r in runs):
        return False
    return all(runs[i].text_tokens and _laid_out(runs[i].text_tokens[-1]) for i in assign.values())


def _blanks(anchor: Token, n: int) -> list[Token]:
    """``n`` blank cells located right after ``anchor`` (a row's label, a table's header)."""
    return [Token(Kind.PLACEHOLDER, "", anchor.span, anchor.end, anchor.end, placeholder="blank") for _ in range(n)]


def _laid_out(tok: Token) -> bool:
    """Whether a token stands on a laid-out page (character boxes) or in a workbook's grid."""
    return bool(tok.span.boxes) or tok.grid is not None


def _parts(table: str, runs: list[Run], assign: dict[str, int], labels: dict[str, str],
           keys: list[str]) -> list[tuple[list[str], dict[str, float]]]:
    """The rows ``keys`` in the parts of a table whose columns stand in one place, with the
    centres of their header words: table 二's parts each under a header of their own (its
    columns stand elsewhere in each: (八) has two where (五) has three), else the whole table."""
    if table != template.ACTIVE_DISCLOSURE:
        return [(keys, _header_centres(table, runs, assign, labels))]
    heads = {i: words for i, run in enumerate(runs) if (words := geometry.header_centres(run.text_tokens, labels))}
    out: dict[int, list[str]] = {}
    for key in keys:  # (a header may share its run with the first row's label)
        above = [i for i in heads if i <= assign[key]]
        out.setdefault(above[-1] if above else -1, []).append(key)
    whole = _header_centres(table, runs, assign, labels) if -1 in out else {}
    return [(part, heads.get(i, whole)) for i, part in out.items()]


def _header_centres(table: str, runs: list[Run], assign: dict[str, int], labels: dict[str, str]) -> dict[str, float]:
    """The columns' header words: table 三's where they stand above its first row (a row
    label's word — the 总计 of "(七) 总计", the 其他 of "3. 其他" — is no header), else (none
    there, or table 二, whose parts each have their header) all the region's words."""
    if table == template.APPLICATIONS:
        first = min(assign.values(), default=0)
        above = geometry.header_centres([t for r in runs[:first] for t in r.text_tokens], labels)
        if above:
            return above
    return geometry.header_centres([t for r in runs for t in r.text_tokens], labels)


def _store(result: TableResult, row: str, columns: tuple[str, ...], cells: list[Cell]) -> None:
    for col, cell in zip(columns, cells, strict=True):
        result.cells[(row, col)] = cell


def _resolve(result: TableResult, pending: dict[str, list[list[Piece]]],
             issues: list[Issue]) -> None:
    """Decide ambiguous rows with the table's identities; a row is fixed only if every
    combination that satisfies them agrees on it."""
    lay = template.layout(result.table, result.layout)
    ids = rulebook.identities(result.table, result.layout)
    rows = list(pending)
    sizes = [len(pending[r]) for r in rows]
    chosen: dict[str, set[int]] = {r: set() for r in rows}
    if _product(sizes) <= MAX_COMBINATIONS and ids:
        for combo in itertools.product(*(range(s) for s in sizes)):
            values = _known_values(result)
            for r, k in zip(rows, combo, strict=True):
                for col, piece in zip(lay.columns_of(r), pending[r][k], strict=True):
                    values[(r, col)] = piece.value
            if _satisfies(ids, values, set(rows)):
                for r, k in zip(rows, combo, strict=True):
                    chosen[r].add(k)
    for r in rows:
        columns = lay.columns_of(r)
        if len(chosen[r]) == 1:
            _store(result, r, columns, [piece_cell(p) for p in pending[r][chosen[r].pop()]])
        else:
            issues.append(ambiguous_issue(result.table, r, pending[r], len(columns)))


def _product(sizes: list[int]) -> int:
    out = 1
    for s in sizes:
        out *= s
    return out


def _known_values(result: TableResult) -> dict[tuple[str, str], float | None]:
    return {key: cell.arithmetic for key, cell in result.cells.items()}


def _satisfies(ids, values: dict, rows: set[str]) -> bool:
    """All identities through the pending rows hold (identities with unknown cells are skipped)."""
    return all(relations.holds(i, values) is not False for i in ids if any(r in rows for r, _ in i.cells))


# ------------------------------------------------------------------ table 三
def read_applications(runs: list[Run], year: int | None, issues: list[Issue]) -> TableResult:
    """Table 三: try both layouts and keep the one whose rows match best."""
    fits = []
    for version in template.LAYOUTS:
        fit = layout_fit(template.APPLICATIONS, version, runs, template.APPLICATION_GROUPS[version])
        data_rows = sum(not k.startswith("group:") for k in fit[0])
        fits.append((fit[1], data_rows, _prefer(version, year), version, fit))
    *_, version, fit = max(fits, key=lambda f: f[:3])
    res, _ = read_rows(template.APPLICATIONS, version, runs, issues,
                       template.APPLICATION_GROUPS[version], fit)
    return res


def _prefer(version: str, year: int | None) -> int:
    expected = "2019" if year is not None and year <= 2020 else "2021"
    return int(version == expected)


# ------------------------------------------------------------------ table 二
def read_active(runs: list[Run], year: int | None, issues: list[Issue]) -> TableResult:
    """Table 二: the layout is told by its header words, then rows are aligned."""
    text = "".join(norm_label(r.text) for r in runs)
    votes = {v: sum(text.count(norm_label(w)) for w in words)
             for v, words in template.ACTIVE_LAYOUT_MARKERS.items()}
    scored = []
    most = max(votes.values())
    for version in template.LAYOUTS:
        if votes[version] < most:  # the header words tell the layout: the other is not read
            continue
        local: list[Issue] = []
        res, score = read_rows(template.ACTIVE_DISCLOSURE, version, runs, local)
        scored.append((votes[version], score, _prefer(version, year), version, res, local))
    scored.sort(key=lambda s: s[:3], reverse=True)
    *_, res, local = scored[0]
    issues.extend(local)
    return res


# ------------------------------------------------------------------ table 四
_HEADER_RL = sorted((norm_label(w) for w in template.HEADER_WORDS[template.REVIEW_LITIGATION]),
                    key=len, reverse=True)


_HEADING = re.compile(r"^[一二三四五六][、.].*?情况")


def _body(text: str) -> str:
    """Run text without a leading section heading."""
    return _HEADING.sub("", norm_label(text))


def header_only(text: str) -> bool:
    """Whether a run's (normalised) text is table 四's header words alone ("行政诉讼")."""
    return bool(header_tail_words(text)) and _header_like(_body(text))


def _header_like(body: str) -> bool:
    rest = body
    for word in _HEADER_RL:
        rest = rest.replace(word, "")
    rest = re.sub(r"[\W_一二三四五六七八九十、()]", "", rest)
    return len(rest) <= 2


MIN_REVIEW_WORDS = 3  # distinct table-四 header words that make a header


@cache
def _review_tail() -> re.Pattern:
    return tail_matcher(tuple({norm_label(w) for w in (*template.HEADER_WORDS[template.REVIEW_LITIGATION],
                                                       *template.TABLE_EXTRA_WORDS,
                                                       *template.REVIEW_HEADER_HALVES)}))


@cache
def _review_words() -> re.Pattern:
    words = sorted({norm_label(w) for w in template.REVIEW_HEADER_MARKS}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


def header_tail_words(text: str) -> set[str]:
    """The distinct table-四 header words in the header that closes ``text`` (a normalised
    run text); empty when the text does not end in header words. A sentence or caption may
    come before the header; a short label of the row of values may follow it (a column of
    labels: "件数", "2023年", "办理情况")."""
    words = set(_review_words().findall(closing(text, _review_tail())))
    if words or ("复议" not in text and "结果" not in text):  # (most texts: no header word at all)
        return words
    last = next(iter(reversed(list(_review_words().finditer(text)))), None)
    if last is None or not _ROW_LABEL.fullmatch(text[last.end():]):
        return words
    return set(_review_words().findall(closing(text[:last.end()], _review_tail())))


_ROW_LABEL = re.compile(r"[\w()]{1,8}")  # a short label after table 四's header: its row of values


def _review_values(runs: list[Run]) -> tuple[bool, list, Location | None, str, Location | None]:
    """(table seen, its value tokens, location, header text, where the table's header comes
    again): values of the runs from the header (a run ending in three or more of table 四's
    header words) on, while runs hold only header words or values, up to the header of another
    copy after a complete row (a page that prints the table twice). A number in the sentence
    before the header is no cell."""
    values: list = []
    header: list[str] = []
    started, loc = False, None
    for run in runs:
        if started and len(values) >= REVIEW_CELLS and \
                len(header_tail_words(norm_label(run.text))) >= MIN_REVIEW_WORDS:
            return started, values, loc, "".join(header), run.loc
        if not started:
            text = norm_label(run.text)
            if len(header_tail_words(text)) < MIN_REVIEW_WORDS:
                continue
            started, loc = True, run.loc
            header.append(closing(text, _review_tail()))
        elif not _header_like(_body(run.text)) and values:
            break
        elif len(values) >= REVIEW_CELLS and all(t.blank for t in run.values):
            break  # an empty row under a complete table
        elif not values:
            header.append(_body(run.text))
        if not numbering(run) and not (all(t.blank for t in run.values) and header_tail_words(norm_label(run.text))
                                       and not _blank_row_below(run)):
            values.extend(run.values)  # (a header line's empty cells — a Markdown table's, a grid's
            # merged header cells, also of 行政诉讼's own header after 行政复议's row — are none)
    return started, values, loc, "".join(header), None


def _blank_row_below(run: Run) -> bool:
    """A whole grid row of table 四's empty cells under its header's words (a body with no case
    to report, its zeros left blank): the row's cells, not the header's own empty ones."""
    cells = [t.grid for t in run.values]
    words = [t.grid for t in run.text_tokens]
    if len(cells) < REVIEW_CELLS or None in cells or not words or None in words:
        return False
    rows = {(g[0], g[1]) for g in cells}  # type: ignore[index]
    return len(rows) == 1 and all(g[0] == cells[0][0] and g[1] < cells[0][1] for g in words)  # type: ignore[index]


def _header_keys(header: str, lay: template.Layout) -> list[tuple[str, str]]:
    """Table 四's cells in the order its header prints them: the template's, or with the
    lawsuits before the reviews (行政诉讼 before 行政复议), their two groups swapped (复议后起诉
    before 未经复议直接起诉), or the five results in another order (the same in each group).
    Each group word counts where it stands last: a sentence run into the header may name a
    group before the header does ("本年度未发生行政诉讼。行政复议 行政诉讼 …")."""
    def last(*words: str) -> int:
        return max((header.rfind(norm_label(w)) for w in words), default=-1)

    review, direct, after = ((r.key, last(r.label.split("/")[-1], *r.aliases)) for r in lay.rows)
    lawsuits = [direct, after] if not 0 <= after[1] < direct[1] else [after, direct]
    groups = [*lawsuits, review] if 0 <= last(template.LITIGATION) < review[1] else [review, *lawsuits]
    words = {norm_label(w): c.key for c in lay.columns for w in (c.label, *c.aliases)}
    pattern = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    seen = [words[m.group()] for m in re.finditer(pattern, header)]
    columns = [c.key for c in lay.columns]
    if sorted(seen[:len(columns)]) == sorted(columns) and seen == seen[:len(columns)] * (len(seen) // len(columns)):
        columns = seen[:len(columns)]
    return [(g, c) for g, _ in groups for c in columns]


REVIEW_CELLS = 15


def _unnumbered(values: list, n: int) -> list:
    """Table 四's values without a row numbering its ``n`` columns (1 … 15) that a laid-out
    page ran into the values' line: ``n`` values 1 … n before the others. No data reads so
    (each group's 总计 would not be its sum)."""
    return values[n:] if len(values) > n and counting(values[:n]) else values


def _unserial(values: list, runs: list[Run], n: int) -> list:
    """Table 四's values without the serial number of a 序号 column (its one row: 1)."""
    if len(values) == n + 1 and values[0].value == 1 and any("序号" in r.text for r in runs[:3]):
        return values[1:]
    return values


def _transposed(runs: list[Run], lay: template.Layout) -> list | None:
    """Table 四 printed the other way round: a row per result (结果维持 … 总计), a column per
    group. Taken only when every result row is there, in order, each with one value per
    group — or, on a laid-out page where blank cells leave no trace, with its values placed
    under the group headers."""
    labels = _column_labels(lay)
    found = []
    for run in runs:  # a run ending in a result label (the header may run into the first)
        key = next((k for w, k in labels.items() if run.values and _body(run.text).endswith(w)), None)
        if key:
            found.append((key, run.values))
    keys = [c.key for c in lay.columns]
    if [k for k, _ in found] != keys or any(len(v) > len(lay.rows) for _, v in found):
        return None
    if any(len(v) < len(lay.rows) for _, v in found):
        return _transposed_by_position([v for _, v in found], runs, lay)
    return [found[c][1][g] for g in range(len(lay.rows)) for c in range(len(keys))]


def _transposed_by_position(rows: list[list], runs: list[Run], lay: template.Layout) -> list | None:
    """The result rows of a transposed table 四 placed under the three group headers (by
    centres or edges, as :func:`_review_by_position`), in template cell order."""
    groups = {norm_label(w): r.key for r in lay.rows for w in (r.label, *r.aliases)}
    slots = geometry.header_slots([t for r in runs for t in r.text_tokens], groups)
    order = [r.key for r in lay.rows]
    if [s[1] for s in slots] != order:
        return None

    def place(anchor) -> list | None:
        refs = {key: anchor((left, right)) for _, key, left, right in slots}
        found = [geometry.by_position(v, tuple(order), refs, where=_edge(anchor)) if len(v) < len(order)
                 else v for v in rows]
        placed = [p for p in found if p is not None]
        if len(placed) < len(found):
            return None
        return [placed[c][g] for g in range(len(order)) for c in range(len(rows))]

    return _agreed(place, lay)


def _edge(anchor):
    def where(tok) -> float | None:
        span = geometry.extent(tok)
        return None if span is None else anchor(span)
    return where


def _agreed(place, lay: template.Layout, keys: list[tuple[str, str]] | None = None) -> list | None:
    """The placement the anchors (centre, left, right) agree on; where they disagree, the one
    placement that satisfies the table's identities (cells in the order of ``keys``), else
    None."""
    keys = keys or lay.cell_keys()
    accept = relations.test_rows(rulebook.identities(lay.table, lay.version), keys)
    found = [p for p in (place(anchor) for anchor in geometry.ANCHORS.values()) if p]
    if len({tuple(_signature(p)) for p in found}) > 1:  # the anchors disagree: totals decide
        ok = accept([[t.value or 0.0 for t in p] for p in found])
        found = [p for p, good in zip(found, ok, strict=True) if good]
    if not found or len({tuple(_signature(p)) for p in found}) > 1:
        return None
    return found[0]


def _review_by_position(values: list, runs: list[Run], lay: template.Layout,
                        keys: list[tuple[str, str]]) -> list | None:
    """Table 四 on a laid-out page: its header prints the five result columns once per group;
    when all fifteen are found in order, the values are placed under them — by the centres of
    header words and numbers, or by their left or right edges (cells aligned that way). When
    these disagree, only placements that satisfy the three group totals count, and they must
    agree."""
    labels = _column_labels(lay)
    slots = geometry.header_slots([t for r in runs for t in r.text_tokens], labels)
    if [s[1] for s in slots] != [c for _, c in keys]:
        return None

    def place(anchor) -> list | None:
        refs = {str(i): anchor((left, right)) for i, (_, _, left, right) in enumerate(slots)}
        return geometry.by_position(values, tuple(refs), refs, where=_edge(anchor))

    return _agreed(place, lay, keys)


def _without_remarks(values: list, runs: list[Run], keys: list[tuple[str, str]]) -> list:
    """Table 四 on a laid-out page with a 备注 header right of its fifteen header words: the
    values that stand under the fifteen ("无" under 备注 is none)."""
    text = [t for r in runs for t in r.text_tokens]
    remarks = geometry.word_centre(text, template.REMARK_HEADERS)
    if remarks is None:
        return values
    slots = geometry.header_slots(text, _column_labels(template.layout(template.REVIEW_LITIGATION, "2021")))
    if [s[1] for s in slots] != [c for _, c in keys]:
        return values
    return geometry.within(values, [s[0] for s in slots], remarks)


def _signature(tokens: list) -> list:
    """What stands in each slot (a value token by its place in the text, or a blank)."""
    return [(t.raw, t.start, id(t.span)) for t in tokens]


def read_review(runs: list[Run], version: str, issues: list[Issue], closed: bool = False) -> TableResult:
    """Table 四: 15 values after its header, read row-wise across the three groups (in the
    order the header prints them). Nothing after the header before the next part's heading
    (``closed``) on a page or in a workbook: a table whose cells were all left blank (they
    leave no trace there)."""
    lay = template.layout(template.REVIEW_LITIGATION, version)
    result = _empty(template.REVIEW_LITIGATION, version)
    started, values, result.loc, header, again = _review_values(runs)
    if not started:
        return result
    if not values and closed and runs[-1].text_tokens and _laid_out(anchor := runs[-1].text_tokens[-1]):
        values = _blanks(anchor, REVIEW_CELLS)
    if again is not None:
        issues.append(Issue("table-repeated", template.REVIEW_LITIGATION, None, {}, again))
    transposed = _transposed(runs, lay)
    values = transposed or values
    keys = lay.cell_keys() if transposed else _header_keys(header, lay)
    result.found = True
    result.rows_found = {r.key for r in lay.rows}
    values = _without_remarks(_unnumbered(_unserial(values, runs, len(keys)), len(keys)), runs, keys)
    if len(values) != len(keys):
        values = grid.below_header(values, grid.header_cells(runs, set(_HEADER_RL))) or values
    if len(values) < len(keys):
        values = _review_by_position(values, runs, lay, keys) or values
    ids = rulebook.identities(lay.table, lay.version)
    # one row of 15 values: run together when fewer than half of them were read
    read = read_row(template.REVIEW_LITIGATION, "*", values, len(keys), relations.test_rows(ids, keys),
                    2 * len(values) < len(keys))
    if read.cells is None and read.options:
        read = RowRead(None, issue=ambiguous_issue(template.REVIEW_LITIGATION, "*",
                                                   read.options, len(keys)))
    cells = read.cells
    if cells is None:
        issue = read.issue or Issue("value-count", template.REVIEW_LITIGATION, None)
        issue.row = None
        issue.loc = issue.loc or result.loc
        issues.append(issue)
        cells = unreadable(len(keys))
    for key, cell in zip(keys, cells, strict=True):
        result.cells[key] = cell
    return result
