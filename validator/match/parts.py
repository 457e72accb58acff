"""The text of parts 五 (存在的主要问题及改进情况) and 六 (其他需要报告的事项), found by what their
headings say rather than by their numerals, and what that text speaks of.

A heading is found where the template's words for the part stand either after any numeral
("五、…", "四、…" in a report that renumbered its parts, "5.…") or alone on a short line
("政府信息公开工作存在的主要问题及改进情况"), or, as the whole heading, anywhere in a line (glued
text). Words that list the parts ("由……、存在的主要问题及改进情况和其他需要报告的事项等六部分组成")
are no heading. Of several candidates the last is taken (a table of contents or an
introduction comes first, the report's own heading later); a 六 before the last 五 is none.

A part runs from its heading to the next part's heading, or to the date the report is signed
with, or to the end (``closed`` is False then: page furniture may follow, so nothing is
concluded from its length).
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from validator.match.tokens import han, normalize
from validator.model.document import Document, Location, Span
from validator.model.report import Part
from validator.template import PART_HEADS, TITLE_RES

_NUMERAL = r"(?:(?<![第一二三四五六七八九十])[一二三四五六七八九十]|(?<![\d.])\d{1,2})\s*[、.．]\s*"
# before the words, after a numeral: "五、政府信息公开工作存在的…"; on a line of its own only
# the report's own subject may stand there
_AFTER_NUMERAL = r"[^、,;。:\d(]{0,16}?"
_ALONE = r"(?:政府信息公开|政务公开|信息公开)?(?:工作)?(?:中)?"
_HEAD_RES = {part: (re.compile(rf"{_NUMERAL}{_AFTER_NUMERAL}(?:{pat})"),
                    re.compile(rf"^(?:{_NUMERAL})?{_ALONE}(?:{pat})[:。]?$"))
             for part, pat in PART_HEADS.items()}
# the whole heading, wherever it stands (glued text has no lines): not after 无/有 ("无其他需要报告的
# 事项" is a sentence of part 六, not its heading)
_WHOLE = {"五": re.compile(r"(?<![无有])存在的?(?:主要)?(?:问题|不足)[^,;。:\d]{0,4}?(?:及|和|与|、|以及)(?:改进|整改)"
                          r"(?:情况|措施)"),
          "六": re.compile(rf"(?<![无有])(?:{PART_HEADS['六']})")}
# words without which a paragraph holds no heading of the part (nor its first line)
_TRIGGERS = {"五": re.compile("问题|不足|存在"), "六": re.compile("事项|需要|其他|其它")}
# the words of a list of parts around a candidate: "…改进情况和其他需要报告的事项等六部分"
_LIST_AFTER = re.compile(rf"\s*(?:[、,;]|和|及|以及|与)\s*(?:{_NUMERAL})?(?:其他|其它|需要)|\s*等?[五六七]?个?部分")
_LIST_BEFORE = re.compile(rf"(?:改进|整改|问题)(?:情况|措施)?\s*(?:[、,;]|和|及|以及|与)\s*(?:{_NUMERAL})?$")
SIGNED = re.compile(r"^\s*(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*$")
MAX_CHARS = 4000  # of an open part (to the end of a page: furniture follows)
# a web page's panel after the article: other pages' titles and summaries, no text of the report
RELATED = re.compile(r"^【?(?:相关(?:阅读|链接|文章|新闻|信息|文件|解读|推荐|稿件|内容)|推荐阅读|延伸阅读|"
                     r"热点(?:推荐|新闻|文章)|上一篇|下一篇|打印本页|关闭窗口)")
_STOPS = re.compile(r"[。!?！？]")

# What a part's text speaks of (the topics rules ask about; keys in template.PART_TOPICS)
_FEE = re.compile(r"处理费|收费|收取|缴费|费用|计费")
_NO_NOTICE = re.compile(r"(?:未|没有|无|不曾)(?:向[^,;。\d]{0,12}?)?(?:发出|发放|出具|开具|送达|下发|寄送|制发)"
                        r"(?:过|任何)?[^,;。\d]{0,12}?收费通知"
                        r"|(?:发出|出具|开具|送达|下发|寄送|制发)[^,;。\d]{0,8}?收费通知书?[^,;。\d]{0,4}?(?<!\d)0\s*(?:件|份|次|个)")
_EARLIER = r"上一?年度?|去年|往年|前一年|以往年度"
_PROBLEM = re.compile(r"问题|不足|短板|意见|建议|差距")
_REMEDY = re.compile(r"整改|改进|落实|解决|完善|提升|加强|改正|纠正")


EXCERPT = 160


@dataclass(frozen=True, slots=True)
class Outline:
    """Each block's normalised text without spaces (a table's: ""), its location, and where
    the headings of parts 五 and 六 stand."""

    texts: list[str]
    locs: list[Location | None]
    heads: dict[str, Position | None]


def outline(doc: Document) -> Outline:
    texts, locs = _paragraphs(doc)
    return Outline(texts, locs, _heads(texts))


def parts(doc: Document, year: int | None, known: Outline | None = None) -> dict[str, Part]:
    """Parts 五 and 六 of the document, where their headings are found (``known``: the
    document's :func:`outline`, when taken already)."""
    lines = known or outline(doc)
    texts, locs, found = lines.texts, lines.locs, lines.heads
    out: dict[str, Part] = {}
    for part, at in found.items():
        if at is None:
            continue
        text, closed = _text(texts, at, found["六"] if part == "五" else None)
        out[part] = Part(text[:EXCERPT], locs[at.paragraph], closed, sentences(text), _topics(text, year))
    return out


def _heads(texts: list[str]) -> dict[str, Position | None]:
    """The headings of parts 五 and 六: the last of each (a 六 before the last 五 is a table of
    contents' or a list's, not the heading of the part)."""
    heads = {part: _candidates(texts, part) for part in PART_HEADS}
    five = heads["五"][-1] if heads["五"] else None
    six = heads["六"][-1] if heads["六"] and (five is None or heads["六"][-1] > five) else None
    return {"五": five, "六": six}


TITLES = [re.compile(t) for t in TITLE_RES]  # a report's title (also match's)
_ZERO = "〇零○OＯ0"
_DIGIT = {**dict.fromkeys(_ZERO, "0"), **{c: str(i) for i, c in enumerate("一二三四五六七八九", 1)}}
_CN_YEAR = re.compile(rf"(?<![一二三四五六七八九十{_ZERO}])([一二][{_ZERO}][{_ZERO}一二三四五六七八九]{{2}})(?=\s*年)")


def arabic_years(text: str) -> str:
    """Years written in Chinese numerals turned into digits ("二〇二二年", "二O二二年": 2022年),
    as titles and dates print them."""
    if not _CN_YEAR.search(text):
        return text
    return _CN_YEAR.sub(lambda m: "".join(_DIGIT[c] for c in m.group(1)), text)


def report_start(lines: Outline) -> int:
    """The index of the report's first block: its title nearest before the first table (a
    page's sidebar or teaser before the article — another report's numbers — is no text of
    it), else 0."""
    first = next((i for i, text in enumerate(lines.texts) if not text), 0)  # (a table's text: "")
    for i in range(first - 1, -1, -1):
        if any(t.search(arabic_years(lines.texts[i])) for t in TITLES):
            return i
    return 0


def report_end(lines: Outline) -> int | None:
    """The index of the first block after the report (or None: it runs to the end): after
    part 六, the block after the date the report is signed with, or a page's related-links
    panel (相关阅读, 上一篇…) — what a web page shows after the article is no text of it."""
    texts, six = lines.texts, lines.heads["六"]
    if six is None:
        return None
    for i in range(six.paragraph + 1, len(texts)):
        if SIGNED.match(texts[i]):
            return i + 1
        if RELATED.match(texts[i]):
            return i
    return None


@dataclass(frozen=True, order=True, slots=True)
class Position:
    """A heading: where it starts and ends in the paragraphs joined, and its (first) paragraph."""

    start: int
    end: int
    paragraph: int


def _paragraphs(doc: Document) -> tuple[list[str], list[Location | None]]:
    """Each paragraph's normalised text without spaces (a table is one empty paragraph)."""
    texts: list[str] = []
    locs: list[Location | None] = []
    for block in doc.blocks:
        if isinstance(block, Span):
            texts.append(re.sub(r"\s+", "", normalize(block.text)[0]))
            locs.append(block.loc)
        else:
            texts.append("")
            locs.append(None)
    return texts, locs


def _candidates(texts: list[str], part: str) -> list[Position]:
    """Every place a heading of ``part`` may stand, in document order."""
    alone = _HEAD_RES[part][1]
    out: list[Position] = []
    base = 0
    words = _TRIGGERS[part]
    for i, text in enumerate(texts):
        if not words.search(text):  # most paragraphs (a page's furniture) cannot be a heading
            base += len(text)
            continue
        found = _in_paragraph(text, part)
        if not found and i + 1 < len(texts) and _broken(text, texts[i + 1]):
            joined = text + texts[i + 1]  # a heading broken over two lines (PDF)
            if (m := alone.match(joined)) and m.end() > len(text):
                found = [(0, len(joined))]
        out.extend(Position(base + a, base + b, i) for a, b in found)
        base += len(text)
    return out


def _in_paragraph(text: str, part: str) -> list[tuple[int, int]]:
    numbered, alone = _HEAD_RES[part]
    if len(text) <= 40 and (m := alone.match(text)) and not _listed(text, m.start(), m.end()):
        return [(0, len(text))]
    found = [m for m in numbered.finditer(text) if not _listed(text, m.start(), m.end())]
    covered = {m.end() for m in found}
    found += [m for m in _WHOLE[part].finditer(text)
              if m.end() not in covered and not _listed(text, m.start(), m.end())]
    return sorted((m.start(), m.end()) for m in found)


def _broken(text: str, following: str) -> bool:
    """``text`` may be the start of a heading whose end is ``following``'s (short lines
    without a full stop)."""
    return 0 < len(text) <= 30 and 0 < len(following) <= 12 and "。" not in text


def _listed(text: str, start: int, end: int) -> bool:
    """The words are an item of a list of the parts, not a heading."""
    return bool(_LIST_AFTER.match(text, end) or _LIST_BEFORE.search(text[max(0, start - 16):start]))


def _text(texts: list[str], at: Position, stop: Position | None) -> tuple[str, bool]:
    """The part's text from after its heading to ``stop`` (the next part's heading), else to
    the date the report is signed with and the name signed above it (closed) or to the end
    (open, at most ``MAX_CHARS``)."""
    flat = "".join(texts)
    if stop is not None:
        return flat[at.end:stop.start], True
    ends = list(itertools.accumulate(map(len, texts)))
    k = bisect.bisect_right(ends, at.end)  # the paragraph of the first character after the heading
    mid = k < len(texts) and at.end > (ends[k - 1] if k else 0)
    out = [flat[at.end:ends[k]]] if mid else []
    for text in texts[k + 1 if mid else k:]:
        if SIGNED.match(text):
            if out and _signer(out[-1]):
                out.pop()
            return "".join(out), True
        if RELATED.match(text):  # the page's panel after the article
            return "".join(out), True
        out.append(text)
        if sum(map(len, out)) > MAX_CHARS:
            break
    return "".join(out)[:MAX_CHARS], False


def _signer(text: str) -> bool:
    """The line above a signature date: the name of a body, no sentence."""
    return len(text) <= 30 and bool(_BODY.search(text)) and not re.search(r"[。,;:!?]|费", text)


_BODY = re.compile(r"(?:政府|办公室|办公厅|局|委员会|委|办|厅|中心|院|所|署|处|站|管委会|公司|街道办事处)$")


def sentences(text: str) -> int:
    """Sentences of some substance: eight Chinese characters or more (the last one may lack
    its full stop)."""
    return sum(han(piece) >= 8 for piece in _STOPS.split(text))


def _topics(text: str, year: int | None) -> tuple[str, ...]:
    found = []
    if _FEE.search(text):
        found.append("fee")
    if _NO_NOTICE.search(text):
        found.append("no-fee-notices")
    if _previous_problems(text, year):
        found.append("previous-problems")
    return tuple(found)


def _previous_problems(text: str, year: int | None) -> bool:
    """A sentence about the problems of an earlier year (上年度, 去年, "2022年" in the 2023
    report…) and what was done about them."""
    earlier = re.compile(_EARLIER + (rf"|{year - 1}年" if year else ""))
    return any(earlier.search(s) and _PROBLEM.search(s) and _REMEDY.search(s)
               for s in _STOPS.split(text))
