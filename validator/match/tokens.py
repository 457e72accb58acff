"""Normalise document text and cut it into text, number and placeholder tokens."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from functools import cache, lru_cache

from validator.model.document import Document, Location, Span, Table, excerpt
from validator.template import (
    DASH_NUMERALS,
    LABEL_END_UNITS,
    PLACEHOLDERS,
    REMARK_HEADERS,
    SECTIONS,
    TRADITIONAL,
    TRADITIONAL_WORDS,
    UNITS,
    ZERO_WORDS,
)

# (U+F02D, U+F0BE: the minus and dash of Word's Symbol font, as Insert Symbol puts them)
_EXTRA = {"−": "-", "﹣": "-", "\u2010": "-", "\u2011": "-", "\u2012": "-", "\uf02d": "-", "\uf0be": "—",
          "“": '"', "”": '"', "「": '"', "」": '"',
          "‘": "'", "’": "'", "﹝": "〔", "﹞": "〕", "\u3000": " ", "\xa0": " "}
# invisible characters web editors and word processors leave inside words and numbers (zero
# width space, joiners, BOM, soft hyphen, direction marks): "1\u200b23" is 123
_EXTRA.update(dict.fromkeys("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\xad\u202a\u202b\u202c\u202d\u202e", ""))


# footnote marks that NFKC turns into digits: circled numbers (①, ㉑, ㊱) and superscript or
# subscript digits ("83①", "83¹" would read 831); a blank keeps them apart
_EXTRA.update(dict.fromkeys([*map(chr, range(0x2460, 0x2474)), *map(chr, range(0x3251, 0x3260)),
                             *map(chr, range(0x32B1, 0x32C0)), *"⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉"], " "))


_EXTRA.update(zip(TRADITIONAL[0::2], TRADITIONAL[1::2], strict=True))  # 開 is 开
_EXTRA_TABLE = str.maketrans(_EXTRA)
_EXTRA_RE = re.compile("[" + "".join(map(re.escape, _EXTRA)) + "]")


class Kind(Enum):
    TEXT = "text"
    NUMBER = "number"
    PLACEHOLDER = "placeholder"


@dataclass(slots=True)
class Token:
    """One token: normalised ``text``, the span it came from and its range there."""

    kind: Kind
    text: str
    span: Span
    start: int  # index into span.text
    end: int
    value: float | None = None
    decimals: int = 0
    unit: str | None = None
    placeholder: str | None = None
    cell: bool = False  # the token is a whole grid cell (hard boundaries)

    @property
    def raw(self) -> str:
        return self.span.text[self.start:self.end]

    @property
    def loc(self) -> Location:
        return self.span.locate(self.start, self.end)

    @property
    def excerpt(self) -> str:
        return excerpt(self.span.text, self.start, self.end)

    @property
    def grid(self) -> tuple[int, int, int] | None:
        """(table, row, column) of a token that is a whole grid cell, else None."""
        loc = self.span.loc
        if not self.cell or loc.table is None or loc.row is None or loc.col is None:
            return None
        return loc.table, loc.row, loc.col


    @property
    def blank(self) -> bool:
        """An empty grid cell (a blank placeholder)."""
        return self.kind is Kind.PLACEHOLDER and self.placeholder == "blank"

    @property
    def digits_only(self) -> bool:
        return self.kind is Kind.NUMBER and self.text.isdigit()


@lru_cache(maxsize=1 << 12)
def normalize(text: str) -> tuple[str, list[int]]:
    """NFKC-normalise ``text`` character by character; return it with source indices.

    Cached: template lines repeat across the reports of a batch. Callers must not modify
    the returned list.
    """
    if unicodedata.is_normalized("NFKC", text) and not _EXTRA_RE.search(text):
        return text, list(range(len(text)))
    whole = unicodedata.normalize("NFKC", text.translate(_EXTRA_TABLE))
    if len(whole) == len(text):  # one character for one (full-width forms): same indices
        return _words_simplified(whole), list(range(len(text)))
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        norm = _EXTRA[ch] if ch in _EXTRA else unicodedata.normalize("NFKC", ch)
        out.append(norm)
        index.extend([i] * len(norm))
    return _words_simplified("".join(out)), index


def _words_simplified(text: str) -> str:
    """A traditional page's words as the template writes them (资讯 for 信息: as long)."""
    for word, template_word in TRADITIONAL_WORDS.items():
        if word in text:
            text = text.replace(word, template_word)
    return text


