"""Numbers the prose states about the tables ("共收到政府信息公开申请73件").

Every mention is kept, with the sentence it stands in (the evidence) and whether its scope
is unambiguous: a sentence that names another body or a wider scope (全市, 各部门, 代表…,
备案, 其中) may count something other than the table, so a mismatch there is only a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from validator.document import Document, Location, Span
from validator.match.tokens import normalize
from validator.template import SECTIONS

# Statement kinds
RECEIVED = "received"  # 一 本年新收 (or 一+二 when the sentence says 含上年结转)
RECEIVED_TOTAL = "received_with_carried_over"
CARRIED_OVER = "carried_over"
HANDLED = "handled"
CARRIED_FORWARD = "carried_forward"
REVIEW = "review"
LITIGATION = "litigation"
GRANTED = "granted"
GRANTED_OR_PARTIAL = "granted_or_partially_granted"
PARTIALLY_GRANTED = "partially_granted"
DENIED = "denied"
UNABLE = "unable"
NOT_PROCESSED = "not_processed"
OTHER_HANDLING = "other_handling"
REGULATIONS_ISSUED = "regulations_issued"
NORMATIVE_ISSUED = "normative_documents_issued"
NONE_RECEIVED = "none_received"
NO_REVIEW_LITIGATION = "no_review_litigation"

_CN = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
       "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000, "万": 10000}
NUM = r"(?P<num>\d[\d,]*|[零〇一二两三四五六七八九十百千万]+)"
UNIT = r"\s*(?:件|起|宗|个|份)"
SCOPE = re.compile(r"全市|全区|全县|全省|全州|全镇|全旗|各级|各部门|各单位|各乡镇|各街道|各县|各区|"
                   r"部门|乡镇|街道|系统|本级|代表|汇总|备案|累计|合计|以来|同比|去年|上年度共|"
                   r"分别|平均|下属|所属|直属")
_SENTENCE = re.compile(r"[^。；;！!？?]+[。；;！!？?]?")
_CLAUSE = re.compile(r"[^，,、（）()]+")

# a stretch of words that does not talk about reviews, lawsuits or one outcome
_NOT_REVIEW = r"(?:(?!复议|诉讼|予以公开|部分公开|不予公开|无法提供|不予处理|其他处理)[^，,。；\d])"

_OUTCOME_GAP = r"[^，,。；\d]{0,8}?"
_AND = r"(?:及|和|与|、|或|以及)"
_MADE = r"(?:制发|出台|印发|制定|发布)了?"
_DOC_GAP = r"(?:(?!管理|备案|审查|清理|目录|评估)[^，,。；\d]){0,6}?"
_NORMATIVE = r"(?:行政)?规范性文件"
_RULES = r"(?:政府)?规章"
_PATTERNS: list[tuple[str, re.Pattern]] = [
    # documents of table 二 the body made this year
    (NORMATIVE_ISSUED, re.compile(rf"{_MADE}{_NORMATIVE}{_DOC_GAP}{NUM}{UNIT}")),
    (NORMATIVE_ISSUED, re.compile(rf"{_MADE}{NUM}{UNIT}{_NORMATIVE}(?!管理|备案|审查|清理|目录)")),
    (REGULATIONS_ISSUED, re.compile(rf"{_MADE}{_RULES}{_DOC_GAP}{NUM}{UNIT}")),
    (REGULATIONS_ISSUED, re.compile(rf"{_MADE}{NUM}{UNIT}{_RULES}")),
    # outcomes of table 三 (before 办结/答复, whose words may precede them in a sentence)
    (GRANTED_OR_PARTIAL, re.compile(rf"予以公开{_AND}部分公开{_OUTCOME_GAP}{NUM}{UNIT}")),
    (GRANTED, re.compile(rf"(?<!不)予以公开(?!{_AND}){_OUTCOME_GAP}{NUM}{UNIT}")),
    (PARTIALLY_GRANTED, re.compile(rf"(?<![及和与、或含])部分公开{_OUTCOME_GAP}{NUM}{UNIT}")),
    (DENIED, re.compile(rf"不予公开{_OUTCOME_GAP}{NUM}{UNIT}")),
    (UNABLE, re.compile(rf"无法提供{_OUTCOME_GAP}{NUM}{UNIT}")),
    (NOT_PROCESSED, re.compile(rf"不予处理{_OUTCOME_GAP}{NUM}{UNIT}")),
    (OTHER_HANDLING, re.compile(rf"其他处理{_OUTCOME_GAP}{NUM}{UNIT}")),
    (CARRIED_OVER, re.compile(rf"上一?年度?结转[^，,。；]{{0,12}}?{NUM}{UNIT}")),
    (CARRIED_FORWARD, re.compile(rf"(?:结转(?:至|到)?下一?年度?|顺延(?:至|到)?下一?年度?|"
                                 rf"转入下一?年度?)[^，,。；\d]{{0,12}}?{NUM}{UNIT}")),
    (CARRIED_FORWARD, re.compile(rf"{NUM}{UNIT}[^，,。；\d]{{0,16}}?(?:顺延|结转)(?:至|到)?下一?年")),
    (HANDLED, re.compile(rf"(?:办结|答复|办理完毕|已办理){_NOT_REVIEW}{{0,16}}?{NUM}{UNIT}")),
    (RECEIVED, re.compile(rf"(?:收到|受理|新收|接收|接到){_NOT_REVIEW}{{0,20}}?{NUM}{UNIT}")),
    (REVIEW, re.compile(rf"(?:行政复议|复议)(?:案件|申请)?[^，,。；\d诉]{{0,6}}?{NUM}{UNIT}")),
    (LITIGATION, re.compile(rf"(?:行政诉讼|诉讼)(?:案件)?[^，,。；\d]{{0,6}}?{NUM}{UNIT}")),
]
_NONE_RECEIVED = re.compile(r"(?:未|没有)(?:收到|受理|接到)[^，,。；\d]{0,12}?申请"
                            r"|无(?:政府信息公开|依申请公开|信息公开)申请")
_NO_REVIEW = re.compile(r"(?:未|没有|无)(?:发生|出现|涉及)?[^，,。；\d]{0,16}?行政复议[、和及与或]?"
                        r"[^，,。；\d]{0,4}?行政诉讼")


OUTCOMES = (GRANTED, GRANTED_OR_PARTIAL, PARTIALLY_GRANTED, DENIED, UNABLE, NOT_PROCESSED,
            OTHER_HANDLING)
_INCLUDES = re.compile(r"含|包括")  # "予以公开（含部分公开）…": which rows it sums is unclear

# a sentence worth reading: applications, reviews, lawsuits, or the template's outcome words
_TOPIC = re.compile(r"申请|复议|诉讼|予以公开|部分公开|不予公开|无法提供|不予处理|其他处理|规范性文件|规章")


@dataclass(frozen=True, slots=True)
class Statement:
    """One number (or absence) stated in the prose."""

    kind: str
    value: int
    sentence: str
    loc: Location | None
    ambiguous: bool


def chinese_number(text: str) -> int | None:
    """Arabic digits (with separators) or Chinese numerals (一百二十三, 两千, 十五)."""
    text = text.replace(",", "")
    if text.isdigit():
        return int(text)
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _CN:
            digit = _CN[ch]
        elif ch in _CN_UNIT:
            unit = _CN_UNIT[ch]
            if unit == 10000:
                total += (section + (digit or 0)) * unit
                section, digit = 0, None
            else:
                section += (1 if digit is None else digit) * unit
                digit = None
        else:
            return None
    return total + section + (digit or 0)


Flow = tuple[str, list[Location | None]]  # paragraph text as one string, a location per char


def statements(flowed: Flow) -> list[Statement]:
    """Every statement in the document's paragraphs (tables excluded), from ``flow(doc)``."""
    out: list[Statement] = []
    text, locs = flowed
    for m in _SENTENCE.finditer(text):
        sentence = m.group().strip()
        if not sentence or not _TOPIC.search(sentence):
            continue
        loc = locs[m.start()] if m.start() < len(locs) else None
        out.extend(_in_sentence(sentence, loc))
    return out


