"""Benchmark documents shaped like published reports (for speed measurements; not a test).

    python benchmarks/shapes.py OUT_DIR --cms 10 --glued 10 --docx 2 --pdf 2 --word-html 2

Every document holds one consistent synthetic report (``validator.testing.synth``) in one of
``KINDS``: a whole CMS web page of 100–200 KB around Word-pasted markup (three site skeletons),
Word's own "save as web page" file (40–90 KB), archived glued text, a DOCX, or LibreOffice's PDF of
that DOCX. Names, links, prose and scripts are invented; only the shape follows real pages.
The prose states no number that the tables contradict (counts it states are the tables' own).
"""

from __future__ import annotations

import argparse
import copy
import io
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.oxml.table import CT_Row, CT_Tbl, CT_Tc
    from docx.shared import Length
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from validator import template  # noqa: E402
from validator.template import ACTIVE_DISCLOSURE, APPLICATIONS, REVIEW_LITIGATION  # noqa: E402
from validator.testing import synth  # noqa: E402

KINDS = ("cms", "word_html", "glued", "docx", "pdf")
SUFFIX = {"cms": ".html", "word_html": ".htm", "glued": ".txt", "docx": ".docx", "pdf": ".pdf"}
TEMPLATE = ROOT.parent / "shared" / "docs" / "template-2021.docx"
CMS_BYTES = (104_000, 199_000)
WORD_BYTES = (42_000, 88_000)

Cell = tuple[str, str, int, int]  # text, role (head | label | value), rowspan, colspan
Grid = list[list[Cell]]
Block = tuple[str, str]  # kind (title | para | head | sub | table | sign | blank), text or table name


@dataclass
class Doc:
    """One report laid out as blocks, with its tables as grids and its dates."""

    s: synth.Synthetic
    title: str
    blocks: list[Block]
    grids: dict[str, Grid]
    signed: date
    published: date


# ------------------------------------------------------------------ tables as grids
def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:.4f}"


def grid_active(s: synth.Synthetic) -> Grid:
    """Table 二 as the template draws it: a caption row and a header row per 第二十条 item."""
    lay = template.layout(ACTIVE_DISCLOSURE, s.layout)
    rows: Grid = []
    group = None
    for row in lay.rows:
        cols = lay.columns_of(row.key)
        span = 3 // len(cols)
        if row.group != group:
            group = row.group
            rows.append([(group or "", "head", 1, 4)])
            rows.append([(template.CONTENT, "head", 1, 1), *((lay.column(c).label, "head", 1, span) for c in cols)])
        values = [(_num(s.tables[ACTIVE_DISCLOSURE][(row.key, c)]), "value", 1, span) for c in cols]
        rows.append([(row.label, "label", 1, 1), *values])
    return rows


def grid_applications(s: synth.Synthetic) -> Grid:
    """Table 三: three header rows, then each row under its (sub)group cells merged down."""
    lay = template.layout(APPLICATIONS, s.layout)
    rows: Grid = [
        [(template.APPLICATIONS_NOTE, "head", 3, 3), ("申请人情况", "head", 1, 7)],
        [("自然人", "head", 2, 1), (template.ORGANISATIONS, "head", 1, 5), ("总计", "head", 2, 1)],
        [(c.label, "head", 1, 1) for c in lay.columns[1:6]],
    ]
    for row, (parts, opening) in zip(lay.rows, synth.group_cells(lay), strict=True):
        cells: list[Cell] = [(p, "label", span, 1) for p, span in opening]
        cells.append((row.label, "label", 1, 3 - len(parts)))
        cells += [(_num(s.tables[APPLICATIONS][(row.key, c.key)]), "value", 1, 1) for c in lay.columns]
        rows.append(cells)
    return rows


def grid_review(s: synth.Synthetic) -> Grid:
    """Table 四: 行政复议 and the two kinds of 行政诉讼, five columns each, one row of values."""
    lay = template.layout(REVIEW_LITIGATION, s.layout)
    heads = [c.label for c in lay.columns]
    return [
        [(template.REVIEW, "head", 1, 5), (template.LITIGATION, "head", 1, 10)],
        [*((h, "head", 2, 1) for h in heads), (template.LITIGATION_DIRECT, "head", 1, 5),
         (template.LITIGATION_AFTER_REVIEW, "head", 1, 5)],
        [(h, "head", 1, 1) for h in heads * 2],
        [(_num(s.tables[REVIEW_LITIGATION][k]), "value", 1, 1) for k in lay.cell_keys()],
    ]


GRIDS: dict[str, Callable[[synth.Synthetic], Grid]] = {
    ACTIVE_DISCLOSURE: grid_active, APPLICATIONS: grid_applications, REVIEW_LITIGATION: grid_review}


def place(grid: Grid) -> list[tuple[int, int, Cell]]:
    """Each cell with its grid row and column (0-based), rowspans resolved."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            out.append((r, c, cell))
            taken.update((r + dr, c + dc) for dr in range(cell[2]) for dc in range(cell[3]))
            c += cell[3]
    return out


# ------------------------------------------------------------------ the report's text
_INTRO = (
    "本报告依据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》编制。",
    "根据《条例》规定和上级关于做好政府信息公开工作年度报告的部署要求，{agency}编制本年度报告。",
)
_PERIOD = ("本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。",
           "本报告所列数据的统计期限为{y}年1月1日至{y}年12月31日。")
_PARTS = ("本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、"
          "存在的主要问题及改进情况、其他需要报告的事项等六部分组成。")
_CONTACT = ("本报告电子版可在{site}门户网站政府信息公开专栏查阅下载。如对本报告有疑问，请与{agency}办公室联系。",
            "如对本报告有任何疑问，请与{agency}联系（地址：{place}政务服务中心三楼，邮编：{zip}，电话：{tel}）。")
_OVERVIEW = {
    "（一）主动公开": (
        "严格落实“五公开”要求，围绕重大决策、重点工作和群众关切及时发布信息，全年通过门户网站和政务新媒体主动公开政府信息{k}条。",
        "聚焦教育、医疗、就业、社保等民生领域，同步发布政策解读材料{k2}篇，做到文件与解读同步起草、同步审签、同步发布。",
        "持续更新机构职能、权责清单、财政预决算等法定主动公开内容，确保信息准确、完整、及时。",
        "围绕优化营商环境，集中公开涉企政策和办事指南，方便企业和群众查询使用。",
    ),
    "（二）依申请公开": (
        "畅通网上申请、信函申请和当面申请等渠道，规范登记、审核、答复、归档各环节，确保答复内容合法、程序规范。",
        "对疑难复杂申请实行会商研判机制，必要时征求法律顾问意见，不断提高答复质量。",
        "严格按照法定时限办理，与申请人加强沟通，准确把握申请意图，提升群众满意度。",
    ),
    "（三）政府信息管理": (
        "严格执行信息发布保密审查制度，坚持“先审查、后公开”和“一事一审”原则，确保公开信息安全。",
        "按照文件清理工作要求，对现行有效文件进行梳理，并在政府网站标注文件有效性。",
        "健全信息发布审核流程，落实分级审核责任，杜绝错误信息发布。",
    ),
    "（四）政府信息公开平台建设": (
        "优化门户网站政府信息公开专栏，调整栏目设置，提升检索便利程度。",
        "加强政务新媒体日常监管，做到内容更新及时、互动回应有效。",
        "推进政务公开专区建设，在办事大厅设置查阅点，为群众提供便捷的查阅服务。",
    ),
    "（五）监督保障": (
        "将政务公开工作纳入年度绩效考核，定期通报检查情况，督促整改落实。",
        "组织开展政务公开业务培训{k3}次，提升工作人员的政策水平和业务能力。",
        "主动接受社会监督，认真听取群众对政务公开工作的意见建议。",
    ),
}
_LEAD = ("{y}年，{agency}以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《条例》，围绕中心工作持续深化政务公开，"
         "不断提升政府工作透明度。",
         "{y}年，{agency}坚持以公开为常态、不公开为例外，将政务公开纳入重点工作统筹推进，各项工作平稳有序。")
_PROBLEMS = (
    "一是政策解读形式还不够丰富，图解、视频等形式运用较少。",
    "二是部分栏目信息更新不够及时，公开内容的系统性有待加强。",
    "三是工作人员业务水平参差不齐，依申请公开答复的规范性仍需提高。",
)
_REMEDIES = (
    "一是丰富政策解读形式，增加图表、短视频等解读方式，提高解读的可读性。",
    "二是建立栏目更新台账，明确责任人和更新时限，做到常态更新。",
    "三是加强业务培训和案例交流，提升队伍能力，进一步规范答复文书。",
)
_PREVIOUS = ("针对上年度报告中提出的栏目更新不及时问题，本年度已建立定期巡查机制，整改到位。",
             "上年度发现的政策解读形式单一问题已通过增加图解和问答解读加以改进。")
_FEES = ("本年度未收取信息处理费。", "根据《政府信息公开信息处理费管理办法》，本年度本机关未收取信息处理费。",
         "本机关依申请提供政府信息，本年度未向申请人收取信息处理费。")
_NOTHING_ELSE = "本机关无其他需要报告的事项。"


_OUTCOMES = (("予以公开", "granted"), ("部分公开", "partially_granted"), ("不予公开", "denied"),
             ("无法提供", "unable"), ("不予处理", "not_processed"), ("其他处理", "other"))


def _total(s: synth.Synthetic, prefix: str) -> int:
    """Table 三's 总计 of row ``prefix`` or of the rows of group ``prefix``."""
    return int(sum(v for (r, c), v in s.tables[APPLICATIONS].items()
                   if c == "total" and (r == prefix or r.startswith(prefix + "."))))


