"""The two official layouts: every table, row, column and label variant.

This module is the only place where the template's Chinese labels live.  Keys are the
public contract (see README): canonical row/column keys never change without a
``schema_version`` bump.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, cached_property

APPLICATIONS = "applications"
REVIEW_LITIGATION = "review_litigation"
ACTIVE_DISCLOSURE = "active_disclosure"
TABLES = (ACTIVE_DISCLOSURE, APPLICATIONS, REVIEW_LITIGATION)
LAYOUTS = ("2021", "2019")

TABLE_LABELS = {
    ACTIVE_DISCLOSURE: "二、主动公开政府信息情况",
    APPLICATIONS: "三、收到和处理政府信息公开申请情况",
    REVIEW_LITIGATION: "四、政府信息公开行政复议、行政诉讼情况",
}


@dataclass(frozen=True)
class Line:
    """A template row or column: canonical key, official label, accepted variants."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    group: str | None = None  # label of the enclosing group, for display
    kind: str = "count"  # count | signed | amount


@dataclass(frozen=True)
class Layout:
    """One table in one template version."""

    table: str
    version: str
    rows: tuple[Line, ...]
    columns: tuple[Line, ...]
    # For tables whose rows carry different column sets (table 二): row key -> column keys.
    row_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def columns_of(self, row: str) -> tuple[str, ...]:
        found = self.row_columns.get(row)
        return self.column_keys if found is None else found

    @cached_property
    def column_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    def row(self, key: str) -> Line:
        return next(r for r in self.rows if r.key == key)

    def column(self, key: str) -> Line:
        return next(c for c in self.columns if c.key == key)

    def cell_keys(self) -> list[tuple[str, str]]:
        return [(r.key, c) for r in self.rows for c in self.columns_of(r.key)]

    def kind(self, row: str, column: str) -> str:
        col = self.column(column)
        return col.kind if col.kind != "count" else self.row(row).kind


# ---------------------------------------------------------------- table 三
_APPLICANTS = (
    Line("natural_person", "自然人"),
    Line("commercial", "商业企业"),
    Line("research", "科研机构"),
    Line("social_welfare", "社会公益组织"),
    Line("legal_services", "法律服务机构"),
    Line("other_org", "其他"),
    Line("total", "总计", aliases=("合计",)),
)

_G3 = "三、本年度办理结果"
_DENIED = "（三）不予公开"
_UNABLE = "（四）无法提供"
_NOTPROC = "（五）不予处理"
_OTHER = "（六）其他处理"

_HEAD_ROWS = (
    Line("new_received", "一、本年新收政府信息公开申请数量", ("本年新收政府信息公开申请数量",)),
    Line("carried_over", "二、上年结转政府信息公开申请数量", ("上年结转政府信息公开申请数量",)),
    Line("granted", "（一）予以公开", group=_G3),
    Line("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
         ("（二）部分公开",), group=_G3),
    *(
        Line(f"denied.{k}", lab, group=f"{_G3}/{_DENIED}")
        for k, lab in (
            ("state_secret", "1.属于国家秘密"),
            ("prohibited_by_law", "2.其他法律行政法规禁止公开"),
            ("endangers_safety_stability", "3.危及“三安全一稳定”"),
            ("third_party_rights", "4.保护第三方合法权益"),
            ("internal_affairs", "5.属于三类内部事务信息"),
            ("process_information", "6.属于四类过程性信息"),
            ("enforcement_case_file", "7.属于行政执法案卷"),
            ("administrative_query", "8.属于行政查询事项"),
        )
    ),
    *(
        Line(f"unable.{k}", lab, group=f"{_G3}/{_UNABLE}")
        for k, lab in (
            ("not_held", "1.本机关不掌握相关政府信息"),
            ("needs_creation", "2.没有现成信息需要另行制作"),
            ("unclear_after_correction", "3.补正后申请内容仍不明确"),
        )
    ),
    *(
        Line(f"not_processed.{k}", lab, group=f"{_G3}/{_NOTPROC}")
        for k, lab in (
            ("complaint", "1.信访举报投诉类申请"),
            ("repeated", "2.重复申请"),
            ("publication", "3.要求提供公开出版物"),
            ("excessive", "4.无正当理由大量反复申请"),
            ("confirmation", "5.要求行政机关确认或重新出具已获取信息"),
        )
    ),
)
_OTHER_2021 = tuple(
    Line(f"other.{k}", lab, aliases, group=f"{_G3}/{_OTHER}")
    for k, lab, aliases in (
        # (the long labels as staff shorten them: the first clause)
        ("overdue_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
         ("1.申请人无正当理由逾期不补正",)),
        ("overdue_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
         ("2.申请人逾期未按收费通知要求缴纳费用", "2.申请人逾期未缴纳费用", "2.逾期未缴纳费用")),
        ("other", "3.其他", ()),
    )
)
_OTHER_2019 = (Line("other", "（六）其他处理", group=_G3),)
_TAIL_ROWS = (
    Line("total_handled", "（七）总计", ("（七）合计",), group=_G3),
    Line("carried_forward", "四、结转下年度继续办理", ("结转下年度继续办理",)),
)