_PARTS = re.compile(r"(?:由|包括|分为|分成)(?P<list>[^。；]{0,200}?)(?:等|共|合计)?"
                    r"(?P<n>[一二三四五六七八九十]|\d{1,2})个?部分(?:组成|构成|内容)?")
_SECTION_WORDS = [re.compile(pat) for _, pat in SECTIONS]


def parts_claim(text: str) -> tuple[int, int, int, str] | None:
    """An intro's "本报告由……等六部分组成" in the flow ``text``: (parts stated, list items,
    template parts named in the list, sentence), or None. A list item continued by
    "行政诉讼…" is one item."""
    m = _PARTS.search(text)
    if m is None or (n := chinese_number(m.group("n"))) is None:
        return None
    listed = m.group("list")
    items = [x for x in re.split(r"[、，,]", listed) if x.strip()]
    items = [x for i, x in enumerate(items) if i == 0 or not x.startswith("行政诉讼")]
    named = sum(bool(p.search(listed)) for p in _SECTION_WORDS)
    sentence = m.group().strip()
    return n, len(items) if len(listed) > 8 else n, named if len(listed) > 8 else n, sentence


def flow(doc: Document) -> Flow:
    """Paragraph text joined into one flow (PDF lines break mid-sentence), with locations."""
    parts: list[str] = []
    locs: list[Location | None] = []
    for block in doc.blocks:
        if not isinstance(block, Span):
            parts.append("。")
            locs.append(None)
            continue
        norm = re.sub(r"(?<=\d)\s+(?=[件起宗个份])|(?<=[^\d\s])\s+(?=\d)|(?<=\d)\s+(?=[^\d\s])",
                      "", normalize(block.text)[0].strip())
        parts.append(norm)
        locs.extend([block.loc] * len(norm))
        if _HEADING.match(norm):  # a heading ends its sentence (the evidence quoted stays clean)
            parts.append("。")
            locs.append(None)
    return "".join(parts), locs


_HEADING = re.compile(r"^(?:[一二三四五六七八九十]、|\([一二三四五六七八九十]\))[^。,;:]{1,30}$")


def _in_sentence(sentence: str, loc: Location | None) -> list[Statement]:
    ambiguous = bool(SCOPE.search(sentence))
    out: list[Statement] = []
    if _NONE_RECEIVED.search(sentence):
        out.append(Statement(NONE_RECEIVED, 0, sentence, loc, ambiguous))
    if _NO_REVIEW.search(sentence):
        out.append(Statement(NO_REVIEW_LITIGATION, 0, sentence, loc, ambiguous))
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(sentence):
            span = m.span("num")
            if any(a <= span[0] < b for a, b in taken):
                continue
            value = chinese_number(m.group("num"))
            if value is None:
                continue
            if kind in (RECEIVED, HANDLED) and "申请" not in sentence:
                continue
            if kind == RECEIVED and re.search(r"含上一?年度?结转", sentence):
                kind = RECEIVED_TOTAL
            taken.append(span)
            vague = ambiguous or (kind in OUTCOMES and bool(_INCLUDES.search(sentence)))
            out.append(Statement(kind, value, sentence, loc, vague))
    return out
