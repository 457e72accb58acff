"""Group tokens into runs (label text followed by its values) and find section headings."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache

from validator.match.tokens import LABEL_MARK, Kind, Token, norm_label
from validator.template import (
    ACTIVE_DISCLOSURE,
    APPLICATIONS,
    LAYOUTS,
    NUMBERING_LABELS,
    SECTION_TITLES,
    SECTION_VARIANTS,
    SECTIONS,
    layout,
)

# Row labels of table 二 (no numbering marks them): one standing alone ends a run.
_BARE = re.compile("^(?:" + "|".join(sorted(
    {re.escape(w) for v in LAYOUTS for r in layout(ACTIVE_DISCLOSURE, v).rows for w in (r.label, *r.aliases)},
    key=len, reverse=True)) + r")\s*$")

# The same normalised: a cell that is one of them begins a row, whatever stands in the grid
# row above (an unknown header word); so does a line, for those no longer label ends with (a
# line "规范性文件" may be the end of "行政规范性文件" wrapped).
_ROW_LABELS = frozenset(norm_label(x) for v in LAYOUTS for r in layout(ACTIVE_DISCLOSURE, v).rows
                        for x in (r.label, *r.aliases))
_COUNT = re.compile(r"[(（]\s*\d+\s*[)）]")
_WHOLE_LABELS = frozenset(w for w in _ROW_LABELS if not any(o != w and o.endswith(w) for o in _ROW_LABELS))

# The first characters of table 三's long row labels without their numbering ("本年新收政府…"):
# a line or cell that begins with one begins a row, even where OCR or the publisher dropped "一、".
_OPENING = 6
_OPENINGS = frozenset(core[:_OPENING] for v in LAYOUTS for r in layout(APPLICATIONS, v).rows
                      for w in (r.label, *r.aliases)
                      if len(core := LABEL_MARK.sub("", norm_label(w))) >= _OPENING)

# Where a new label starts inside running text: "三、", "(三)", "3." or "3、" (after NFKC).
_NUMERAL = re.compile(r"^[一二三四五六七八九十][,:]?(?=[^、.)])")
# ("七)": the "(" of "(七)" wrapped onto the line before and dropped, a narrow cell's)
_LABEL_START = re.compile(r"(?=[一二三四五六七八九十]、)|(?=(?<![一二三四五六七八九十])[一二三四五六七八九十]\.(?!\d))"
                          r"|(?=\([一二三四五六七八九十]\))|(?=(?<!\d)\d[.、])"
                          r"|(?=(?<![(一二三四五六七八九十])[一二三四五六七八九十]\))")


@dataclass(slots=True)
class Run:
    """Label text (whitespace removed) and the value tokens that follow it."""

    text: str
    text_tokens: list[Token] = field(default_factory=list)
    values: list[Token] = field(default_factory=list)

    @property
    def loc(self):
        tokens = self.text_tokens or self.values
        return tokens[0].loc if tokens else None


def numbering(run: Run) -> bool:
    """A row that numbers the table's columns ("栏次 1 2 3 4 5 6 7"): its values are the whole
    numbers 1, 2, 3 … in order — four or more, or three under a numbering label. No row of the
    template can read so and hold (a total would be the sum of the others); it holds no data."""
    numbers = [t for t in run.values if not t.blank]
    if len(numbers) < 3 or any(t.unit for t in numbers) or not counting(numbers):
        return False
    return len(numbers) >= 4 or norm_label(run.text).endswith(NUMBERING_LABELS)


def counting(tokens: list[Token]) -> bool:
    """Whether ``tokens`` are the whole numbers 1, 2, 3 … in order."""
    return all(t.kind is Kind.NUMBER and t.text == str(i) for i, t in enumerate(tokens, 1))


def build_runs(tokens: list[Token]) -> list[Run]:
    """Cut the token stream into runs; long text is split where a new label starts."""
    runs: list[Run] = []
    text_tokens: list[Token] = []
    values: list[Token] = []

    def flush() -> None:
        if text_tokens or values:
            runs.extend(_split(text_tokens, values))

    skip = _leading_blanks(tokens)
    block = None
    for i, tok in enumerate(tokens):
        if i in skip:
            continue
        here = _block(tok)
        if here != block and (text_tokens or values) and not _row_goes_on(block, here, tok, values):
            flush()  # prose never runs into a table
            text_tokens, values = [], []
        block = here
        if tok.kind is Kind.TEXT:
            if values:
                flush()
                text_tokens, values = [], []
            text_tokens.append(tok)
        else:
            if values and _grid_row(values[-1]) != _grid_row(tok):
                flush()  # cells of another grid row (an empty spacer row): not this row's
                text_tokens, values = [], []
            values.append(tok)
    flush()
    return runs


def _row_goes_on(block, here, tok: Token, values: list[Token]) -> bool:
    """Whether a label at the foot of a page takes the values that open the next page (a
    table row broken over the page break: its label on one page, its numbers on the next)."""
    return (block is not None and not values and tok.kind is not Kind.TEXT and not tok.cell
            and block[:2] == here[:2] and block[2] is not None and here[2] == block[2] + 1)


def _grid_row(tok: Token) -> tuple[int, int] | None:
    grid = tok.grid
    return grid[:2] if grid else None


def _block(tok: Token) -> tuple[bool, int | None, int | None]:
    """Whether a token is a table cell, of which table, on which page: a run never spans
    prose and a table, two tables or two pages (a row at the foot of a page is not continued
    by the running header and repeated table header on the next)."""
    return tok.cell, tok.span.loc.table if tok.cell else None, tok.span.loc.page


def _leading_blanks(tokens: list[Token]) -> set[int]:
    """Blank grid cells left of their row's label (a leading empty column): they are no
    value of the row before."""
    drop: set[int] = set()
    pending: list[int] = []
    for i, tok in enumerate(tokens):
        if tok.blank and tok.grid:
            pending.append(i)
            continue
        where = tok.grid if tok.kind is Kind.TEXT else None
        if where:
            drop.update(j for j in pending
                        if (at := tokens[j].grid) is not None and at[:2] == where[:2] and at[2] < where[2])
        pending = []
    return drop


def _split(text_tokens: list[Token], values: list[Token]) -> list[Run]:
    bare = [i for i, t in enumerate(text_tokens[:-1]) if _BARE.match(t.text)]
    if bare:  # a row label alone on its line or in its cell, its cells all blank: a run of its own
        cut = bare[0] + 1
        return _split(text_tokens[:cut], []) + _split(text_tokens[cut:], values)
    opening = next((i for i in range(1, len(text_tokens)) if _opens_row(text_tokens, i)), None)
    if opening is not None:  # what stands before a line that begins a row is not its label
        return _split(text_tokens[:opening], []) + _split(text_tokens[opening:], values)
    text = "".join(t.text for t in text_tokens)
    cuts = [m.start() for m in _LABEL_START.finditer(text) if m.start() > 0]
    if not cuts:
        return [Run(text, text_tokens, values)]
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    owners = _token_owners(text_tokens, [0, *cuts])
    out = [Run(piece, owners[i], []) for i, piece in enumerate(pieces)]
    out[-1].values = values
    return out


def _opens_row(tokens: list[Token], i: int) -> bool:
    """Whether ``tokens[i]`` begins its line (or cell) with the opening of a row label of
    table 三, or is a whole row label of table 二 (the words before it are not its label:
    a header whose words the template does not know ends there)."""
    tok = tokens[i]
    if tok.span is tokens[i - 1].span or tok.span.text[:tok.start].strip():
        return False
    label = norm_label(tok.text)
    if tok.cell and label in _ROW_LABELS and _grid_row(tok) is not None and _grid_row(tok) != _grid_row(tokens[i - 1]):
        return True
    if not tok.cell and label in _WHOLE_LABELS and not _COUNT.fullmatch(tok.span.text[tok.end:].strip()):
        return True  # a line (a catalogue's "规章 （12）" aside: a count in brackets is no row)
    head = ""
    for t in tokens[i:]:
        head += t.text
        if len(head) >= _OPENING + 1:  # a numeral apart ("一 本年新收…") is numbering too
            return _opening(head)
    return False


@lru_cache(maxsize=1 << 12)
def _opening(head: str) -> bool:
    """Whether ``head`` opens a row label of table 三 (after its numbering)."""
    return any(h[:_OPENING] in _OPENINGS for h in (LABEL_MARK.sub("", head), _NUMERAL.sub("", head)))


def _token_owners(tokens: list[Token], starts: list[int]) -> list[list[Token]]:
    """For each piece starting at ``starts[i]``, the tokens overlapping it."""
    owners: list[list[Token]] = [[] for _ in starts]
    pos = 0
    for tok in tokens:
        end = pos + len(tok.text)
        for i, start in enumerate(starts):
            stop = starts[i + 1] if i + 1 < len(starts) else float("inf")
            if pos < stop and end > start:
                owners[i].append(tok)
        pos = end
    return owners


def _section_pattern(n: int, num: str, pat: str) -> re.Pattern:
    """The heading of section ``num`` (the ``n``-th): its title after its numeral as the
    template writes it (一、) or otherwise — 一. 一, (一) 第一部分 1. 1、 — or, for a distinctive
    title at the start of a run without one (四's closed by 情况: table 四's header begins with
    行政复议)."""
    words = f"{pat}|{SECTION_VARIANTS[num]}" if num in SECTION_VARIANTS else pat
    numbered = rf"(?:{num}[、.,:]?|\({num}\)|第{num}(?:部分|章)?[、.,:]?|(?<!\d){n}[.、])(?:{words})"
    return re.compile(rf"{numbered}|^(?:{pat})" + (r"[^\d]{0,12}?情况" if num == "四" else ""))


_SECTION_RES = [(num, re.compile(rf"{num}[、.]\s*(?:{pat})")) for num, pat in SECTIONS]
_SECTION_ANY = [(num, _section_pattern(n, num, pat)) for n, (num, pat) in enumerate(SECTIONS, start=1)]
_SECTION_LINES = [re.compile(p.pattern, re.MULTILINE) for _, p in _SECTION_ANY]


def find_sections(runs: list[Run]) -> dict[str, int]:
    """Index of the run holding each section heading 一…六, found in order: as the template
    numbers it where a run has it so, else numbered otherwise (or without a numeral)."""
    found: dict[str, int] = {}
    start = 0
    for (num, pattern), (_, other) in zip(_SECTION_RES, _SECTION_ANY, strict=True):
        at = next((i for i in range(start, len(runs)) if pattern.search(runs[i].text)), None)
        if at is None:
            at = next((i for i in range(start, len(runs)) if other.search(runs[i].text)
                       or any(other.match(head) for head in _paragraph_heads(runs[i]))), None)
        if at is None:
            at = next((i for i in range(start, len(runs)) if _misspelt_heading(num, runs[i].text)), None)
        if at is not None:
            found[num] = start = at
    return found


_NUMBERED = re.compile(r"^(?P<num>[一二三四五六])[、.]\s*(?P<title>[^,;。:\d]{4,24})")
MISSPELT = 85  # similarity to the template's heading (rapidfuzz ratio) of a heading with a typo


def _misspelt_heading(num: str, text: str) -> bool:
    """Whether ``text`` opens with part ``num``'s heading written with a typo ("三、收到和处里
    政府信息公开申请情况"): its numeral as the template writes it, then words within a
    character or two of the template's."""
    m = _NUMBERED.match(text)
    if m is None or m.group("num") != num:
        return False
    from rapidfuzz import fuzz

    title = SECTION_TITLES[num]
    return fuzz.ratio(m.group("title")[:len(title)], title) >= MISSPELT