def _outcome_sentence(s: synth.Synthetic) -> str | None:
    """The outcomes of table 三 in words (its 总计 column), or None when all are 0."""
    said = [f"{word}{n}件" for word, key in _OUTCOMES if (n := _total(s, key))]
    return "从办理结果看，" + "，".join(said) + "。" if said else None


def _application_sentences(s: synth.Synthetic) -> list[str]:
    """What part 一 says of the applications: exactly the numbers of table 三."""
    new, over, handled, forward = (_total(s, k) for k in
                                   ("new_received", "carried_over", "total_handled", "carried_forward"))
    if not new:
        return ["本年度未收到政府信息公开申请。"]
    said = [f"本年度共收到政府信息公开申请{new}件"] + ([f"上年结转{over}件"] if over else [])
    said += [f"办结{handled}件"] + ([f"结转下年度继续办理{forward}件"] if forward else [])
    outcome = _outcome_sentence(s)
    return ["，".join(said) + "。"] + ([outcome] if outcome else [])


def _review_sentence(s: synth.Synthetic) -> str:
    """What part 一 says of reviews and lawsuits: table 四's totals."""
    rl = s.tables[REVIEW_LITIGATION]
    review = int(rl[("review", "total")])
    suits = int(rl[("litigation_direct", "total")] + rl[("litigation_after_review", "total")])
    if not review and not suits:
        return "本年度未发生因政府信息公开引起的行政复议、行政诉讼。"
    return f"本年度发生政府信息公开行政复议案件{review}件、行政诉讼案件{suits}件。"


def _pick(rng: random.Random, pool: tuple[str, ...], lo: int = 1, first: bool = False) -> list[str]:
    """Some of ``pool`` in its order (with ``first``: its first ones, as 一是…二是… number them)."""
    k = rng.randint(lo, len(pool))
    return list(pool[:k]) if first else [pool[i] for i in sorted(rng.sample(range(len(pool)), k))]


def _overview(s: synth.Synthetic, rng: random.Random, fields: dict[str, str]) -> list[Block]:
    """Part 一: a lead paragraph and the usual sub-headings, some with the tables' own numbers."""
    out: list[Block] = [("para", rng.choice(_LEAD).format(**fields))]
    counted = rng.random() < 0.6
    issued = int(s.tables[ACTIVE_DISCLOSURE][("normative_documents", "issued")])
    for sub, pool in _OVERVIEW.items():
        text = "".join(_pick(rng, pool)).format(**fields)
        if sub == "（一）主动公开" and counted and issued:
            text += f"本年度制发行政规范性文件{issued}件，均按规定在政府网站集中公开。"
        if sub == "（二）依申请公开" and counted:
            text = "".join(_application_sentences(s)) + text + _review_sentence(s)
        out += [("sub", sub), ("para", text)]
    return out


def _problems(rng: random.Random) -> list[Block]:
    """Part 五: problems, last year's remedied (mostly), measures."""
    out: list[Block] = [("sub", "（一）存在的主要问题"), ("para", "".join(_pick(rng, _PROBLEMS, 2, True))),
                        ("sub", "（二）改进措施"), ("para", "".join(_pick(rng, _REMEDIES, 2, True)))]
    if rng.random() < 0.7:
        out.insert(2, ("para", rng.choice(_PREVIOUS)))
    return out


def place_name(agency: str) -> str:
    """The place an agency's name starts with (青山县教育局 → 青山县)."""
    m = re.match(r".+?[省市县区镇乡旗]", agency)
    return m.group() if m else agency


def _fields(s: synth.Synthetic, rng: random.Random) -> dict[str, str]:
    """Values the prose templates are filled with (invented contact details and counts)."""
    place = place_name(s.agency)
    return {"agency": s.agency, "y": str(s.year), "place": place, "site": place + "人民政府",
            "zip": str(rng.randint(100000, 860000)), "tel": f"0{rng.randint(310, 999)}-{rng.randint(2000000, 8999999)}",
            "k": str(rng.randint(120, 9000)), "k2": str(rng.randint(5, 160)), "k3": str(rng.randint(2, 12))}


def _title(s: synth.Synthetic, rng: random.Random) -> str:
    a, y = s.agency, s.year
    return rng.choice((f"{a}{y}年政府信息公开工作年度报告", f"{a}{y}年度政府信息公开工作年度报告",
                       f"{y}年{a}政府信息公开工作年度报告"))


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def layout_report(s: synth.Synthetic, rng: random.Random) -> Doc:
    """The report as blocks: title, intro, parts 一…六 with the three tables, signature."""
    if s.layout != "2021":
        raise ValueError("benchmark shapes follow the 2021 layout")
    fields = _fields(s, rng)
    intro = [rng.choice(_INTRO), rng.choice(_PERIOD)] + ([_PARTS] if rng.random() < 0.4 else [])
    intro.append(rng.choice(_CONTACT))
    blocks: list[Block] = [("para", t.format(**fields)) for t in intro]
    blocks += [("head", "一、总体情况"), *_overview(s, rng, fields)]
    for table in template.TABLES:
        blocks += [("head", template.TABLE_LABELS[table]), ("table", table)]
    blocks += [("head", "五、存在的主要问题及改进情况"), *_problems(rng), ("head", "六、其他需要报告的事项"),
               ("para", rng.choice(_FEES))]
    if rng.random() < 0.3:
        blocks.append(("para", _NOTHING_ELSE))
    signed = date(s.year + 1, 1, rng.randint(5, 24))
    blocks += [("blank", ""), ("sign", s.agency), ("sign", cn_date(signed))]
    title = _title(s, rng)
    return Doc(s, title, [("title", title), *blocks], {t: GRIDS[t](s) for t in template.TABLES}, signed,
               signed + timedelta(days=rng.randint(0, 6)))


# ------------------------------------------------------------------ Word-style markup
@dataclass(frozen=True)
class Look:
    """How Word markup is written: by Word itself, or pasted into a CMS editor."""

    word: bool  # unquoted attributes, mso- styles, <o:p>
    body: str  # body font
    cell: str  # table font
    fonts: bool  # <font face> wrappers (an older editor)
    verbose: int  # 0…2: how many style properties each element carries


def look(rng: random.Random, word: bool, verbose: int | None = None) -> Look:
    """A look drawn at random (``verbose`` fixed when given)."""
    return Look(word, rng.choice(("仿宋_GB2312", "仿宋", "宋体")), rng.choice(("宋体", "仿宋_GB2312", "仿宋")),
                (not word) and rng.random() < 0.6, rng.randint(0, 2) if verbose is None else verbose)


_BARE = re.compile(r"[\w.-]+")


def attrs(lk: Look, **kv: str | int | None) -> str:
    """Attributes as Word (bare or single-quoted) or an editor (double-quoted) writes them."""
    q = "'" if lk.word else '"'
    out = []
    for key, value in kv.items():
        if value is None:
            continue
        name, text = key.rstrip("_").replace("_", "-"), str(value)
        out.append(f" {name}={text}" if lk.word and _BARE.fullmatch(text) else f" {name}={q}{text}{q}")
    return "".join(out)


_DIGITS = re.compile(r"(\d+(?:\.\d+)?)")


def runs(lk: Look, text: str, font: str, size: float, rng: random.Random) -> str:
    """Text as Word writes it: a styled span, digits in spans of their own, runs split at random."""
    lang = attrs(lk, lang="EN-US")
    pieces = []
    for i, part in enumerate(_DIGITS.split(text)):
        if i % 2:
            pieces.append(f"<span{lang}>{part}</span>")
        elif part:
            pieces += _chunks(lk, part, rng)
    inner = "".join(pieces)
    if lk.fonts:
        inner = f'<font face="{font}">{inner}</font>'
    style = f"font-size:{size:.1f}pt;font-family:{font}" + (
        f";mso-hansi-font-family:{font};mso-bidi-font-family:{font}" if lk.verbose else "")
    return f"<span{attrs(lk, style=style)}>{inner}{'<o:p></o:p>' if lk.word else ''}</span>"