# ---------------------------------------------------------------- table 四
_RL_COLUMNS = (
    Line("upheld", "结果维持"),
    Line("corrected", "结果纠正", aliases=("撤销",)),  # (a header that names the commonest correction)
    Line("other", "其他结果"),
    Line("pending", "尚未审结", aliases=("未审结",)),
    Line("total", "总计", aliases=("合计",)),
)
_RL_ROWS = (
    Line("review", "行政复议"),
    Line("litigation_direct", "行政诉讼/未经复议直接起诉", ("未经复议直接起诉",)),
    Line("litigation_after_review", "行政诉讼/复议后起诉", ("复议后起诉",)),
)

# ---------------------------------------------------------------- table 二
_A21_COLUMNS = (
    Line("issued", "本年制发件数"),
    Line("repealed", "本年废止件数"),
    Line("in_force", "现行有效件数"),
    Line("decisions", "本年处理决定数量"),
    Line("amount", "本年收费金额（单位：万元）", ("本年收费金额",), kind="amount"),
)
_A19_COLUMNS = (
    Line("new_made", "本年新制作数量"),
    Line("new_published", "本年新公开数量"),
    Line("total_published", "对外公开总数量"),
    Line("previous_count", "上一年项目数量"),
    Line("change", "本年增/减", kind="signed"),
    Line("decisions", "处理决定数量"),
    Line("procurement_count", "采购项目数量"),
    Line("procurement_amount", "采购总金额", kind="amount"),
)
_I1, _I5, _I6, _I8, _I9 = (f"第二十条第（{n}）项" for n in "一五六八九")


def _ad_rows(v2021: bool) -> tuple[Line, ...]:
    norm = "行政规范性文件" if v2021 else "规范性文件"
    rows = [
        Line("regulations", "规章", group=_I1),
        Line("normative_documents", norm, ("行政规范性文件", "规范性文件"), group=_I1),
        Line("licensing", "行政许可", group=_I5),
    ]
    if not v2021:
        rows.append(Line("other_services", "其他对外管理服务事项", group=_I5))
    rows += [
        Line("penalty", "行政处罚", group=_I6),
        Line("enforcement", "行政强制", group=_I6),
        Line("fees", "行政事业性收费", group=_I8),
    ]
    if not v2021:
        rows.append(Line("procurement", "政府集中采购", group=_I9))
    return tuple(rows)


_AD_ROW_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "2021": {
        "regulations": ("issued", "repealed", "in_force"),
        "normative_documents": ("issued", "repealed", "in_force"),
        "licensing": ("decisions",),
        "penalty": ("decisions",),
        "enforcement": ("decisions",),
        "fees": ("amount",),
    },
    "2019": {
        "regulations": ("new_made", "new_published", "total_published"),
        "normative_documents": ("new_made", "new_published", "total_published"),
        "licensing": ("previous_count", "change", "decisions"),
        "other_services": ("previous_count", "change", "decisions"),
        "penalty": ("previous_count", "change", "decisions"),
        "enforcement": ("previous_count", "change", "decisions"),
        "fees": ("previous_count", "change"),
        "procurement": ("procurement_count", "procurement_amount"),
    },
}


@cache
def layout(table: str, version: str) -> Layout:
    """The layout of ``table`` in template ``version`` ("2021" or "2019")."""
    if table == APPLICATIONS:
        other = _OTHER_2021 if version == "2021" else _OTHER_2019
        return Layout(table, version, (*_HEAD_ROWS, *other, *_TAIL_ROWS), _APPLICANTS)
    if table == REVIEW_LITIGATION:
        return Layout(table, version, _RL_ROWS, _RL_COLUMNS)
    if table == ACTIVE_DISCLOSURE:
        cols = _A21_COLUMNS if version == "2021" else _A19_COLUMNS
        return Layout(table, version, _ad_rows(version == "2021"), cols,
                      _AD_ROW_COLUMNS[version])
    raise KeyError(table)