HEADING_CHARS = 40  # a paragraph this short that begins with a part's title is its heading


def _paragraph_heads(run: Run) -> list[str]:
    """The short paragraphs (or lines) that begin inside ``run``: a heading without its numeral
    (Word's automatic numbering prints it, the text does not hold it) may be one."""
    out = []
    for tok in run.text_tokens:
        text = tok.span.text
        if not text[:tok.start].strip() and len(text.strip()) <= HEADING_CHARS:
            out.append(norm_label(text))
    return out


def find_sections_anywhere(runs: list[Run]) -> set[str]:
    """Numerals of the section headings present anywhere (in any order): each heading looked
    for in all run texts at once (a line each), a match then confirmed in its own run."""
    texts = [r.text for r in runs]
    if not texts:
        return set()
    joined = "\n".join(texts)  # run texts hold no line break
    starts = list(itertools.accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
    found = {num for (num, pattern), lines in zip(_SECTION_ANY, _SECTION_LINES, strict=True)
             if _anywhere(pattern, lines, joined, texts, starts)}
    if len(found) < len(SECTIONS):  # a heading with a typo (rare: looked for only then)
        found |= {num for num, _ in SECTIONS if num not in found
                  and any(_misspelt_heading(num, t) for t in texts if t[:1] == num)}
    return found


def _anywhere(pattern: re.Pattern, lines: re.Pattern, joined: str, texts: list[str], starts: list[int]) -> bool:
    """Whether ``pattern`` matches one of ``texts``: ``lines`` (the pattern, ``^`` at every
    line) finds every run's match in ``joined`` and some that run over a line break, which
    the run's own text rules out."""
    pos = 0
    while (m := lines.search(joined, pos)) is not None:
        i = bisect.bisect_right(starts, m.start()) - 1
        if pattern.search(texts[i]):
            return True
        if i + 1 >= len(starts):
            return False
        pos = starts[i + 1]
    return False