def _chunks(lk: Look, text: str, rng: random.Random) -> list[str]:
    """Escaped text, long runs cut where Word started a new run (revision marks, spacing)."""
    if len(text) < 24 or rng.random() < 0.5:
        return [escape(text, quote=False)]
    cut = rng.randint(6, len(text) - 6)
    inner = attrs(lk, style=rng.choice(("letter-spacing:-.1pt", "mso-spacerun:yes", "color:black")))
    return [escape(text[:cut], quote=False), f"<span{inner}>{escape(text[cut:], quote=False)}</span>"]


def para(lk: Look, inner: str, align: str | None = None, indent: bool = True) -> str:
    """A Word paragraph (class MsoNormal), indented like body text unless ``indent`` is off."""
    style = ";".join(filter(None, ("text-indent:32.0pt" if indent else "",
                                   f"text-align:{align}" if align and lk.verbose else "",
                                   "line-height:28.0pt;mso-line-height-rule:exactly" if lk.verbose > 1 else "")))
    return f"<p{attrs(lk, class_='MsoNormal', align=align, style=style or None)}>{inner}</p>"


def blank(lk: Look) -> str:
    """An empty paragraph as Word (or an editor) leaves it."""
    return para(lk, "<span lang=EN-US><o:p>&nbsp;</o:p></span>" if lk.word else "<br/>", indent=False)


def block_html(lk: Look, kind: str, text: str, rng: random.Random) -> str:
    """One paragraph block: title, part heading, sub-heading, prose or signature line."""
    if kind == "title":
        return para(lk, f"<b>{runs(lk, text, '方正小标宋简体', 22, rng)}</b>", "center", indent=False)
    if kind == "head":
        return para(lk, runs(lk, text, "黑体", 16, rng))
    if kind == "sub":
        return para(lk, runs(lk, text, "楷体_GB2312", 16, rng))
    if kind == "sign":
        return para(lk, runs(lk, text, lk.body, 16, rng), "right", indent=False)
    if kind == "blank":
        return blank(lk)
    return para(lk, runs(lk, text, lk.body, 16, rng))


# table cells
_WIDTH = {"head": 52, "label": 150, "value": 48}


def td(lk: Look, cell: Cell, inner: str) -> str:
    """A table cell with Word's (or the editor's) width, borders and padding."""
    _, role, rowspan, colspan = cell
    width = _WIDTH[role] * colspan
    styles = ["border:solid windowtext 1.0pt", "padding:0cm 5.4pt"]
    if lk.verbose:
        styles = [f"width:{width * 0.75:.1f}pt", styles[0], "border-top:none", "padding:0cm 5.4pt 0cm 5.4pt"]
    if lk.verbose > 1:
        styles += ["mso-border-top-alt:solid windowtext .5pt", "mso-border-alt:solid windowtext .5pt"]
    spans = attrs(lk, width=width, rowspan=rowspan if rowspan > 1 else None,
                  colspan=colspan if colspan > 1 else None, valign="center" if lk.verbose else None)
    sep = "\n" if lk.word else ""
    return f"<td{spans}{sep}{attrs(lk, style=';'.join(styles))}>{sep}{inner}{sep}</td>"


def split_label(text: str, role: str, rng: random.Random) -> list[str]:
    """A header or label as printed over lines (结果<br>维持; the note in two paragraphs)."""
    if role == "head" and len(text) == 4 and rng.random() < 0.6:
        return [text[:2], text[2:]]
    if role == "head" and len(text) > 20 and rng.random() < 0.6:
        cut = text.index("，") + 1
        return [text[:cut], text[cut:]]
    if role == "label" and len(text) > 24 and "、" in text and rng.random() < 0.3:
        cut = text.index("、") + 1
        return [text[:cut], text[cut:]]
    return [text]


def label_cell(lk: Look, text: str, role: str, rng: random.Random) -> str:
    """A header or row label, printed over one or more lines."""
    lines = split_label(text, role, rng)
    align = "center" if role == "head" else None
    if len(lines) > 1 and rng.random() < 0.5:
        br = "<span lang=EN-US><br></span>" if lk.word else "<br/>"
        return para(lk, br.join(runs(lk, t, lk.cell, 10.5, rng) for t in lines), align, indent=False)
    return "".join(para(lk, runs(lk, t, lk.cell, 10.5, rng), align, indent=False) for t in lines)


def value_cell(lk: Look, text: str, rng: random.Random) -> str:
    """A number as editors leave it: nested spans and fonts, digits split, &nbsp; and empty lines."""
    lang = attrs(lk, lang="EN-US")
    style = attrs(lk, style=f"font-size:10.5pt;font-family:{lk.cell}")
    roll = rng.random()
    if roll < 0.15 and len(text) > 1:  # the digits in two runs
        cut = rng.randint(1, len(text) - 1)
        inner = f"<span{style}>{text[:cut]}</span><span{lang}{style}>{text[cut:]}</span>"
    elif roll < 0.3:  # nested spans (and the font an editor adds)
        number = f'<font face="{lk.cell}">{text}</font>' if lk.fonts else text
        inner = f"<span{style}><span{lang}>{number}</span></span>"
    elif roll < 0.4:
        inner = f"<span{style}>&nbsp;{text}&nbsp;</span>"
    else:
        tail = "<o:p></o:p>" if lk.word and lk.verbose else ""
        inner = f"<span{lang}{style if lk.verbose else ''}>{text}{tail}</span>"
    body = para(lk, inner, "center", indent=False)
    return blank(lk) + body if roll > 0.95 else body


def table_html(lk: Look, grid: Grid, rng: random.Random) -> str:
    """A table as Word writes it (or an editor keeps it), rowspans and colspans as in the template."""
    rows = []
    for i, row in enumerate(grid):
        cells = "".join(td(lk, c, value_cell(lk, c[0], rng) if c[1] == "value"
                           else label_cell(lk, c[0], c[1], rng)) for c in row)
        style = f"mso-yfti-irow:{i};height:20.5pt" if lk.word else "height:28px"
        rows.append(f"<tr{attrs(lk, style=style)}>{cells}</tr>")
    if lk.word:  # Word's row of column widths, seen by nobody
        widths = "<td width=52 style='border:none'></td>" * sum(c[3] for c in grid[0])
        rows.append(f"<![if !supportMisalignedColumns]><tr height=0>{widths}</tr><![endif]>")
    head = attrs(lk, class_="MsoNormalTable" if lk.word else None, border=1, cellspacing=0, cellpadding=0,
                 align="center", style="border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt")
    body = "\n".join(rows)
    return f"<table{head}>{'' if lk.word else '<tbody>'}\n{body}\n{'' if lk.word else '</tbody>'}</table>"


def report_html(doc: Doc, lk: Look, rng: random.Random, title: bool = True) -> str:
    """The report's body in Word markup (the title paragraph optional: a CMS prints its own)."""
    out = []
    for kind, text in doc.blocks:
        if kind == "table":
            out.append(table_html(lk, doc.grids[text], rng))
        elif kind != "title" or title:
            out.append(block_html(lk, kind, text, rng))
    return "\n".join(out)


# ------------------------------------------------------------------ Word's own web page
_STYLE_NAMES = ("Normal", "heading 1", "heading 2", "heading 3", "Title", "Subtitle", "Strong", "Emphasis",
                "Table Grid", "No Spacing", "List Paragraph", "Quote", "Intense Quote", "TOC Heading",
                "Plain Table 1", "Plain Table 2", "Grid Table 1 Light", "List Table 1 Light")


def _latent(size: int) -> str:
    """Word's list of latent styles, about ``size`` bytes long (at least ten entries)."""
    names = [*_STYLE_NAMES, *(f"toc {i}" for i in range(1, 10)),
             *(f"{kind} {i} Accent {a}" for kind in ("Grid Table", "List Table") for i in range(2, 8)
               for a in range(1, 7))]
    rows: list[str] = []
    used = 200
    while used < size or len(rows) < 10:
        i = len(rows)
        rows.append(f'  <w:LsdException Locked="false" Priority="{(i * 7) % 99}" SemiHidden="{str(i % 3 > 0).lower()}"'
                    f' UnhideWhenUsed="true" Name="{names[i % len(names)]}"/>')
        used += len(rows[-1]) + 1
    return ('<!--[if gte mso 9]><xml>\n <w:LatentStyles DefLockedState="false" DefUnhideWhenUsed="false"\n'
            f'  DefSemiHidden="false" DefQFormat="false" DefPriority="99" LatentStyleCount="{len(rows)}">\n'
            + "\n".join(rows) + "\n </w:LatentStyles>\n</xml><![endif]-->")