# Printed header words, for drawing the tables the way the template does.
APPLICATIONS_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
ORGANISATIONS = "法人或其他组织"
CONTENT = "信息内容"
REVIEW, LITIGATION = "行政复议", "行政诉讼"
LITIGATION_DIRECT, LITIGATION_AFTER_REVIEW = "未经复议直接起诉", "复议后起诉"

# Group-label rows of table 三 that may carry a subtotal in real reports (not data rows).
APPLICATION_GROUPS = {
    "2021": (_G3, _DENIED, _UNABLE, _NOTPROC, _OTHER),
    "2019": (_G3, _DENIED, _UNABLE, _NOTPROC),
}
# Canonical keys of the group rows whose subtotal is checked (rule applications.group-subtotal).
SUBTOTAL_GROUPS = {_DENIED: "denied", _UNABLE: "unable", _NOTPROC: "not_processed", _OTHER: "other"}
SUBTOTAL_KEYS = tuple(SUBTOTAL_GROUPS.values())


# A 小计 column some reports add to table 三 right after 其他, under 法人或其他组织: its key
# (a subtotal's column, rule applications.group-subtotal) and the columns it sums.
ORG_SUBTOTAL = "org_subtotal"
ORG_COLUMNS = ("commercial", "research", "social_welfare", "legal_services", "other_org")
SUBTOTAL_HEADER = "小计"
# a row of its own after a group's items, labelled only so: the group's subtotal
SUBTOTAL_ROW_LABELS = frozenset({"小计", "合计", "小计数"})


def subtotal_items(version: str, group: str) -> tuple[str, ...]:
    """Row keys of table 三 summed by the subtotal of group ``group`` (a SUBTOTAL_GROUPS key)."""
    return tuple(r.key for r in layout(APPLICATIONS, version).rows if r.key.startswith(f"{group}."))


def subtotal_cells(version: str, row: str, column: str) -> list[tuple[str, str]]:
    """The cells (row, column) of table 三 a subtotal at (``row``, ``column``) sums: a group
    row's items in that column, or, in the 小计 column, the row's organisation columns."""
    if column == ORG_SUBTOTAL:
        return [(row, c) for c in ORG_COLUMNS]
    return [(r, column) for r in subtotal_items(version, row)]

# Words that make up the printed header of each table (used to recognise header text).
HEADER_WORDS = {
    APPLICATIONS: ("本列数据的勾稽关系为", "第一项加第二项之和", "等于第三项加第四项之和", "申请人情况",
                   "法人或其他组织", *(w for c in _APPLICANTS for w in (c.label, *c.aliases))),
    REVIEW_LITIGATION: ("行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉",
                        *(w for c in _RL_COLUMNS for w in (c.label, *c.aliases))),
    ACTIVE_DISCLOSURE: ("信息内容", *(c.label for c in _A21_COLUMNS + _A19_COLUMNS),
                        "保留4位小数", "单位", "万元"),
}
# Header words only table 四 prints (a header holding three of them is table 四's).
REVIEW_HEADER_MARKS = ("行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", "结果维持", "结果纠正",
                       "其他结果", "尚未审结")
# halves of table 四's result labels printed over two lines ("结果/维持"): a PDF reads the first
# lines of every cell, then the second lines ("结果结果其他尚未总计" … "维持纠正结果审结")
REVIEW_HEADER_HALVES = ("结果", "维持", "纠正", "其他", "尚未", "审结")
# Words that tell the table 二 layouts apart.
ACTIVE_LAYOUT_MARKERS = {
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额"),
    "2019": ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减",
             "其他对外管理服务事项", "政府集中采购", "采购项目数量"),
}

# Header of a column that holds a publisher's remarks, not values (a 备注 column beside a table).
REMARK_HEADERS = ("备注", "说明", "附注", "备考", "注", "备注说明",
                  "校验", "核对", "勾稽校验", "校验结果", "检查")  # (a check column beside the table)
# Label of a row that numbers a table's columns ("栏次 1 2 3 …", "甲 乙 1 2 3 …").
NUMBERING_LABELS = ("栏次", "列次", "行次", "序号", "编号", "甲", "乙", "丙", "甲乙", "甲乙丙")

# Words printed around a table's cells besides its labels: captions, units, group headers.
TABLE_EXTRA_WORDS = ("第二十条", "第二十条第", "项", "单位", "件", "万元", "元", "数量", "合计", "小计",
                     "项目", "序号", "类别", "内容", "本年度办理结果", "办理结果", "申请情况", "保留", "位小数")