_UNIT = "|".join(UNITS)
_NUMBER = re.compile(
    rf"(?P<num>[-+]?(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?)(?P<unit>{_UNIT})?"
)
_START = re.compile(r"[+-]?\d")
_CHUNK = re.compile(r"[^\s|]+")
# A one-digit item marker such as "2." / "2、" that starts a row label ("2.重复申请").
_MARKER = re.compile(r"\d[.、](?=[^\d\s.、])")


def tokenize(doc: Document) -> list[Token]:
    """All tokens of ``doc`` in reading order. Table cells keep hard boundaries."""
    tokens: list[Token] = []
    for block in doc.blocks:
        if isinstance(block, Table):
            remarks: dict[int, int] = {}  # grid column -> row of its 备注 header
            for row in block.rows:
                last = row[-1].loc.col if row else None
                if remarks and (last is None or last < max(remarks)):
                    remarks = {}  # a row short of the column (a line of text in a sheet): the table ended
                for cell in row:
                    col, r = cell.loc.col, cell.loc.row or 0
                    if col is None:
                        tokens.extend(_cell_tokens(cell))
                    elif col in remarks and r > remarks[col]:
                        continue  # under a remarks header: a publisher's note, no template cell
                    elif cell is row[-1] and norm_label(cell.text) in _REMARKS:
                        remarks[col] = r  # the last column's header: 备注
                    else:
                        tokens.extend(_cell_tokens(cell))
        else:
            tokens.extend(_span_tokens(block))
    return tokens


_REMARKS = frozenset(REMARK_HEADERS)  # a column's header: what stands below it are remarks

# a cell's number and a footnote or comment mark after it (NFKC): "83*", "83※", "83(注)", "83(1)",
# "83[1]", "83注1", "83[S1]" (Word's comment mark, with its author's initials, in a saved page); a
# remark in brackets after it ("20(含电话申请1件)") is left out with the line's (_remarks_in_brackets)
_MARKED = re.compile(r"\s*(?P<num>[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*"
                     r"(?:[*※†‡#]{1,3}|\(\s*注?\s*\d{0,2}\s*\)|\[\s*[A-Za-z]{0,4}\d{1,2}\s*\]|\(注[^()]{0,12}\)|注\s*\d{0,2})\s*")

# a whole cell holding one number with spaces (or ') between thousands: "1 234", "12 345.5"
_SPACED = re.compile(r"[-+]?\d{1,3}(?:[ ']\d{3})+(?:\.\d+)?")


def _cell_tokens(cell: Span) -> list[Token]:
    whole = _whole_cell(cell.text)
    if whole is not None:
        kind, text, a, b, value, decimals, placeholder = whole
        return [Token(kind, text, cell, a, b, value, decimals, None, placeholder, True)]
    toks = _span_tokens(cell)
    if not toks:
        return [Token(Kind.PLACEHOLDER, "", cell, 0, 0, placeholder="blank", cell=True)]
    if cell.repeated and any(t.kind is Kind.TEXT for t in toks):
        return []  # a label merged over rows stands once
    for tok in toks:
        tok.cell = True
    return toks


# a change written out in words, in the 2019 layout's 本年增/减 column: "减少3", "增加7", "减 3",
# "减少3项", "↓3", "+ 3" (the sign apart, in a cell), "–2", "—2" (a dash Word's autocorrect or the
# writer typed for the minus, in a cell of its own); "持平", "无变化": no change
_CHANGE_WORDS = ("增加", "增", "减少", "减", "↑", "↓")  # (longest first where one starts another)
_CHANGE_UNITS = ("项", "件", "个", "条")
_CHANGE = re.compile(rf"({'|'.join(_CHANGE_WORDS)}|[-+]\s|[–—]\s?)\s*(\d+(?:\.\d+)?)\s*(?:{'|'.join(_CHANGE_UNITS)})?")
_NO_CHANGE = frozenset({"持平", "无变化", "没有变化", "不变", "无增减"})