_FACES = ("宋体", "黑体", "仿宋_GB2312", "楷体_GB2312", "方正小标宋简体", "Cambria Math", "等线", "仿宋")


def _word_css(lk: Look) -> str:
    """Word's style block: font definitions, MsoNormal, the page."""
    faces = "\n".join(f"@font-face\n\t{{font-family:{f};\n\tpanose-1:2 1 6 {i} 3 1 1 1 1 1;\n\tmso-font-charset:134;"
                      f"\n\tmso-generic-font-family:auto;\n\tmso-font-pitch:variable;}}" for i, f in enumerate(_FACES))
    return (f"<style>\n<!--\n /* Font Definitions */\n{faces}\n /* Style Definitions */\n"
            f"p.MsoNormal, li.MsoNormal, div.MsoNormal\n\t{{mso-style-unhide:no;mso-style-qformat:yes;margin:0cm;"
            f"text-align:justify;text-justify:inter-ideograph;font-size:10.5pt;font-family:{lk.body};}}\n"
            "@page WordSection1\n\t{size:595.3pt 841.9pt;margin:72.0pt 90.0pt 72.0pt 90.0pt;layout-grid:15.6pt;}\n"
            "div.WordSection1\n\t{page:WordSection1;}\n-->\n</style>")


def _word_head(doc: Doc, lk: Look, charset: str, rng: random.Random) -> str:
    """Word's <head>: meta tags, document properties and settings (``{latent}`` filled in later)."""
    saved = f"{doc.signed.isoformat()}T0{rng.randint(1, 9)}:{rng.randint(10, 59)}:00Z"
    props = (f"<o:Author>{escape(doc.s.agency)}</o:Author>\n  <o:LastAuthor>user</o:LastAuthor>\n"
             f"  <o:Revision>{rng.randint(2, 40)}</o:Revision>\n  <o:Created>{saved}</o:Created>\n"
             f"  <o:LastSaved>{saved}</o:LastSaved>\n  <o:Pages>{rng.randint(5, 9)}</o:Pages>\n"
             f"  <o:Company>{escape(place_name(doc.s.agency))}</o:Company>\n  <o:Version>16.00</o:Version>")
    return ('<html xmlns:v="urn:schemas-microsoft-com:vml"\nxmlns:o="urn:schemas-microsoft-com:office:office"\n'
            'xmlns:w="urn:schemas-microsoft-com:office:word"\nxmlns="http://www.w3.org/TR/REC-html40">\n\n<head>\n'
            f'<meta http-equiv=Content-Type content="text/html; charset={charset}">\n'
            '<meta name=ProgId content=Word.Document>\n<meta name=Generator content="Microsoft Word 15">\n'
            f'<link rel=File-List href="report.files/filelist.xml">\n<title>{escape(doc.title)}</title>\n'
            f"<!--[if gte mso 9]><xml>\n <o:DocumentProperties>\n  {props}\n </o:DocumentProperties>\n"
            "</xml><![endif]-->\n<!--[if gte mso 9]><xml>\n <w:WordDocument>\n"
            "  <w:SpellingState>Clean</w:SpellingState>\n"
            "  <w:DrawingGridVerticalSpacing>7.8 磅</w:DrawingGridVerticalSpacing>\n  <w:Compatibility>\n"
            "   <w:SpaceForUL/>\n   <w:BalanceSingleByteDoubleByteWidth/>\n  </w:Compatibility>\n"
            f" </w:WordDocument>\n</xml><![endif]-->\n{{latent}}\n{_word_css(lk)}\n</head>\n\n")


def word_html(doc: Doc, rng: random.Random) -> bytes:
    """The report as Word's "save as web page" writes it (40–90 KB)."""
    charset = rng.choice(("utf-8", "gb2312"))
    encoding = "gbk" if charset == "gb2312" else "utf-8"
    target = rng.randint(*WORD_BYTES)
    for verbose in (1, 0):  # the richest markup that fits the size drawn
        lk = look(rng, word=True, verbose=verbose)
        body = (f"<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>\n"
                f"<div class=WordSection1 style='layout-grid:15.6pt'>\n{report_html(doc, lk, rng)}\n</div>\n"
                "</body>\n\n</html>\n")
        head = _word_head(doc, lk, charset, rng)
        size = len((head + body).encode(encoding, "xmlcharrefreplace"))
        if size < target - 1500:
            break
    latent = _latent(target - size)
    return (head.replace("{latent}", latent) + body).encode(encoding, "xmlcharrefreplace")


# ------------------------------------------------------------------ CMS pages around the report
_NAV = {
    "首页": (),
    "政务公开": ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报", "政策文件", "政策解读",
                 "规划计划", "财政资金", "人事信息", "建议提案办理", "重点领域信息公开"),
    "政务服务": ("办事指南", "便民服务", "服务事项清单", "好差评", "证照查询", "预约办理", "场景服务"),
    "互动交流": ("领导信箱", "在线访谈", "征集调查", "常见问题", "意见征集", "调查结果反馈"),
    "新闻中心": ("本地要闻", "部门动态", "乡镇动态", "通知公告", "图片新闻", "视频新闻", "媒体聚焦"),
    "走进{place}": ("概况", "历史沿革", "自然地理", "行政区划", "旅游资源", "特色产业", "人口民族"),
    "专题专栏": ("优化营商环境", "乡村振兴", "安全生产", "生态文明建设", "民生实事", "法治政府建设", "普法宣传"),
    "数据发布": ("统计公报", "统计月报", "经济运行", "数据解读", "数据开放"),
}
_CATALOGUE = ("机构职能", "领导信息", "内设机构", "政策文件", "行政规范性文件", "政策解读", "规划计划", "财政预决算",
              "政府采购", "人事信息", "权责清单", "行政许可", "行政处罚", "行政强制", "行政事业性收费",
              "应急管理", "公共服务", "重大建设项目", "社会救助", "教育领域", "医疗卫生", "生态环境",
              "食品药品", "安全生产", "统计信息", "建议提案办理", "政府信息公开年报")
_TOPICS = ("安全生产", "防汛防台", "森林防火", "营商环境", "乡村振兴", "文明城市创建", "垃圾分类", "医疗保障",
           "就业创业", "消费帮扶", "耕地保护", "河湖长制", "食品安全", "校园安全", "民生实事")
_NEWS = ("{place}召开{t}工作推进会", "关于做好{t}工作的通知", "{agency}部署{t}工作", "{place}开展{t}专项检查",
         "{t}政策问答", "图解：{place}{t}工作要点", "{place}{t}工作取得阶段性成效")
_CSS_PROPS = ("margin:0 auto", "width:1200px", "color:#333", "font-size:14px", "line-height:28px", "overflow:hidden",
              "background:#f5f7fa", "border-bottom:1px solid #e5e5e5", "float:left", "display:block",
              "padding:10px 20px", "text-align:center", "position:relative", "height:40px", "color:#1d4f9c",
              "font-weight:bold", "background:url(../images/bg.png) no-repeat center", "cursor:pointer")
_CSS_PARTS = ("top", "header", "logo", "search", "nav", "nav-item", "sub", "crumb", "main", "side", "title", "info",
              "content", "share", "tools", "footer", "links", "copy", "list", "tab", "more", "date", "qr")
_PROVINCES = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新"


@dataclass(frozen=True)
class Site:
    """An invented government site: names, domain, class prefix, filing numbers."""

    name: str
    place: str
    domain: str
    prefix: str
    province: str
    code: str
    doc_id: int


def site_for(s: synth.Synthetic, rng: random.Random) -> Site:
    """An invented site for the report's place."""
    place = place_name(s.agency)
    letters = "abcdefghjklmnpqrstwxyz"
    domain = "www." + "".join(rng.choice(letters) for _ in range(rng.randint(2, 5))) + ".gov.cn"
    prefix = rng.choice(("gk", "zw", "ewb", "xl", "trt", "ms", "site", "g")) + rng.choice(("", "_", "-")) + \
        "".join(rng.choice(letters) for _ in range(2))
    return Site(place + "人民政府", place, domain, prefix, rng.choice(_PROVINCES),
                str(rng.randint(1_000_000_000, 9_999_999_999)), rng.randint(10_000, 999_999))


def _href(rng: random.Random) -> str:
    return f"/col/col{rng.randint(1000, 99999)}/index.html"