@cache
def table_words() -> tuple[str, ...]:
    """Every word the template's tables print: row, column and group labels, header words."""
    words: set[str] = set(TABLE_EXTRA_WORDS) | {APPLICATIONS_NOTE, ORGANISATIONS, CONTENT}
    for table in TABLES:
        words.update(HEADER_WORDS[table])
        for version in LAYOUTS:
            lay = layout(table, version)
            for line in (*lay.rows, *lay.columns):
                words.update((line.label, *line.aliases))
                words.update(g for g in (line.group or "").split("/") if g)
    return tuple(sorted(words))


# Section headings 一…六: (numeral, required title fragment regex, accepted variants).
SECTIONS = (
    ("一", r"总体情况"),
    ("二", r"主动公开政府信息(?:的)?情况|政府信息主动公开情况"),
    ("三", r"(?:收到和处理|依申请公开)"),
    ("四", r"[^、\d]{0,16}?行政复议"),
    ("五", r"[^、\d]{0,12}?存在的?主要问题"),
    ("六", r"(?:其他|其它)需要(?:报告|说明)的?事项|需要(?:报告|说明)的其[他它]事项"),
)

# Headings of the parts in other words publishers use, recognised after the part's numeral only
# ("五、存在的问题及改进情况", "二、主动公开政府信息工作情况", "六、其他事项", "一、基本情况")
# each part's heading as the template writes it (a heading within a typo of it is that part's)
SECTION_TITLES = {"一": "总体情况", "二": "主动公开政府信息情况", "三": "收到和处理政府信息公开申请情况",
                  "四": "政府信息公开行政复议、行政诉讼情况", "五": "存在的主要问题及改进情况",
                  "六": "其他需要报告的事项"}
SECTION_VARIANTS = {
    "一": r"概述|基本情况|总体概况|概况",
    "二": r"主动公开政府信息(?:工作)?(?:情况)?|政府信息主动公开(?:工作)?情况",
    "五": r"[^、\d]{0,12}?存在的?问题",
    "六": r"(?:其他|其它)事项",
}

# What the headings of the free-text parts 五 and 六 say (found by these words wherever their
# numerals are missing or wrong; see match.parts), and the topics rules ask that text about.
_REMEDY = r"(?:改进|整改|改正)(?:情况|措施|方向|计划|举措|工作)?"
PART_HEADS = {
    "五": rf"存在的?(?:主要)?(?:问题|不足)(?:[^,;。:\d]{{0,8}}?{_REMEDY})?"
          rf"|(?:主要)?(?:问题|不足)[^,;。:\d]{{0,4}}?(?:及|和|与|、|以及){_REMEDY}",
    "六": r"(?:其他|其它)需要(?:报告|说明)的?(?:事项|情况)|需要(?:报告|说明)的其他事项",
}
PART_TOPICS = ("fee", "no-fee-notices", "previous-problems")

_REPORT = r"政[府务]信息公开(?:工作)?(?:的)?年度报告"
# "<agency><year>年(度)政府信息公开工作年度报告" or "<year>年(度)<agency>政府信息公开…"
# (also "<agency>关于<year>年度…的年度报告", "<agency>…工作报告", "<agency>…年度报告（<year>年度）",
# "<agency>政府信息公开工作<year>年度报告"; 关于 is no part of the agency's name)
_WORK_REPORT = r"政[府务]信息公开(?:工作)?(?:的)?(?:年度)?报告"
TITLE_RES = (
    rf"(?P<agency>[^\s:：，。]{{2,60}}?)(?:关于)?(?P<year>(?:19|20)\d\d)\s*年\s*度?\s*(?:的)?{_REPORT}",
    rf"(?<!\d)(?P<year>(?:19|20)\d\d)\s*年\s*度?\s*(?P<agency>[^\s:：，。\d]{{2,60}}?){_REPORT}",
    rf"(?P<agency>[^\s:：，。]{{2,60}}?)(?:关于)?(?P<year>(?:19|20)\d\d)\s*年\s*度?\s*(?:的)?{_WORK_REPORT}",
    rf"(?P<agency>[^\s:：，。\d]{{2,60}}?){_REPORT}\s*[(（]\s*(?P<year>(?:19|20)\d\d)\s*年\s*度?\s*[)）]",
    r"(?P<agency>[^\s:：，。\d]{2,60}?)政[府务]信息公开(?:工作)?(?P<year>(?:19|20)\d\d)\s*年\s*度?\s*报告",
)