def _change(norm: str) -> tuple[str, float, int] | None:
    """(number text with its sign, value, decimals) of a change in words, or None."""
    if norm in _NO_CHANGE:
        return "0", 0.0, 0
    m = _CHANGE.fullmatch(norm)
    if m is None:
        return None
    sign = "-" if m.group(1)[0] in "减↓-–—" else "+"
    return sign + m.group(2), float(sign + m.group(2)), len(m.group(2).partition(".")[2])


@lru_cache(maxsize=1 << 12)
def _whole_cell(text: str) -> tuple | None:
    """A cell that is one number (a mark after it aside) or 一 typed for a dash, as (kind,
    text, start, end, value, decimals, placeholder); else None (cached: "0", "12" recur)."""
    norm, index = normalize(text)
    number = _SPACED.fullmatch(norm.strip()) or _MARKED.fullmatch(norm)
    if number:
        a = len(norm) - len(norm.lstrip()) if number.re is _SPACED else number.start("num")
        found = norm.strip() if number.re is _SPACED else number.group("num")
        plain = re.sub(r"[ ',]", "", found)
        decimals = len(plain.split(".", 1)[1]) if "." in plain else 0
        return Kind.NUMBER, found, index[a], index[a + len(found) - 1] + 1, float(plain), decimals, None
    if (change := _change(norm.strip())) is not None:
        a = len(norm) - len(norm.lstrip())
        return Kind.NUMBER, change[0], index[a], index[a + len(norm.strip()) - 1] + 1, change[1], change[2], None
    if norm.strip() in DASH_NUMERALS:  # 一 typed for a dash, alone in its cell
        a = len(norm) - len(norm.lstrip())
        return Kind.PLACEHOLDER, norm.strip(), index[a], index[a + len(norm.strip()) - 1] + 1, None, 0, "dash"
    return None


def _span_tokens(span: Span) -> list[Token]:
    return [Token(kind, text, span, a, b, value, decimals, unit, placeholder)
            for kind, text, a, b, value, decimals, unit, placeholder in _analyse(span.text)]


@lru_cache(maxsize=1 << 12)
def _analyse(text: str) -> tuple[tuple, ...]:
    """The tokens of one line, as plain tuples (cached: lines recur across a batch)."""
    norm, index = normalize(text)
    out = []
    for chunk in _CHUNK.finditer(norm):
        for t in _chunk_tokens(_NO_SPAN, chunk.group(), chunk.start(), index):
            out.append((t.kind, t.text, t.start, t.end, t.value, t.decimals, t.unit,
                        t.placeholder))
    _remarks_in_brackets(out)
    _marks_in_labels(out, text)
    _units_apart(out)
    _changes_apart(out)
    _dash_numerals(out)
    if len(out) > 1 and out[0][0] is Kind.NUMBER and out[1][0] is Kind.TEXT \
            and out[0][1].isdigit() and len(out[0][1]) <= 3:
        del out[0]  # a serial number (序号) before a row's label: "2 二、上年结转…"
    for i in range(len(out) - 1):  # "1286 件，全部…", "2023 年度…": apart, the sentence going on
        after = out[i + 1][1]
        if out[i][0] is Kind.NUMBER and out[i + 1][0] is Kind.TEXT and (
                after[0] in _DATE_CHARS or (after[0] in _UNIT_CHARS and sentence_goes_on(after[1:]))):
            out[i] = _as_text(out[i])
    return tuple(out)


# a unit standing apart from its number: "16 件", "16(件)"
_UNIT_APART = re.compile(rf"\(?({_UNIT})\)?")