def _links(texts: list[str], rng: random.Random, cls: str = "") -> str:
    """List items of links."""
    c = f' class="{cls}"' if cls else ""
    return "".join(f'<li{c}><a href="{_href(rng)}" target="_blank" title="{t}">{t}</a></li>' for t in texts)


def _news(s: synth.Synthetic, site: Site, rng: random.Random, n: int) -> list[str]:
    return [rng.choice(_NEWS).format(place=site.place, agency=s.agency, t=rng.choice(_TOPICS)) for _ in range(n)]


def _css(site: Site, rng: random.Random) -> str:
    """An inline style block: a few rules for each part of the page."""
    p = site.prefix
    rules = []
    for part in _CSS_PARTS:
        for sel in ("", " a", " li", ":hover", " .on"):
            rules.append(f".{p}-{part}{sel}{{{';'.join(rng.sample(_CSS_PROPS, rng.randint(2, 6)))}}}")
    return "<style type=\"text/css\">\n" + "\n".join(rules) + "\n</style>"


def _metas(doc: Doc, site: Site, column: str) -> str:
    """The meta tags government CMSs write (site, column, title, date, source)."""
    pub = doc.published.isoformat()
    tags = (("SiteName", site.name), ("SiteDomain", site.domain), ("SiteIDCode", site.code),
            ("ColumnName", column), ("ColumnType", column), ("ArticleTitle", doc.title),
            ("PubDate", f"{pub} {9 + site.doc_id % 8:02d}:{site.doc_id % 60:02d}"), ("ContentSource", doc.s.agency),
            ("Keywords", "政府信息公开,年度报告"), ("Description", doc.title),
            ("Url", f"https://{site.domain}/art/{pub[:4]}/{site.doc_id}.html"))
    return "\n".join(f'<meta name="{k}" content="{escape(v)}">' for k, v in tags)


def _head(doc: Doc, site: Site, rng: random.Random, charset: str = "utf-8", metas: bool = True) -> str:
    """The page's <head>: meta tags, style sheets, inline CSS, scripts and the site's config."""
    column = "政府信息公开年报"
    css = "".join(f'<link rel="stylesheet" type="text/css" href="/static/css/{n}.css?v={rng.randint(100, 999)}">\n'
                  for n in rng.sample(("base", "common", "header", "footer", "article", "xxgk", "iconfont",
                                       "media", "old", "wza"), rng.randint(4, 9)))
    js = "".join(f'<script type="text/javascript" src="/static/js/{n}"></script>\n'
                 for n in ("jquery-1.12.4.min.js", "common.js", f"{site.prefix}.nav.js"))
    config = (f"<script>var {site.prefix.replace('-', '_')}Cfg = {{siteId: {rng.randint(1, 90)}, "
              f"siteCode: '{site.code}', docId: {site.doc_id}, columnName: '{column}', "
              f"searchUrl: '/search/index.html', statUrl: 'https://stat.{site.domain[4:]}/s.js'}};</script>")
    return (f'<head>\n<meta charset="{charset}">\n<meta http-equiv="X-UA-Compatible" content="IE=edge">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
            + (_metas(doc, site, column) + "\n" if metas else "")
            + f"<title>{escape(doc.title)}_{column}_{escape(site.name)}</title>\n{css}{_css(site, rng)}\n{js}{config}\n"
            "</head>")


def _menu(site: Site, rng: random.Random, cls: str) -> str:
    """A dropdown menu: top items, each with a panel of links."""
    items = []
    for top, subs in _NAV.items():
        sub = f'<div class="{cls}-sub"><ul>{_links(list(subs), rng)}</ul></div>' if subs else ""
        top_link = f'<a href="{_href(rng)}">{top.format(place=site.place)}</a>'
        items.append(f'<li class="{cls}-item">{top_link}{sub}</li>')
    return f'<div class="{cls}"><ul class="{cls}-list">' + "\n".join(items) + "</ul></div>"


def _bar(site: Site, rng: random.Random, cls: str) -> str:
    """A flat channel bar: every top item and its links in one row of anchors."""
    texts = [t.format(place=site.place) for top, subs in _NAV.items() for t in (top, *subs[:3])]
    links = "<span>|</span>".join(f'<a href="{_href(rng)}">{t}</a>' for t in texts)
    return f'<div class="{cls}">{links}</div>'


def _crumb(site: Site, rng: random.Random, cls: str) -> str:
    steps = ["首页", "政务公开", "政府信息公开", "政府信息公开年报"]
    links = " &gt; ".join(f'<a href="{_href(rng)}">{t}</a>' for t in steps)
    return f'<div class="{cls}">当前位置：{links}</div>'


def _copyright(site: Site, rng: random.Random) -> list[str]:
    """The footer's lines: sponsor, address, site code, filing numbers."""
    tel = f"0{rng.randint(310, 999)}-{rng.randint(2000000, 8999999)}"
    return [f"主办单位：{site.name}办公室　承办单位：{site.place}大数据发展中心",
            f"地址：{site.place}人民路{rng.randint(1, 300)}号　联系电话：{tel}",
            f"网站标识码：{site.code}　{site.province}ICP备{rng.randint(10_000_000, 99_999_999)}号-{rng.randint(1, 9)}",
            f"{site.province}公网安备 {rng.randint(10**13, 10**14 - 1)}号　建议使用1366×768以上分辨率浏览"]


_FOOTER_GROUPS = {"国务院部门网站": ("教育部", "科学技术部", "民政部", "财政部", "自然资源部", "交通运输部"),
                  "省级政府网站": ("省人民政府", "省发展和改革委员会", "省统计局"),
                  "县市区政府网站": ("发展和改革局", "统计局", "审计局", "应急管理局")}


def _footer_portal(site: Site, rng: random.Random, cls: str) -> str:
    """Link groups as drop-down selectors, then the filing lines and badges."""
    selects = "".join(f'<select class="{cls}-sel" onchange="window.open(this.value)"><option>{g}</option>'
                      + "".join(f'<option value="https://{site.domain}{_href(rng)}">{t}</option>' for t in ts)
                      + "</select>" for g, ts in _FOOTER_GROUPS.items())
    lines = "".join(f"<p>{escape(t)}</p>" for t in _copyright(site, rng))
    return (f'<div class="{cls}"><div class="{cls}-links">{selects}</div><div class="{cls}-copy">{lines}'
            f'<a href="https://{site.domain}/jiucuo"><img src="/static/images/jiucuo.png" alt="政府网站找错"></a>'
            '<img src="/static/images/dzjg.png" alt="党政机关"></div></div>')


def _footer_xxgk(site: Site, rng: random.Random, cls: str) -> str:
    """A site-map line, link lists in columns, the filing lines."""
    line = " | ".join(f'<a href="{_href(rng)}">{t}</a>' for t in ("网站地图", "联系我们", "隐私声明", "使用帮助"))
    cols = "".join(f'<dl><dt>{g}</dt>' + "".join(f'<dd><a href="{_href(rng)}">{t}</a></dd>' for t in ts) + "</dl>"
                   for g, ts in _FOOTER_GROUPS.items())
    lines = "<br>".join(escape(t) for t in _copyright(site, rng))
    return (f'<div id="{cls}"><p class="sitemap">{line}</p><div class="cols">{cols}</div>'
            f'<p class="copy">{lines}</p></div>')


def _footer_legacy(site: Site, rng: random.Random, cls: str) -> str:
    lines = "<br>".join(escape(t) for t in _copyright(site, rng))
    return (f'<table width="1002" border="0" cellspacing="0" cellpadding="0" align="center" class="{cls}"><tr>'
            f'<td align="center" height="120"><font color="#666666">{lines}</font></td></tr></table>')


def _info(doc: Doc, rng: random.Random, cls: str) -> str:
    """The line under an article's title: date, source, hits, font size."""
    return (f'<div class="{cls}"><span>发布时间：{doc.published.isoformat()}</span>'
            f"<span>来源：{escape(doc.s.agency)}</span>"
            f'<span>浏览次数：<em id="hits">{rng.randint(12, 4000)}</em></span>'
            '<span class="fontsize">字号：<a href="javascript:setFont(18)">大</a>'
            '<a href="javascript:setFont(16)">中</a><a href="javascript:setFont(14)">小</a></span></div>')


def _share(cls: str) -> str:
    """Share and print links."""
    return (f'<div class="{cls}">分享到：<a class="wx" href="javascript:share(\'weixin\')">微信</a>'
            '<a class="wb" href="javascript:share(\'weibo\')">微博</a>'
            '<a class="qq" href="javascript:share(\'qzone\')">QQ空间</a></div>'
            '<div class="tools"><a href="javascript:window.print()">【打印本页】</a>'
            '<a href="javascript:window.close()">【关闭窗口】</a></div>')