# Administrative level of a body from its name, for rules that depend on it. Only 省级 and
# 设区的市/自治州 governments (and 国务院部门) may make 规章 (立法法): a 县/乡 body has none.
_LEVELS = (("township", r"(?:乡|镇|苏木)(?:人民)?政府|街道办事处|(?:乡|镇|街道)$"),
           ("county", r"县|旗(?:人民政府|政府|[^帜]*?(?:局|委|办|室|中心)$)"))


BODY_LEVELS = tuple(level for level, _ in _LEVELS)


def body_level(agency: str | None) -> str | None:
    """``township``, ``county`` or None (higher, or not told by the name)."""
    import re

    for level, pattern in _LEVELS:
        if agency and re.search(pattern, agency):
            return level
    return None


# Deadlines for publishing the report of year Y (条例 第四十九、五十条): every body by
# (Y+1)-01-31; a 县级以上 government's own report by (Y+1)-03-31. A name ending like a
# department's is held to January; any other to March (the latest any body has).
_DEPARTMENT = r"(?:局|委员会|委|厅|中心|所|站|院|队|馆|处)$"


def publication_deadline(agency: str | None, year: int) -> str:
    """The last day (ISO date) the report of ``year`` may be published by ``agency``."""
    import re

    department = bool(agency and re.search(_DEPARTMENT, agency) and "人民政府办公" not in agency)
    return f"{year + 1}-01-31" if department else f"{year + 1}-03-31"


PLACEHOLDERS = {
    "": "blank",
    "/": "slash",
    "\\": "slash",  # typed for "/" (also "＼", the same after NFKC)
    "-": "dash",
    "—": "dash",
    "–": "dash",
    "——": "dash",
    "--": "dash",
    "－": "dash",
    "―": "dash",  # U+2015, what GBK's dash becomes in some conversions
    "――": "dash",
    "‐": "dash",
    "‒": "dash",
    "─": "dash",
    "━": "dash",
    "ー": "dash",
    "无": "none",
    "暂无": "none",
    "null": "blank",
    "NULL": "blank",
    "×": "cross",
    "\ufffd": "unread",  # a mark OCR could not read (readers/ocr.py): the cell is unreadable
}
# traditional forms of the characters the template's words are written with, and their simplified
# forms (pairs; made with zhconv's tables): a page shown in traditional characters (a site's
# 简/繁 switch) is read like its simplified original
TRADITIONAL = (
    "萬万與与業业個个為为舉举鄉乡於于會会體体關关內内決决況况減减劃划別别辦办務务動动"
    "區区單单廳厅縣县發发號号後后員员國国處处備备復复審审對对屬属幟帜廢废開开強强當当"
    "總总執执護护報报據据數数無无暫暂機机權权條条構构欄栏沒没現现確确穩稳類类糾纠級级"
    "納纳組组織织經经結结繼继續续維维編编繳缴罰罚蘇苏範范獲获補补規规計计認认議议許许"
    "訟讼設设訪访訴诉詢询說说説说請请購购費费轉转過过這这進进採采鎮镇門门問问隊队項项"
    "題题額额館馆製制複复資资訊讯")
# words a traditional page writes otherwise (after its characters are simplified), and the
# template's: each as long as the other
TRADITIONAL_WORDS = {"资讯": "信息"}
# the numeral 一 typed for a dash (it looks like one): a placeholder alone in a grid cell, or
# standing between values (or after them) in a line; anywhere else it is a numeral
DASH_NUMERALS = frozenset({"一", "一一"})
# zero written as a word or a circle, standing alone in a cell or between numbers
ZERO_WORDS = frozenset({"〇", "○", "零"})
UNITS = ("万元", "元", "件次", "件", "个", "项", "条", "人次", "次", "家", "人")  # longer first
# units that end a header word too: alone on a line, the last letter of a wrapped one ("自然" / "人")
LABEL_END_UNITS = frozenset({"人"})


# What the match stage can say, by canonical key (rule files name these; rulebook checks them).
CELL_KINDS = ("count", "signed", "amount")
PARSE_ISSUES = ("value-count", "ambiguous-split", "no-values", "merged-cell", "table-unreadable", "unplaced-values",
                "unrecognised-mark", "table-repeated", "extra-row")
STATEMENT_KINDS = ("received", "received_with_carried_over", "carried_over", "handled", "carried_forward",
                   "none_received", "review", "litigation", "litigation_direct", "litigation_after_review",
                   "no_review_litigation", "no_review", "no_litigation", "granted",
                   "granted_or_partially_granted", "partially_granted", "denied", "unable", "not_processed",
                   "other_handling", "regulations_issued", "normative_documents_issued")