def _units_apart(out: list[tuple]) -> None:
    """A number followed by a token that is only a unit takes it as its unit ("16 件" in a
    cell is 16, not a serial number before a label); a unit standing alone (wrapped onto the
    next line of a narrow cell: "2" / "(件)") is no text of a label and is dropped — but for
    人 alone on its line: the end of a header word wrapped ("自然" / "人")."""
    i = 0
    while i < len(out):
        word = out[i]
        m = _UNIT_APART.fullmatch(word[1]) if word[0] is Kind.TEXT else None
        if m and word[1] == m.group(1) and (_spelt_out(out, i) or (len(out) == 1 and word[1] in LABEL_END_UNITS)):
            i += 1
        elif m and i and out[i - 1][0] is Kind.NUMBER and out[i - 1][6] is None:
            out[i - 1] = (*out[i - 1][:6], m.group(1), out[i - 1][7])
            del out[i]
        elif m or (word[0] is Kind.TEXT and word[1] in ("(", ")")):
            del out[i]
        else:
            i += 1


_REMARK_OPEN = re.compile(r"\((?=[^()]*[\u4e00-\u9fff])[^()]*$")  # "(含电话申请", "(含": a bracket of words opened


def _remarks_in_brackets(out: list[tuple]) -> None:
    """A remark in brackets right after a value, closed on its line ("20(含电话申请1件) 0 0"):
    no label and no values of the row — left out, the row going on after it."""
    i = 1
    while i < len(out):
        tok, before = out[i], out[i - 1]
        if (tok[0] is Kind.TEXT and before[0] is Kind.NUMBER and tok[2] - before[3] <= 1
                and _REMARK_OPEN.match(tok[1])):
            j = i + 1
            while j < len(out) and not (out[j][0] is Kind.TEXT and ")" in out[j][1]):
                j += 1
            words = "".join(t[1] for t in out[i:j + 1])
            if j < len(out) and han(words[:words.find(")")]) >= 2:  # closed on the line: what follows its ")" stays
                kind, text, a, b, *rest = out[j]
                cut = text.index(")") + 1
                out[i:j + 1] = [(kind, text[cut:], a + cut, b, *rest)] if text[cut:].strip() else []
        i += 1


def _marks_in_labels(out: list[tuple], text: str) -> None:
    """A footnote mark closing a row label ("规章(注1)", "规章（1）", "规章[1]", "规章注1"): part
    of the label, not a value of the row."""
    for i in range(len(out) - 1, 0, -1):
        tok, before = out[i], out[i - 1]
        if tok[0] is not Kind.NUMBER or before[0] is not Kind.TEXT or before[3] != tok[2] \
                or not tok[1].isdigit() or len(tok[1]) > 2 or tok[6]:
            continue
        closer = text[tok[3]:tok[3] + 1]
        closed = closer in _MARK_CLOSE
        if not ((before[1].endswith(_MARK_OPEN) and closed) or (before[1].endswith("注") and closer != ".")):
            continue
        rest = out[i + 1] if i + 1 < len(out) else None
        if rest is not None and rest[0] is Kind.TEXT and rest[2] == tok[3]:  # the closer read as text
            out[i - 1:i + 2] = [(Kind.TEXT, before[1] + tok[1] + rest[1], before[2], rest[3], None, 0, None, None)]
        else:
            end = tok[3] + closed
            out[i - 1:i + 1] = [(Kind.TEXT, before[1] + text[tok[2]:end], before[2], end, None, 0, None, None)]


_MARK_OPEN = ("(", "(注", "[", "【", "〔")
_MARK_CLOSE = frozenset(")]】〕）］")


def _spelt_out(out: list[tuple], i: int) -> bool:
    """Whether the unit character at ``i`` is a letter of a word spaced out character by
    character ("本 年 制 发 件 数", "法 人 或 其 他 组 织"): text on both sides, or a single
    character of text beside it."""
    near = [out[j] for j in (i - 1, i + 1) if 0 <= j < len(out)]
    words = [t[1] for t in near if t[0] is Kind.TEXT]
    return (len(words) == 2 and i > 0) or any(len(w) == 1 for w in words)