_SCRIPTS = {
    "portal": (
        "function setFont(size){{var el=document.getElementById('zoom');if(!el)return;el.style.fontSize=size+'px';"
        "var ps=el.getElementsByTagName('p');for(var i=0;i<ps.length;i++){{ps[i].style.fontSize=size+'px';}}}}",
        "function share(to){{var u=encodeURIComponent(location.href),t=encodeURIComponent(document.title);"
        "var m={{weibo:'https://service.weibo.com/share/share.php?url=',qzone:'https://sns.qzone.qq.com/cgi-bin/"
        "qzshare/cgi_qzshare_onekey?url='}};if(to==='weixin'){{$('#qrcode').toggle();return;}}"
        "window.open(m[to]+u+'&title='+t);}}",
        "$(function(){{$.get('/api/hits',{{docid:{doc}}},function(n){{$('#hits').text(n);}});"
        "$('.{p}-nav-item').hover(function(){{$(this).addClass('on');}},function(){{$(this).removeClass('on');}});}});",
        "var _st=_st||[];(function(){{var s=document.createElement('script');s.async=true;"
        "s.src='https://stat.{d}/count.js?sid={code}';var x=document.getElementsByTagName('script')[0];"
        "x.parentNode.insertBefore(s,x);}})();"),
    "xxgk": (
        "require.config({{baseUrl:'/static/js',paths:{{jquery:'jquery-1.12.4.min',ztree:'jquery.ztree.core.min'}}}});",
        "require(['jquery','ztree'],function($){{$.fn.zTree.init($('#{p}-tree'),{{data:{{simpleData:{{enable:true}}}},"
        "view:{{showIcon:false}}}},window.zNodes||[]);$('#zoom table').wrap('<div class=\"tbl-scroll\"></div>');"
        "$('.{p}-tab li').click(function(){{$(this).addClass('cur').siblings().removeClass('cur');}});}});",
        "function setFont(n){{document.getElementById('zoom').style.fontSize=n+'px';}}",
        "function share(to){{window.open('/share/'+to+'?url='+encodeURIComponent(location.href));}}"),
    "legacy": (
        "function doZoom(size){{document.getElementById('zoom').style.fontSize=size+'px';}}",
        "function preloadImages(){{var d=document;if(d.images){{if(!d.p)d.p=new Array();var i,j=d.p.length,"
        "a=preloadImages.arguments;for(i=0;i<a.length;i++){{d.p[j]=new Image;d.p[j++].src=a[i];}}}}}}",
        "window.onload=function(){{preloadImages('/images/nav_on.gif','/images/more.gif');}};",
        "var today=new Date();document.getElementById('today')&&(document.getElementById('today').innerHTML="
        "today.getFullYear()+'-'+(today.getMonth()+1)+'-'+today.getDate());"),
}


def _scripts(site: Site, skeleton: str) -> str:
    """The skeleton's inline scripts and an accessibility widget."""
    body = "\n".join(t.format(doc=site.doc_id, p=site.prefix, d=site.domain[4:], code=site.code)
                     for t in _SCRIPTS[skeleton])
    lang = ' language="javascript"' if skeleton == "legacy" else ' type="text/javascript"'
    return f"<script{lang}>\n{body}\n</script>\n<script src=\"/static/js/wza.min.js\" async></script>"


def _unit_entry(site: Site, rng: random.Random) -> str:
    cols = ",".join(f"{{id:'{rng.randint(1000, 99999)}',name:'{c}'}}" for c in rng.sample(_CATALOGUE, 5))
    unit = site.place + rng.choice(synth._BODIES)
    return f'  "/col/col{rng.randint(1000, 99999)}/": {{orgname: "{unit}", chnllist: [{cols}]}},\n'


def _tree_entry(site: Site, rng: random.Random) -> str:
    node = rng.randint(100, 99999)
    return (f'  {{id:{node},pId:{node // 100},name:"{rng.choice(_CATALOGUE)}",'
            f'url:"/xxgk/{node}/list.html",target:"_self",open:false}},\n')


def _news_entry(site: Site, rng: random.Random) -> str:
    title = rng.choice(_NEWS).format(place=site.place, agency=site.name, t=rng.choice(_TOPICS))
    return f'newsList.push("<a href=\\"{_href(rng)}\\" target=\\"_blank\\">{title}</a>");\n'


_FILLERS: dict[str, tuple[str, Callable[[Site, random.Random], str], str]] = {
    "portal": ("var {p}Units = {{\n", _unit_entry, "}};\n"),
    "xxgk": ("var zNodes = [\n", _tree_entry, "];\n"),
    "legacy": ("var newsList = new Array();\n", _news_entry, "scrollNews(newsList);\n"),
}


def filler(site: Site, skeleton: str, rng: random.Random, size: int, encoding: str) -> str:
    """An inline script of about ``size`` bytes, of the data CMS templates embed: a map of the
    departments' columns, a catalogue tree, a news ticker."""
    start, entry, end = _FILLERS[skeleton]
    out = [f'<script type="text/javascript">\n{start.format(p=site.prefix.replace("-", "_"))}']
    used = 40
    while used < size:
        out.append(entry(site, rng))
        used += len(out[-1].encode(encoding))
    return "".join(out) + end.format() + "</script>"


def _portal(doc: Doc, site: Site, content: str, rng: random.Random) -> str:
    """A div-based portal: top bar, dropdown menu, article with info line, right sidebar, footer."""
    p = site.prefix
    side = f'<div class="{p}-side"><h3>相关信息</h3><ul>{_links(_news(doc.s, site, rng, 8), rng)}</ul></div>'
    return (f'<body>\n<div class="{p}-top"><span id="{p}-today"></span><div class="{p}-toplinks">'
            '<a href="/wza/">无障碍</a><a href="/old/">长者模式</a><a href="/en/">English</a><a href="/login">登录</a>'
            f'</div></div>\n<div class="{p}-header"><a class="{p}-logo" href="/"><img src="/static/images/logo.png"'
            f' alt="{site.name}"></a><div class="{p}-search"><form action="/search/"><input name="q" '
            'placeholder="请输入关键词"><button type="submit">搜索</button></form></div></div>\n'
            f'{_menu(site, rng, p + "-nav")}\n<div class="{p}-main">{_crumb(site, rng, p + "-crumb")}\n'
            f'<div class="{p}-article"><h1 class="{p}-title">{escape(doc.title)}</h1>\n'
            f'{_info(doc, rng, p + "-info")}\n<div class="{p}-content TRS_Editor" id="zoom">\n{content}\n</div>\n'
            f'{_share(p + "-share")}</div>\n{side}</div>\n{_footer_portal(site, rng, p + "-footer")}\n')


def _meta_table(doc: Doc, rng: random.Random) -> str:
    """The 信息公开 index card above an article: 索引号, 发布机构, dates."""
    pub = doc.published.isoformat()
    index = f"{rng.randint(10**8, 10**9 - 1)}/{doc.published.year}-{rng.randint(1, 999):05d}"
    pairs = (("索引号：", index), ("主题分类：", "综合政务"), ("发布机构：", doc.s.agency), ("成文日期：", pub),
             ("发文字号：", ""), ("发布日期：", pub))
    rows = "".join(f'<tr><td class="t">{a}</td><td>{escape(b)}</td><td class="t">{c}</td><td>{escape(d)}</td></tr>'
                   for (a, b), (c, d) in zip(pairs[::2], pairs[1::2], strict=True))
    return f'<table class="xxgk-card" width="100%" border="0" cellspacing="0">{rows}</table>'


def _xxgk(doc: Doc, site: Site, content: str, rng: random.Random) -> str:
    """A 政府信息公开 platform page: channel bar, catalogue tree on the left, index card, related reports."""
    p = site.prefix
    years = [f"{y}年度" for y in range(doc.s.year, doc.s.year - 6, -1)]
    tree = (f'<div class="{p}-tree" id="{p}-tree"><h3>信息公开目录</h3>'
            f'<ul>{_links(list(_CATALOGUE), rng, "node")}<li class="open"><a href="#">政府信息公开年报</a>'
            f'<ul>{_links(years, rng)}</ul></li></ul></div>')
    units = [site.place + b for b in rng.sample(synth._BODIES, 10)]
    units_html = f'<div class="{p}-units"><h3>部门信息公开</h3><ul>{_links(units, rng)}</ul></div>'
    earlier = [f"{doc.s.agency}{y}年政府信息公开工作年度报告" for y in range(doc.s.year - 1, doc.s.year - 4, -1)]
    return (f'<body class="{p}-xxgk">\n<div id="{p}-header"><div class="{p}-banner"><img src="/static/images/'
            f'xxgk_banner.jpg" alt="{site.name}政府信息公开"></div>{_bar(site, rng, p + "-menu")}</div>\n'
            f'<div class="{p}-wrap"><div class="{p}-left">{tree}{units_html}</div>\n<div class="{p}-right">'
            f'{_crumb(site, rng, p + "-position")}\n{_meta_table(doc, rng)}\n'
            f'<div class="{p}-title">{escape(doc.title)}</div>\n<div class="Custom_UnionStyle" id="zoom">\n{content}\n'
            f'</div>\n<div class="{p}-relate"><h4>相关年报</h4><ul>{_links(earlier, rng)}</ul></div>'
            f'{_share(p + "-share")}</div></div>\n{_footer_xxgk(site, rng, p + "-foot")}\n')


def _legacy_nav(site: Site, rng: random.Random) -> str:
    cells = '<td class="navline">|</td>'.join(
        f'<td align="center"><a class="nav" href="{_href(rng)}">{t.format(place=site.place)}</a></td>'
        for t in _NAV)
    return f'<table width="100%" border="0" cellspacing="0" cellpadding="0"><tr>{cells}</tr></table>'


def _legacy_left(site: Site, rng: random.Random) -> str:
    rows = "".join(f'<tr><td height="30" class="leftlink">·<a href="{_href(rng)}">{t}</a></td></tr>'
                   for t in rng.sample(_CATALOGUE, 16))
    return (f'<table width="100%" border="0" cellspacing="0"><tr><td class="lefttitle" height="36">栏目导航</td></tr>'
            f"{rows}</table>")


def _legacy(doc: Doc, site: Site, content: str, rng: random.Random) -> str:
    """An old table-laid page (GB2312): banner, menu and columns in nested layout tables."""
    info = (f'发布日期：{doc.published.isoformat()}&nbsp;&nbsp;信息来源：{escape(doc.s.agency)}&nbsp;&nbsp;'
            f'点击数：<script>document.write("{rng.randint(10, 3000)}")</script>')
    return ('<body topmargin="0" leftmargin="0">\n<table width="1002" border="0" cellpadding="0" cellspacing="0" '
            'align="center"><tr><td><img src="/images/top_banner.jpg" width="1002" height="160"></td></tr>\n'
            f'<tr><td class="navbg" height="38">{_legacy_nav(site, rng)}</td></tr></table>\n'
            '<table width="1002" border="0" cellpadding="0" cellspacing="0" align="center"><tr>\n'
            f'<td width="230" valign="top" class="leftbg">{_legacy_left(site, rng)}</td><td width="12"></td>\n'
            '<td valign="top"><table width="100%" border="0" cellspacing="0"><tr><td class="weizhi" height="32">'
            f'当前位置：<a href="/">首页</a> &gt; <a href="{_href(rng)}">政府信息公开年报</a></td></tr></table>\n'
            '<table width="96%" border="0" cellspacing="0" align="center"><tr><td align="center" height="60">'
            f'<font size="5" color="#c00000"><b>{escape(doc.title)}</b></font></td></tr>\n'
            f'<tr><td align="center" class="info" height="30">{info}</td></tr>\n'
            f'<tr><td class="content" id="zoom">\n{content}\n</td></tr></table></td></tr></table>\n'
            f'{_footer_legacy(site, rng, "foot")}\n')


SKELETONS: dict[str, Callable[[Doc, Site, str, random.Random], str]] = {
    "portal": _portal, "xxgk": _xxgk, "legacy": _legacy}


def cms_page(doc: Doc, rng: random.Random, skeleton: str | None = None) -> bytes:
    """The report inside a whole CMS page of 100–200 KB (skeleton and size drawn from ``rng``)."""
    site = site_for(doc.s, rng)
    skeleton = skeleton or rng.choice(tuple(SKELETONS))
    legacy = skeleton == "legacy"
    encoding = "gbk" if legacy else "utf-8"
    content = report_html(doc, look(rng, word=False), rng, title=rng.random() < 0.3)
    head = _head(doc, site, rng, "gb2312" if legacy else "utf-8", metas=not legacy)
    doctype = ("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">\n<html>\n" if legacy
               else '<!DOCTYPE html>\n<html lang="zh-CN">\n')
    page = doctype + head + "\n" + SKELETONS[skeleton](doc, site, content, rng) + _scripts(site, skeleton) + "\n"
    size = len((page + "</body>\n</html>\n").encode(encoding, "xmlcharrefreplace"))
    page += filler(site, skeleton, rng, rng.randint(*CMS_BYTES) - size, encoding) + "\n</body>\n</html>\n"
    return page.encode(encoding, "xmlcharrefreplace")


# ------------------------------------------------------------------ DOCX and PDF
def _sections(doc: Doc) -> dict[str, list[str]]:
    """The report's paragraphs by where they go: intro, parts 一, 五, 六, signature."""
    out: dict[str, list[str]] = {"intro": [], "sign": []}
    part = "intro"
    for kind, text in doc.blocks:
        if kind == "head":
            part = text[0]
        elif kind == "sign":
            out["sign"].append(text)
        elif kind in ("para", "sub"):
            out.setdefault(part, []).append(text)
    return out


def _fill_paragraph(p: Paragraph, lines: list[str]) -> None:
    """``p`` says the first line; copies of it after it say the rest."""
    from docx.text.paragraph import Paragraph

    p.text = lines[0]
    anchor = p._p
    for line in lines[1:]:
        new = copy.deepcopy(p._p)
        anchor.addnext(new)
        Paragraph(new, p._parent).text = line
        anchor = new


def _docx_cells(tr: CT_Row) -> list[CT_Tc]:
    """A template row's cells, without those continuing a vertical merge."""
    return [tc for tc in tr.tc_lst if tc.vMerge in (None, "restart")]


def _fill_template_tables(d: DocxDocument, s: synth.Synthetic) -> None:
    """The template's three tables filled in with the report's numbers."""
    from docx.table import _Cell

    t2, t3, t4 = d.tables[:3]
    ad = template.layout(ACTIVE_DISCLOSURE, "2021")
    labels = {r.label: r.key for r in ad.rows}
    for tr in t2._tbl.tr_lst:
        tcs = _docx_cells(tr)
        found = labels.get(_Cell(tcs[0], t2).text.strip())
        for tc, col in zip(tcs[1:], ad.columns_of(found) if found else (), strict=False):
            _Cell(tc, t2).text = _num(s.tables[ACTIVE_DISCLOSURE][(found or "", col)])
    lay = template.layout(APPLICATIONS, "2021")
    for tr, line in zip(t3._tbl.tr_lst[3:], lay.rows, strict=True):
        for tc, column in zip(_docx_cells(tr)[-7:], lay.columns, strict=True):
            _Cell(tc, t3).text = _num(s.tables[APPLICATIONS][(line.key, column.key)])
    keys = template.layout(REVIEW_LITIGATION, "2021").cell_keys()
    for tc, key in zip(t4._tbl.tr_lst[3].tc_lst, keys, strict=True):
        _Cell(tc, t4).text = _num(s.tables[REVIEW_LITIGATION][key])


def _docx_template(doc: Doc) -> DocxDocument:
    """The official Word template filled in, as most bodies write their report."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    d = docx.Document(str(TEMPLATE))
    texts = _sections(doc)
    part = None
    for p in list(d.paragraphs):
        text = p.text.strip()
        if text.endswith("格式模板"):
            p.text = doc.title
        elif text.startswith("一、"):
            for line in texts["intro"]:
                p.insert_paragraph_before(line)
        if text[1:2] == "、" and text[:1] in "一二三四五六":
            part = text[:1]
        elif text.startswith("（文字描述") and part in texts:
            _fill_paragraph(p, texts[part])
    for line in texts["sign"]:
        d.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _fill_template_tables(d, doc.s)
    return d


def _docx_drawn(doc: Doc, rng: random.Random) -> DocxDocument:
    """A document written from scratch: paragraphs and tables drawn with merged cells."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm

    d = docx.Document()
    page = d.sections[0]
    page.page_width, page.page_height = Cm(21.0), Cm(29.7)
    page.left_margin = page.right_margin = Cm(3.17)
    normal = d.styles["Normal"]
    normal.font.name = "仿宋_GB2312"
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
    align = {"title": WD_ALIGN_PARAGRAPH.CENTER, "sign": WD_ALIGN_PARAGRAPH.RIGHT}
    for kind, text in doc.blocks:
        if kind == "table":
            _docx_table(d, text, doc.grids[text], rng)
            continue
        p = d.add_paragraph()
        p.add_run(text).bold = kind in ("title", "head")
        if kind in align:
            p.alignment = align[kind]
    return d