def _changes_apart(out: list[tuple]) -> None:
    """A change in words set apart from its number after a count ("27 减少 2 1463", as a
    PDF printed by LibreOffice spaces Chinese from digits) or alone on its line ("+ 3", a
    cell a line): one signed number, as "减少2"."""
    for i in range(len(out) - 2, -1, -1):
        word, number = out[i], out[i + 1]
        after_count = out[i - 1][0] is not Kind.TEXT if i else len(out) == 2
        if word[0] is Kind.TEXT and word[1] in CHANGE_WORDS and number[0] is Kind.NUMBER \
                and after_count and number[1].isdigit() and (number[6] is None or number[6] in _CHANGE_UNITS):
            sign = "-" if word[1][0] in "减↓" else "+"  # ("+ 3": the sign apart; "- 3" may be a dash)
            out[i:i + 2] = [(Kind.NUMBER, sign + number[1], word[2], number[3], float(sign + number[1]), 0,
                             number[6], None)]


CHANGE_WORDS = frozenset((*_CHANGE_WORDS, "+"))  # a change's word, or its sign, standing apart


def _dash_numerals(out: list[tuple]) -> None:
    """一 standing before a value, or after one at the line's end ("4 一 2", "…数量 一 0",
    "0 0 一"), is a dash typed with the numeral that looks like one (a row's numeral stands
    before its label)."""
    for i, tok in enumerate(out):
        if tok[0] is not Kind.TEXT or tok[1] not in DASH_NUMERALS:
            continue
        last = i + 1 == len(out)
        if (not last and out[i + 1][0] is not Kind.TEXT) or (last and i and out[i - 1][0] is not Kind.TEXT):
            out[i] = (Kind.PLACEHOLDER, tok[1], tok[2], tok[3], None, 0, None, "dash")


_NO_SPAN = Span("", Location(""))  # tokens analysed once per distinct line, then given their span
_UNIT_CHARS = frozenset(u for u in UNITS if len(u) == 1)
_DATE_CHARS = frozenset("年月日")


def _as_text(tok: tuple) -> tuple:
    return (Kind.TEXT, tok[1] + (tok[6] or ""), tok[2], tok[3], None, 0, None, None)


def _chunk_tokens(span: Span, chunk: str, offset: int, index: list[int]) -> list[Token]:
    def src(a: int, b: int) -> tuple[int, int]:
        return index[offset + a], index[offset + b - 1] + 1

    if chunk in PLACEHOLDERS:
        return [Token(Kind.PLACEHOLDER, chunk, span, *src(0, len(chunk)),
                      placeholder=PLACEHOLDERS[chunk])]
    if (change := _change(chunk)) is not None:
        return [Token(Kind.NUMBER, change[0], span, *src(0, len(chunk)), value=change[1], decimals=change[2])]
    if chunk in ZERO_WORDS:  # a cell or column of its own reading 〇 / ○ / 零: the count 0
        return [Token(Kind.NUMBER, chunk, span, *src(0, len(chunk)), value=0.0)]
    out: list[Token] = []
    text_start = 0
    pos = 0
    while pos < len(chunk):
        start = _START.search(chunk, pos)  # jump to the next digit (or sign before one)
        if start is None:
            break
        pos = start.start()
        m = _NUMBER.match(chunk, pos)
        if m is None or _is_text_number(chunk, m, pos):
            pos += 1
            continue
        num_end = m.end("num")
        marker = _MARKER.search(chunk, m.start(), min(num_end + 2, len(chunk)))
        if marker is not None and marker.end() - 1 >= num_end:
            # "…00000002.其他": the last digit belongs to the next row label.
            num_end = marker.start()
            if num_end <= m.start() or (num_end - m.start() == 1 and chunk[m.start()] in "+-"):
                pos = marker.end()
                continue
            m = _NUMBER.match(chunk[:num_end], m.start())
            if m is None or m.end() != num_end:
                pos += 1
                continue
        if m.start() > text_start:
            out.append(Token(Kind.TEXT, chunk[text_start:m.start()], span,
                             *src(text_start, m.start())))
        out.append(_number_token(span, m, src))
        text_start = pos = m.end()
    if text_start < len(chunk):
        out.append(Token(Kind.TEXT, chunk[text_start:], span, *src(text_start, len(chunk))))
    for i in range(len(out) - 1):  # "2023年度…", "1286件，…": a number inside a sentence
        if out[i].kind is Kind.NUMBER and out[i + 1].kind is Kind.TEXT and sentence_goes_on(out[i + 1].text):
            out[i] = Token(Kind.TEXT, out[i].text + (out[i].unit or ""), span, out[i].start, out[i].end)
    return out