# column widths (cm) of the drawn tables, as the template's (a little wider than an A4 text line)
DOCX_WIDTHS = {ACTIVE_DISCLOSURE: [4.3] * 4, APPLICATIONS: [1.33, 1.62, 5.77] + [1.21] * 7,
               REVIEW_LITIGATION: [1.145] * 15}
DRAWN_VALIGN = "center"  # vertical alignment of drawn cells (Word's own default is "top")


def _docx_table(d: DocxDocument, name: str, grid: Grid, rng: random.Random) -> None:
    """A table with merged cells written as Word writes them (gridSpan, vMerge), row by row."""
    from docx.shared import Cm

    widths = DOCX_WIDTHS[name]
    table = d.add_table(rows=len(grid), cols=len(widths))
    table.style, table.autofit = "Table Grid", False
    for col, w in zip(table.columns, widths, strict=True):
        col.width = Cm(w)
    starts = {(r, c): cell for r, c, cell in place(grid)}
    below = {(r + dr, c): cell for (r, c), cell in starts.items() for dr in range(1, cell[2])}
    for r, tr in enumerate(table._tbl.tr_lst):
        tcs, c = list(tr.tc_lst), 0
        while c < len(widths):
            cell = starts.get((r, c)) or below[(r, c)]
            for extra in tcs[c + 1:c + cell[3]]:
                tr.remove(extra)
            text = "\n".join(split_label(cell[0], cell[1], rng))
            _docx_cell(table, tcs[c], (text, *cell[1:]), (r, c) in starts, Cm(sum(widths[c:c + cell[3]])))
            c += cell[3]


def _docx_cell(table: DocxTable, tc: CT_Tc, cell: Cell, first: bool, width: Length) -> None:
    """One grid cell of a drawn table: merge marks, width, alignment and (in its first row) text."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt
    from docx.table import _Cell

    text, role, rowspan, colspan = cell
    if colspan > 1:
        tc.grid_span = colspan
    if rowspan > 1:
        tc.vMerge = "restart" if first else "continue"
    box = _Cell(tc, table)
    box.width = width
    box.vertical_alignment = getattr(WD_CELL_VERTICAL_ALIGNMENT, DRAWN_VALIGN.upper())
    if first:
        p = box.paragraphs[0]
        p.add_run(text).font.size = Pt(10)
        if role != "label":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _keep_together(tbl: CT_Tbl) -> None:
    """Word's way to keep a table on one page: rows never break, each stays with the next."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rows = tbl.tr_lst
    for i, tr in enumerate(rows):
        tr.get_or_add_trPr().insert(0, OxmlElement("w:cantSplit"))
        for p in tr.iter(qn("w:p")) if i < len(rows) - 1 else ():
            p.get_or_add_pPr().keepNext_val = True


def docx_bytes(doc: Doc, rng: random.Random) -> bytes:
    """The report as a DOCX: the official template filled in when at hand (mostly), else drawn."""
    d = _docx_template(doc) if TEMPLATE.exists() and rng.random() < 0.7 else _docx_drawn(doc, rng)
    for table in d.tables:  # LibreOffice otherwise breaks a table anywhere, even inside a row
        _keep_together(table._tbl)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def print_pdfs(docx_files: list[Path], outdir: Path, batch: int = 100) -> list[Path]:
    """LibreOffice prints every DOCX to ``outdir`` (a hundred files per run, in a profile of
    its own; a long run may stop early without an error, so what is missing is tried again)."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise RuntimeError("printing PDFs needs LibreOffice, and no 'soffice' is on PATH")
    pdfs = [outdir / (f.stem + ".pdf") for f in docx_files]
    for pdf in pdfs:
        pdf.unlink(missing_ok=True)
    stderr = ""
    for _ in range(2):
        todo = [f for f, pdf in zip(docx_files, pdfs, strict=True) if not pdf.exists()]
        for k in range(0, len(todo), batch):
            stderr = _soffice(exe, todo[k:k + batch], outdir).stderr or stderr
    missing = [p.name for p in pdfs if not p.exists()]
    if missing:
        raise RuntimeError(f"soffice did not print {len(missing)} files ({missing[:3]}): {stderr[-400:]}")
    return pdfs


def _soffice(exe: str, files: list[Path], outdir: Path) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="shapes-lo-") as profile:
        cmd = [exe, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--convert-to", "pdf",
               "--outdir", str(outdir), *map(str, files)]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120 + 30 * len(files), check=False)


# ------------------------------------------------------------------ public API
def make(kind: str, s: synth.Synthetic, rng: random.Random) -> tuple[str, bytes]:
    """(file suffix, file bytes) of report ``s`` as a document of ``kind``."""
    if kind == "glued":
        return SUFFIX[kind], synth.render(s, "glued").encode("utf-8")
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")
    if kind == "pdf":
        with tempfile.TemporaryDirectory(prefix="shapes-") as tmp:
            source = Path(tmp) / "report.docx"
            source.write_bytes(make("docx", s, rng)[1])
            return SUFFIX[kind], print_pdfs([source], Path(tmp))[0].read_bytes()
    doc = layout_report(s, rng)
    render = {"cms": cms_page, "word_html": word_html, "docx": docx_bytes}[kind]
    return SUFFIX[kind], render(doc, rng)


def make_many(kind: str, synths: list[synth.Synthetic], rng: random.Random, folder: Path) -> list[Path]:
    """Write ``synths`` as ``kind`` documents ``<kind>_00000<suffix>``… into ``folder``; PDFs are
    printed by one LibreOffice run."""
    folder.mkdir(parents=True, exist_ok=True)
    if kind != "pdf":
        paths = []
        for i, s in enumerate(synths):
            suffix, data = make(kind, s, rng)
            paths.append(folder / f"{kind}_{i:05d}{suffix}")
            paths[-1].write_bytes(data)
        return paths
    with tempfile.TemporaryDirectory(prefix="shapes-") as tmp:
        sources = []
        for i, s in enumerate(synths):
            sources.append(Path(tmp) / f"pdf_{i:05d}.docx")
            sources[-1].write_bytes(make("docx", s, rng)[1])
        return print_pdfs(sources, folder) if sources else []


def synthetics(kinds: dict[str, int], seed: int = 0) -> dict[str, list[synth.Synthetic]]:
    """Reports for each kind: the 2021 layout, years 2021–2025, and no two of one body in the
    same or consecutive years (files of one body and year are copies of one report; consecutive
    years are checked against each other, and independent draws would not agree)."""
    years: dict[str, set[int]] = {}
    out: dict[str, list[synth.Synthetic]] = {}
    n, limit = 0, 100 * (sum(kinds.values()) + 10)
    for kind, count in kinds.items():
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")
        out[kind] = []
        while len(out[kind]) < count:
            if n > limit:
                raise RuntimeError(f"no {sum(kinds.values())} reports of distinct bodies and years in {n} draws")
            rng = random.Random(f"{seed}:{n}")
            n += 1
            s = synth.consistent(rng, "2021", year=rng.randint(2021, 2025))
            taken = years.setdefault(s.agency, set())
            if not taken & {s.year - 1, s.year, s.year + 1}:
                taken.add(s.year)
                out[kind].append(s)
    return out


def write(folder: Path, kinds: dict[str, int], seed: int = 0) -> list[Path]:
    """Write the requested number of documents of each kind into ``folder``; their paths."""
    paths: list[Path] = []
    for kind, synths in synthetics(kinds, seed).items():
        paths += make_many(kind, synths, random.Random(f"{seed}:{kind}"), Path(folder))
    return paths


def _summary(kind: str, paths: list[Path], seconds: float) -> str:
    """One line of the size summary."""
    sizes = [p.stat().st_size / 1024 for p in paths]
    if not sizes:
        return f"{kind:10} 0 files"
    return (f"{kind:10} {len(sizes):5} files  {seconds:7.2f} s  KiB min {min(sizes):6.1f}  "
            f"median {statistics.median(sizes):6.1f}  max {max(sizes):6.1f}")


def main(argv: list[str] | None = None) -> None:
    """Command line: write the documents asked for and print sizes and times."""
    ap = argparse.ArgumentParser(description="Write benchmark documents shaped like published reports.")
    ap.add_argument("out", type=Path, help="folder to write into")
    for kind in KINDS:
        ap.add_argument(f"--{kind.replace('_', '-')}", dest=kind, type=int, default=0, metavar="N")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    start = time.perf_counter()
    for kind, synths in synthetics({k: getattr(args, k) for k in KINDS}, args.seed).items():
        t0 = time.perf_counter()
        paths = make_many(kind, synths, random.Random(f"{args.seed}:{kind}"), args.out)
        print(_summary(kind, paths, time.perf_counter() - t0))
    print(f"total {time.perf_counter() - start:.2f} s → {args.out}")


if __name__ == "__main__":
    main()