# a sentence goes on after a number: a clause mark, or Chinese words that begin no label of the
# template's tables, no numbering and no section heading
_CLAUSE_MARK = re.compile(r"[，。；、,;：:！？!?]")
_NUMBERING = re.compile(r"[一二三四五六七八九十]+、|\(|第[一二三四五六七八九十]")


_HAN = re.compile(r"[\u4e00-\u9fff]")


def han(text: str) -> int:
    """How many Chinese characters ``text`` has."""
    return len(_HAN.findall(text))


@lru_cache(maxsize=1 << 12)
def sentence_goes_on(after: str) -> bool:
    """Whether ``after`` (normalised text right after a number, no space between) carries on
    a sentence: "年度…", "件，…", "余条" — then the number is prose, never a table cell. In a
    table a number ends its cell or its line, or runs into the next label ("规章007规范性文件")."""
    if not after or _CLAUSE_MARK.match(after):
        return bool(after)
    if not "\u4e00" <= after[0] <= "\u9fff":
        return False
    return not (after[:2] in _label_starts() or _NUMBERING.match(after) or _HEADING_START.match(after))


@cache
def _label_starts() -> frozenset[str]:
    """The first two characters of every word the template's tables print."""
    return frozenset(w[:2] for w in table_vocabulary() if len(w) >= 2)


# "三、", "三.", "(三)", "3."
LABEL_MARK = re.compile(r"^(?:[一二三四五六七八九十][、.]|\([一二三四五六七八九十]\)|\d\.)")


@lru_cache(maxsize=1 << 14)  # run texts too: bounded over a long batch
def norm_label(label: str) -> str:
    """Labels compared the way document text is normalised: NFKC, no spaces, ``、``→``.``."""
    text = normalize(label)[0]
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"(?<=\d)、", ".", text)
    return text.rstrip(":：")


@cache
def table_vocabulary() -> tuple[str, ...]:
    """Every word a template table prints (labels, header words, group labels), normalised,
    also without its numbering, longest first."""
    from validator.template import table_words

    words = {norm_label(w) for w in table_words()}
    words |= {LABEL_MARK.sub("", w) for w in words}
    return tuple(sorted(words - {""}, key=len, reverse=True))


_HEADING_START = re.compile("|".join(f"(?:{pat})" for _, pat in SECTIONS))


def _is_text_number(chunk: str, m: re.Match, pos: int) -> bool:
    """Digits that are part of words: a sign not before a digit, "2." markers, "IPV6",
    a header's "保留4位小数"."""
    num = m.group("num")
    if num in "+-" or chunk.startswith("位小数", m.end("num")):
        return True
    if pos > 0 and chunk[pos - 1].isascii() and chunk[pos - 1].isalpha():
        return True
    end = m.end("num")
    # a marker like "3.其他" (or "3." ending a line) at the start of a label
    return bool(
        end < len(chunk) and chunk[end] in ".、"
        and (end + 1 == len(chunk) or not chunk[end + 1].isdigit())
        and (pos == 0 or not chunk[pos - 1].isdigit()) and len(num.lstrip("+-")) <= 2
    )


def _number_token(span: Span, m: re.Match, src) -> Token:
    num = m.group("num")
    plain = num.replace(",", "")
    decimals = len(plain.split(".", 1)[1]) if "." in plain else 0
    start, end = src(m.start(), m.end())
    return Token(Kind.NUMBER, num, span, start, end, value=float(plain), decimals=decimals,
                 unit=m.group("unit"))
