"""Numbers the prose states about the tables ("共收到政府信息公开申请73件").

How a sentence is read, as a careful person reads it:

* A count (a number with 件/宗/起/份) belongs to the keyword nearest before it in its clause
  (nothing of ，；： between them) and after the previous count: "办结依申请2件，其中公开答复1件，
  无法提供1件" is 办结 2, then two outcomes — an outcome (予以公开, 公开答复, 同意公开, 无法提供…)
  is never the handled total. "N件…顺延至下年度" is read backwards.
* A bracket belongs to the count or keyword right before it: in "受理X件，办结Y件（含上年结转Z件）"
  Y includes Z, X does not; "收到X件（含上年结转Z件）" is 一+二.
* No statement is made by a count whose clause speaks of something else: a channel or one kind
  of applicant (网络申请, 信函, 自然人…: a breakdown), another kind of request (12345 热线, 咨询,
  网络问政, 信访, 投诉, 行政许可…), a time qualifier (延期答复, 逾期…), a change (同比增加…), last
  year (上年收到…), one topic (涉及…), a review or lawsuit result (维持, 纠正…), or several
  quantities at once ("不予公开、无法提供共5件"). In a sentence, nothing after 行政复议/行政诉讼 is
  about applications, and "未收到…行政复议申请" is about table 四, not about applications.
* A sentence whose subject is a part of the applications (last year's, the new ones, one kind
  of applicant: "上年结转的2件申请已全部办结，其中予以公开1件") states no outcome of them all;
  after "办结13件，其中…" the 新收/上年结转 counts are parts of those handled; a month's average
  (月均, 每月) is no year's count.

Every statement keeps its sentence (the evidence) and whether it is certain. It is not
(``ambiguous``: a mismatch is only a warning) when the sentence names another scope (全市,
各部门, 代表…, 备案, 累计…; an earlier year before the count is judged by the rules, which know the
report's; a comparison after it, "同比增加2件", "较去年…", leaves it certain),
when the count has several readings (``readings``: "同意公开5件" may include 部分公开; "收到20件，
其中上年结转2件" may count 一 or 一+二), when it is approximate (约, 近, 以上), part of a breakdown
(其中…; 共 with one channel), an outcome for one named reason (因/涉及…, without 等), when words the
template does not know stand between keyword and count, or when the sentence does not say the
applications are 政府信息公开 ones.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from validator.match.tokens import normalize
from validator.model.document import Document, Location, Span
from validator.template import SECTIONS

# Statement kinds
RECEIVED = "received"  # 一 本年新收 (or 一+二 when the count says 含上年结转)
RECEIVED_TOTAL = "received_with_carried_over"
CARRIED_OVER = "carried_over"
HANDLED = "handled"
CARRIED_FORWARD = "carried_forward"
REVIEW = "review"
LITIGATION = "litigation"
LITIGATION_DIRECT = "litigation_direct"  # 未经复议直接起诉: one group of table 四's lawsuits
LITIGATION_AFTER_REVIEW = "litigation_after_review"  # 复议后起诉: the other group
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
NO_REVIEW = "no_review"  # "未发生…行政复议" alone
NO_LITIGATION = "no_litigation"  # "未发生…行政诉讼" alone

_REVIEW_KINDS = (REVIEW, LITIGATION, LITIGATION_DIRECT, LITIGATION_AFTER_REVIEW)
OUTCOMES = (GRANTED, GRANTED_OR_PARTIAL, PARTIALLY_GRANTED, DENIED, UNABLE, NOT_PROCESSED,
            OTHER_HANDLING)
# counts of applications (not outcomes): the sentence must speak of 申请
_FLOWS = (RECEIVED, RECEIVED_TOTAL, CARRIED_OVER, HANDLED, CARRIED_FORWARD)

_CN = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
       "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000, "万": 10000}
NUM = r"(?P<num>\d[\d,]*|[一二两三四五六七八九十〇零][零〇一二两三四五六七八九十百千万]*)"
UNIT = r"\s*(?:件|起|宗|个|份)"
SCOPE = re.compile(r"全市|全区|全县|全省|全州|全镇|全旗|各级|各部门|各单位|各乡镇|各街道|各县|各区|"
                   r"(?<![本我该])部门|乡镇|街道|(?<!申请)(?<!公开)(?<!信息)(?<!平台)(?<!办理)(?<!网络)系统|"
                   r"本级|代表|汇总|备案|累计|以来|上年度共|"
                   r"分别|平均|下属|所属|直属")
_SENTENCE = re.compile(r"[^。；;！!？?]+[。；;！!？?]?")

# ------------------------------------------------------------------ documents of table 二
_MADE = r"(?:制发|出台|印发|制定|发布)了?"
_DOC_GAP = r"(?:(?!管理|备案|审查|清理|目录|评估)[^，,。；\d]){0,6}?"
_NORMATIVE = r"(?:行政)?规范性文件"
_RULES = r"(?:政府)?规章"
_DOC_PATTERNS: list[tuple[str, re.Pattern]] = [
    (NORMATIVE_ISSUED, re.compile(rf"{_MADE}{_NORMATIVE}{_DOC_GAP}{NUM}{UNIT}")),
    (NORMATIVE_ISSUED, re.compile(rf"{_MADE}{NUM}{UNIT}{_NORMATIVE}(?!管理|备案|审查|清理|目录)")),
    (REGULATIONS_ISSUED, re.compile(rf"{_MADE}{_RULES}{_DOC_GAP}{NUM}{UNIT}")),
    (REGULATIONS_ISSUED, re.compile(rf"{_MADE}{NUM}{UNIT}{_RULES}")),
]

# ------------------------------------------------------------------ counts of table 三 and 四
# a count: a whole number (not a year, not 第N, not the tail of a decimal, not 同一/每一…) and a
# unit of cases
_COUNT = re.compile(rf"(?<![\d.第同单每逐任某这那哪唯统之零〇一二两三四五六七八九十百千万])(?<!\d,)"
                    rf"{NUM}\s*(?:件|宗|起|份)")
_SKIP = "skip"
_GRANTED_LIKE = "granted_like"  # 公开答复 / 同意公开: granted, perhaps with 部分公开
_PROCESSED = "processed"  # 共办理: handled, or all to handle (新收 + 上年结转)
# applications of other kinds than for information (登记申请, 办事申请, 补贴…)
_OTHER_KINDS = r"登记|办事|政务服务|补贴|补助|资助|救助|待遇|申报"
_RECEIVE_WORDS = r"收到|新收|接收|接到|收悉"  # (受理 too, but after one of these it counts part)
_SKIP_WORDS = (r"不予受理|不受理|未受理|未予受理|不予答复|未答复|未予答复|延期答复|答复书|告知书|决定书|"
               r"延期|逾期|超期|按期|按时|限期|当场|增加|增长|减少|下降|"
               r"上升|同比|环比|持平|12345|热线|咨询|问政|信访|投诉|举报|诉求|来电|来信|来访|信件|"
               r"留言|建议|提案|工单|许可|审批|处罚|行政强制|决策|备案|征求|第三方|补正|收费|处理费|转办|督办|事项|办件|"
               rf"{_OTHER_KINDS}|"
               r"维持|纠正|撤销|驳回|确认违法|败诉|胜诉|审结|终止|未办结|尚未|正在办理|办理中|以外")
_CARRIED_OVER_WORDS = r"上一?年度?结转|上年度?转入|往年结转"
# The words a count may belong to, most specific first (at one position the first that
# matches wins: 公开答复 is an outcome, not 答复; 延期答复 is no statement).
_KEYWORDS: list[tuple[str, str]] = [
    (_SKIP, _SKIP_WORDS),
    (GRANTED_OR_PARTIAL, r"(?:予以公开|全部公开|全部|公开)(?:及|和|与|、|或|以及|或者)部分公开(?:答复)?"),
    (DENIED, r"不同意公开|不准予公开"),
    (_GRANTED_LIKE, r"(?:予以|同意|准予)公开答复|(?<!信息)(?<!申请)公开答复|同意公开|准予公开"),
    (GRANTED, r"(?<!不)予以公开|全部公开"),
    (PARTIALLY_GRANTED, r"部分公开(?:答复)?"),  # (答复 after an outcome is that outcome's reply)
    (DENIED, r"不予公开(?:答复)?"),
    (UNABLE, r"(?:无法提供|不能提供)(?:答复)?"),
    (NOT_PROCESSED, r"不予处理(?:答复)?"),
    (OTHER_HANDLING, r"其他处理"),
    (CARRIED_OVER, _CARRIED_OVER_WORDS),
    (CARRIED_FORWARD, r"(?:结转|顺延|转入|延续)(?:至|到)?(?:下一?年度?|\d{4}年度?)"),
    (LITIGATION_AFTER_REVIEW, r"(?:经(?:行政)?)?复议后(?:又|再)?(?:提起|被提起)?(?:行政)?(?:起诉|诉讼)"),
    (LITIGATION_DIRECT, r"(?:未经(?:行政)?复议(?:而|就)?)?直接(?:提起|被提起)?(?:行政)?(?:起诉|诉讼)"),
    (REVIEW, r"行政复议|复议"),
    (LITIGATION, r"行政诉讼|诉讼|起诉|应诉"),
    # (答复 after an outcome's words is that outcome's: "信息不存在答复6件" is no handled total)
    (HANDLED, r"办结|办理完毕|处理完毕|已办理|(?<!存在)(?<!掌握)(?<!不明确)(?<!告知性)(?<!告知)答复"),
    (_PROCESSED, r"(?:(?<=共)|(?<=全年)|(?<=年度))办理(?!中|完毕)"),
    (RECEIVED, rf"受理|{_RECEIVE_WORDS}"),
]
_KEY = re.compile("|".join(f"(?P<k{i}>{pat})" for i, (_, pat) in enumerate(_KEYWORDS)))
# every character of the keywords (a superset of their first ones): a lookahead that lets the
# scan skip other positions fast
_KEY = re.compile("(?=[" + "".join(sorted({ch for _, pat in _KEYWORDS for ch in pat if ch > "\x7f"} | {"1"}))
                  + f"])(?:{_KEY.pattern})")
_KEY_CLASS = {f"k{i}": cls for i, (cls, _) in enumerate(_KEYWORDS)}
_SKIP_WORD = re.compile(_SKIP_WORDS)
_MAX_GAP = 28  # characters between a keyword and its count ("收到公民、法人或其他组织提出的…申请N件")
_CLAUSE_END = re.compile(r"[,，;；:：]")
_BRACKET = re.compile(r"[(（][^()（）]*[)）]")
_LIST = re.compile(r"\s*(?:及|和|与|、|或|以及|或者)\s*")
_EACH = re.compile(r"各|均")
# "N件（申请）…顺延/结转至下年度": the keyword after the count
_FORWARD_AFTER = re.compile(r"[^,，;；:：\d]{0,16}?(?:顺延|结转|转入)(?:至|到)?(?:下一?年|\d{4}年)")
# what follows a count and qualifies it: a bracket, or a clause opened by 其中/含/包括
_AFTER = re.compile(r"\s*(?:[(（](?P<bracket>[^()（）]*)|[,，]?\s*(?P<word>其中|含|包括|包含)"
                    r"(?P<clause>[^;；。]*))")
_CARRIED_OVER_WORD = re.compile(_CARRIED_OVER_WORDS)
_APPROX_BEFORE = re.compile(r"(?:约|近|将近|大约|超过|逾|多达|不足|不到|上千|上百)\s*$")
_APPROX_AFTER = re.compile(r"\s*(?:以上|以下|左右|上下)")
_REVIEW_WORD = re.compile(r"复议|诉讼|起诉|应诉")
# part of the year ("上半年收到申请5件", "12月未收到申请"; not "截至12月底", "12月31日")
_PART_OF_YEAR = re.compile(r"(?<!\d)\d{1,2}月(?![\d底末])|月份|季度|上半年|下半年|月均|每月|日均|每日|每天|每周|周均")
# last year's numbers ("上年收到申请18件", "去年…"), not 上年结转
_PREVIOUS_YEAR = re.compile(r"(?:上一?年度?|去年|往年|前年)(?!度?(?:结转|转入))")
# the applications are 政府信息公开 ones (not 行政许可, 补贴… applications)
_DISCLOSURE = re.compile(r"信息公开|依申请|公开申请|申请公开")
# breakdowns: a channel, or one kind of applicant
_NATURAL = re.compile(r"自然人|公民|个人")
_LEGAL = re.compile(r"法人|企业|其他组织|社会组织|公益组织|科研机构|律师|媒体")
_CHANNELS = (r"网络|网上|在线|网站|平台|信函|邮寄|邮件|信件|传真|当面|现场|窗口|线上|线下|电话|纸质|书面|"
             r"微信|小程序|快递")
_CHANNEL = re.compile(_CHANNELS)
_CHANNEL_LIST = re.compile(rf"(?:{_CHANNELS})[^,，;；:：]{{0,8}}?(?:及|和|与|、|或)[^,，;；:：]{{0,8}}?"
                           rf"(?:{_CHANNELS})")
_ALL_CHANNELS = re.compile(r"合计|总计|全部|各类|各种|多种|等(?:渠道|方式|途径|形式)")
_ONE_REASON = re.compile(r"因|由于|属于|涉及|根据|依据|按照|不掌握|没有现成|仍不明确|国家秘密|禁止公开|三安全一稳定|"
                         r"第三方|内部事务|过程性|执法案卷|查询事项|公开出版物|反复申请|重新出具|逾期")
# documents sorted by how they are disclosed ("制发公文286件，其中主动公开215件、不予公开12件"): no outcomes
_DOCUMENTS = re.compile(r"公文|发文|制发|印发|文件")
# reviews or lawsuits a body handles, receives or hears (as an authority), not those about its
# disclosure — unless the sentence says 信息公开
_CASELOAD = re.compile(r"办理|办结|收到|受理|审理|审查|案件|接收|出庭")
# cases of review or lawsuits that are not about disclosure, or the body's as a review authority
_NOT_DISCLOSURE = re.compile(r"非(?:政府)?信息公开|不涉及(?:政府)?信息公开|与(?:政府)?信息公开无关")
_AUTHORITY = re.compile(r"作为[^,，。;；]{0,12}(?:复议机关|复议机构|应诉机关)")
# "…9件，其中涉及政府信息公开的4件": the count before is of all cases
_DISCLOSURE_PART = re.compile(r"[^。;；]{0,6}?其中[^。;；]{0,8}?(?:政府)?信息公开")
# a 其中 clause after a count of handled applications that names some still open, or 办结 itself
_STILL_OPEN = re.compile(r"办结|正在办理|办理中|未办结|尚未办结|待办")
# what the sentence says is not counted after a count
_NOT_COUNTED = re.compile(r"不纳入|不计入|未纳入|未计入|不列入|不统计|不予统计")
# applications of another kind than for information, named in the sentence
_OTHER_APPLICATIONS = re.compile(rf"(?:{_OTHER_KINDS}|许可|审批|行政复议)[^，,。；;]{{0,6}}申请")
# "收到…36件，依法受理34件": 受理 after another word for receiving counts part of them
_RECEIVING = re.compile(_RECEIVE_WORDS)
# the words that may stand between a keyword and its count without narrowing what is counted
_GENERIC = re.compile(r"政府信息公开|依申请公开|信息公开|政府信息|依申请|申请人|申请|公开|案件|共计|合计|总计|"
                      r"总共|共|全年|本年度?|各类|各种|全部|继续|办理|处理|数量|件数|数|书面|公民|自然人|"
                      r"法人|其他组织|提出|提交|通过|渠道|方式|形式|政府网站|网站|网上|网络|平台|信函|"
                      r"邮寄|邮件|传真|电子|当面|现场|线上|线下|在线|来信|窗口|本机关|本单位|我局|本局|"
                      r"我委|本委|我办|本办|我单位|依法|群众|社会公众|公众|任何|类|已|均|了|的|为|是|达|计|过|有|上|等|件|"
                      r"[、或和及与□\s]")
_ONE_TOPIC = re.compile(r"涉及|关于|有关|要求|针对|反映|对于")
# a percentage right after an outcome's count: "予以公开6件，占比46.2%", "6件（占46%）", "6件，占总数的46%"
_SHARE = re.compile(r"\s*(?:[,，]?\s*(?:占比|约占|占)(?:[^,，。;；\d%]{0,10}?的)?(?:比例)?(?:为)?"
                    r"\s*(?P<pct>\d{1,3}(?:\.\d+)?)\s*%"
                    r"|[(（]\s*(?:占比?)?\s*(?P<bracket>\d{1,3}(?:\.\d+)?)\s*%\s*[)）])")
_THIS_YEAR = re.compile(r"本年|今年|全年|(?:19|20)\d\d\s*年")


def _last(pattern: re.Pattern, text: str, end: int) -> int | None:
    """Where the last match of ``pattern`` before ``end`` ends, or None."""
    found = None
    for m in pattern.finditer(text, 0, end):
        found = m.end()
    return found


_NEGATED_ONE = re.compile(r"(?:未|没有|无)(?:收到|受理|接到|接收|发生)?过?$")
_PART_OF = re.compile(r"中(?:有|的)?$")  # "申请中有2件"
_HANDLED_WORD = re.compile(r"办结|答复|办理完毕|处理完毕")
# a count of handled applications, then 其中: what follows are parts of them
_HANDLED_PARTS = re.compile(rf"(?:{_HANDLED_WORD.pattern})[^。；;]*?(?:件|宗)[,，]?\s*其中")
# a part of the applications as the sentence's subject: last year's, this year's new ones
# ("在新收的12件申请中"), or one kind of applicant
_SUBJECT_PART = re.compile(rf"{_CARRIED_OVER_WORDS}|新收|本年收到")


def _part_as_subject(sentence: str) -> int | None:
    """Where the first clause with a count ends when it makes a part of the applications the
    sentence's subject ("上年结转的2件申请已全部办结，", "在新收的12件申请中，", "从申请人类型看，自然人
    申请12件，"): outcomes after it are that part's. None when it does not."""
    start = 0
    for m in (*_CLAUSE_END.finditer(sentence), None):
        end = m.start() if m else len(sentence)
        clause = sentence[start:end].strip()
        within = clause.endswith("中")
        if _COUNT.search(clause) or within:
            own = _SUBJECT_PART.search(clause) and (within or _HANDLED_WORD.search(clause))
            return end if own or _one_kind(clause) == 2 else None
        start = end + 1
    return None


_NONE_RECEIVED = re.compile(r"(?:未|没有)(?:收到|受理|接到|接收)过?(?:任何|一件)?(?P<gap>[^,，。;；:：\d]{0,24}?)"
                            r"申请(?!人)|无(?:政府信息公开|依申请公开|信息公开)申请(?!人)|无依申请公开(?:事项|情况)"
                            r"|(?:没有|无)(?:申请人|人|任何人)(?:提出|申请)[^,，。;；:：\d]{0,12}?(?:政府)?信息公开"
                            r"|(?:政府信息公开|依申请公开)申请(?:数量|数|件数)?(?:均)?为\s*(?:0|零)\s*件?(?![\d.])"
                            r"|依申请公开(?:政府信息)?(?:数量|件数)?(?:为)?\s*(?:0|零)\s*件(?![\d.])")
_NOT = r"(?:(?<!尚)未(?!经)|没有|无|不存在)"  # a negation (not 尚未 "not yet", not 未经 "without first")
_NO_REVIEW = re.compile(rf"{_NOT}(?:发生|出现|涉及)?[^,，。;；:：\d]{{0,16}}?(?:行政)?复议[、和及与或]?"
                        r"[^,，。;；:：\d]{0,4}?(?:行政)?诉讼")
# "未发生行政复议" or "没有被提起行政诉讼" alone: between the negation and the word, only words
# saying what kind of case it is ("无论是否…", "未作出答复的，可以申请行政复议" say no absence)
_NO_ONE = re.compile(rf"{_NOT}(?P<gap>[^,，。;；:：\d]{{0,16}}?)(?P<what>行政复议|行政诉讼)")
_ABSENCE_GAP = re.compile(r"发生|出现|涉及|因|由于|政府信息公开|信息公开|依申请公开|工作|申请|被|提起|提出|引发|引起|"
                          r"而|的|相关|有关|方面|本机关|本单位|我单位|[我本][局委办厅署]")
# "行政复议、行政诉讼均为0": both none
_BOTH_ZERO = re.compile(r"行政复议[、和及与]?[^,，。;；:：\d]{0,4}?行政诉讼[^,，。;；:：\d]{0,8}?"
                        r"(?:(?:均|都|皆)(?:为|是)?|(?:数量|数|件数|案件)(?:为|是))"
                        r"\s*(?P<num>0|零)\s*(?:件|起|宗|个)?(?![\d.])"
                        r"|行政复议[、和及与]?[^,，。;；:：\d]{0,4}?行政诉讼[^,，。;；:：\d]{0,4}?[“\"]?零发生")
# one of them none in numbers: "本年度行政复议案件为0"
_ONE_ZERO = re.compile(r"(?P<what>行政复议|行政诉讼)(?:案件)?(?:数量|数|件数)?(?:均)?(?:为|是)"
                       r"\s*(?:0|零)\s*(?:件|起|宗|个)?(?![\d.])")
# "无结转下年度的申请": none carried forward
_NONE_FORWARD = re.compile(r"(?:无|没有|不存在)(?:需要?)?(?:结转|转入|顺延)(?:至|到)?下一?年")
# the applicant's own choice ("申请人未申请行政复议"), after a clause saying which applicant
_APPLICANT = re.compile(r"申请人|当事人|相对人")
_RESULT = re.compile(r"纠错|纠正|败诉|撤销|违法|维持|驳回")
# what a bracket or clause after a count says it leaves out ("不含上年结转4件")
_EXCLUDES = re.compile(r"不含|不包括|未含|未包括|除去|扣除")
# "未发生行政复议和行政诉讼以外的纠纷": other things than reviews and lawsuits
_BESIDES = re.compile(r"\s*(?:案件|案)?\s*(?:以外|之外|外的)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年")

# a sentence worth reading: applications, reviews, lawsuits, or the template's outcome words
_TOPIC = re.compile(r"申请|复议|诉讼|起诉|应诉|予以公开|部分公开|不予公开|无法提供|不予处理|其他处理|公开答复|"
                    r"同意公开|规范性文件|规章")


@dataclass(frozen=True, slots=True)
class Statement:
    """One number (or absence) stated in the prose.

    ``readings`` are other kinds the same words may mean (the statement agrees with the
    tables when any reading does); ``years`` the years the sentence names before the count,
    ``dated`` those of them in the count's own clause (the period the count is of).
    """

    kind: str
    value: int
    sentence: str
    loc: Location | None
    ambiguous: bool
    readings: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    dated: tuple[int, ...] = ()  # years named in the count's own clause ("2022年共收到…7件")
    share: float | None = None  # the percentage the text gives right after the count ("6件，占比46.2%")
    places: int = 0  # its decimal places


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


def _in_sentence(sentence: str, loc: Location | None) -> list[Statement]:
    ctx = _Sentence(sentence, loc)
    out = ctx.absences()
    taken = {m.start("num") for m in _BOTH_ZERO.finditer(sentence)}  # the 0 of both, not of 行政诉讼 alone
    for kind, pattern in _DOC_PATTERNS if "分别" not in sentence else ():
        for m in pattern.finditer(sentence):
            value = chinese_number(m.group("num"))
            if value is None or m.start("num") in taken:
                continue
            taken.add(m.start("num"))
            out.append(ctx.statement(kind, value))
    # the sentence outside brackets, then each bracket on its own
    masked = _BRACKET.sub(lambda b: "□" * len(b.group()), sentence)
    out.extend(ctx.counts(masked, 0, taken))
    for b in _BRACKET.finditer(sentence):
        before = sentence[_clause_start(sentence, b.start()):b.start()]
        if not (_PREVIOUS_YEAR.search(before) or _PART_OF_YEAR.search(before)):  # "较上年（新收…80件）"
            out.extend(ctx.counts(b.group()[1:-1], b.start() + 1, taken))
    return out


class _Sentence:
    """One sentence being read: what holds for all its counts."""

    __slots__ = ("applications", "classified", "disclosure", "loc", "other_kind", "part", "review_at", "sentence",
                 "vague", "years")

    def __init__(self, sentence: str, loc: Location | None) -> None:
        self.sentence, self.loc = sentence, loc
        self.vague = bool(SCOPE.search(sentence))
        # (year, where it ends): a count is dated by the years before it ("2022年收到…5件"), not
        # by a comparison after it ("…5件，比2022年增加2件")
        self.years = [(int(m.group(1)), m.end()) for m in _YEAR.finditer(sentence)]
        review = _REVIEW_WORD.search(sentence)
        self.review_at = review.start() if review else len(sentence)
        self.applications = "申请" in sentence
        self.disclosure = bool(_DISCLOSURE.search(sentence))
        self.classified = "主动公开" in sentence and bool(_DOCUMENTS.search(sentence))
        self.other_kind = not self.disclosure and bool(_OTHER_APPLICATIONS.search(sentence))
        self.part = _part_as_subject(sentence)

    def statement(self, kind: str, value: int, vague: bool = False,
                  readings: tuple[str, ...] = (), at: int | None = None,
                  clause_at: int | None = None, share: re.Match | None = None) -> Statement:
        years = tuple(y for y, end in self.years if at is None or end <= at)
        dated = tuple(y for y, end in self.years
                      if at is not None and clause_at is not None and clause_at < end <= at)
        if not dated and at is not None and clause_at is not None:
            dated = self._dated_before(clause_at, at)
        pct = share and (share.group("pct") or share.group("bracket"))
        return Statement(kind, value, self.sentence, self.loc, self.vague or vague or bool(readings),
                         readings, years, dated, float(pct) if pct else None,
                         len(pct.partition(".")[2]) if pct else 0)

    def _dated_before(self, clause_at: int, at: int) -> tuple[int, ...]:
        """The year of an earlier clause that states a count of that year, when the sentence
        goes on about the same year ("2022年新收申请80件，办结79件": 79 is 2022's too); a
        comparison's year ("与2022年相比，…") dates nothing."""
        prior = [(y, end) for y, end in self.years if end <= clause_at]
        if not prior:
            return ()
        year, end = prior[-1]
        s = self.sentence
        stop = _CLAUSE_END.search(s, end)
        own_end = stop.start() if stop else len(s)
        if not _COUNT.search(s, _clause_start(s, end), own_end) or _THIS_YEAR.search(s, own_end, at):
            return ()
        return (year,)

    def absences(self) -> list[Statement]:
        """"未收到…申请" (not when the clause is about reviews, lawsuits, another kind of
        request, a channel or one kind of applicant), "未发生行政复议、行政诉讼" (or "…均为0") and
        each alone ("未发生行政诉讼")."""
        s, out = self.sentence, []
        for m in _NONE_RECEIVED.finditer(s):
            clause = _clause(s, m.start(), m.end())
            gap = m.group("gap") or ""
            besides = clause.replace(m.group(), gap, 1)  # ("未受理", "事项" of the words: no skip words)
            if (_REVIEW_WORD.search(clause) or _SKIP_WORD.search(besides) or _one_kind(clause)
                    or _PREVIOUS_YEAR.search(clause) or _PART_OF_YEAR.search(clause)
                    or _ONE_TOPIC.search(gap) or _GENERIC.sub("", gap) or "除" in s):
                continue
            out.append(self.statement(NONE_RECEIVED, 0))
            break
        if "除" in s:  # "除1件行政复议外，未发生其他…": not none
            return out
        if any(not _PREVIOUS_YEAR.search(_clause(s, m.start(), m.end())) for m in _NONE_FORWARD.finditer(s)):
            out.append(self.statement(CARRIED_FORWARD, 0))
        both = [m for m in (*_NO_REVIEW.finditer(s), *_BOTH_ZERO.finditer(s)) if not self._applicants_own(m)]
        if any(self._none_of(m) for m in both):
            out.append(self.statement(NO_REVIEW_LITIGATION, 0))
            return out
        for m in (*_NO_ONE.finditer(s), *_ONE_ZERO.finditer(s)):
            if ((gap := m.groupdict().get("gap")) and _ABSENCE_GAP.sub("", gap)) or not self._none_of(m) \
                    or self._applicants_own(m) or any(b.start() < m.end() and m.start() < b.end() for b in both):
                continue  # (words about both, read above: "未发生行政复议和行政诉讼以外的纠纷")
            kind = NO_REVIEW if m.group("what") == "行政复议" else NO_LITIGATION
            if all(st.kind != kind for st in out):
                out.append(self.statement(kind, 0))
        return out

    def _applicants_own(self, m: re.Match) -> bool:
        """"对另外1件…的答复，申请人未申请行政复议": the choice of the applicants a clause before
        names, not an absence of cases (a sentence that opens with it speaks of all)."""
        start = _clause_start(self.sentence, m.start())
        return start > 0 and bool(_APPLICANT.search(self.sentence, start, m.start()))

    def _none_of(self, m: re.Match) -> bool:
        """Whether the absence ``m`` speaks of the number of cases, not of their results
        ("未发生…行政复议、行政诉讼被纠错的情况") or of other things ("…以外的纠纷")."""
        s = self.sentence
        return not (_RESULT.search(_clause(s, m.start(), m.end())) or _BESIDES.match(s, m.end()))

    def counts(self, seg: str, offset: int, taken: set[int]) -> list[Statement]:
        """The counts of ``seg`` (the sentence with brackets masked, or one bracket's
        content, starting at ``offset`` in the sentence) with the keyword each belongs to."""
        out: list[Statement] = []
        counts = list(_COUNT.finditer(seg))
        if not counts:
            return out
        keys = [(k.start(), k.end(), _KEY_CLASS[str(k.lastgroup)]) for k in _KEY.finditer(seg)]
        if not keys:
            return out
        previous = 0
        for c in counts:
            start, end, head_from, previous = c.start("num"), c.end(), previous, c.end()
            if offset + start in taken or (c.group().endswith("起") and c.group("num") == "一"):
                continue
            found = self._count(seg, offset, c, start, end, head_from, keys)
            if found is not None:
                out.append(found)
        return out

    def _count(self, seg: str, offset: int, c: re.Match, start: int, end: int, head_from: int,
               keys: list[tuple[int, int, str]]) -> Statement | None:
        value = chinese_number(c.group("num"))
        if value is None:
            return None
        clause_from = _clause_start(seg, start)
        clause = seg[clause_from:start]
        low = max(head_from, clause_from)
        near = [k for k in keys if k[0] >= low and k[1] <= start]
        after = seg[end:]
        vague = False
        if _FORWARD_AFTER.match(after):  # "另有72件申请…顺延到下年度"
            kind = CARRIED_FORWARD
            gap = ""
        elif near:
            k_start, k_end, kind = near[-1]
            gap = seg[k_end:start]
            if (kind == _SKIP or len(gap.replace("□", "")) > _MAX_GAP or "分别" in gap
                    or _SKIP_WORD.search(seg[low:start])):
                return None
            each = bool(_EACH.search(gap))
            if kind == GRANTED_OR_PARTIAL and each:
                return None  # "予以公开、部分公开各2件": two quantities
            if len(near) > 1 and near[-2][2] != _SKIP and _LIST.fullmatch(seg[near[-2][1]:k_start]) \
                    and not each:
                return None  # "不予公开、无法提供共5件": several quantities at once
        else:
            return None
        if _PREVIOUS_YEAR.search(clause) or _PART_OF_YEAR.search(clause):
            return None  # "上年收到申请18件", "一季度收到5件": another period's number
        if (last := _last(_PREVIOUS_YEAR, seg, clause_from)) is not None and not _THIS_YEAR.search(seg, last, start):
            return None  # "上年度共收到申请80件，办结78件": last year's, clause after clause
        if _NEGATED_ONE.search(seg, 0, start) and c.group("num") == "一":
            return None  # "未收到一件申请": none (read as an absence)
        if _PART_OF.search(gap.replace("□", "")):
            return None  # "新收申请中有2件为重复申请": some of them
        if (kind in OUTCOMES or kind == _GRANTED_LIKE) and self.part is not None and offset + start > self.part:
            return None  # "上年结转的2件申请已全部办结，其中予以公开1件": outcomes of a part
        if kind in (RECEIVED, CARRIED_OVER) and _HANDLED_PARTS.search(seg, 0, start):
            return None  # "办结13件，其中上年结转2件，本年新收11件": parts of those handled
        breakdown = _one_kind(clause)
        if breakdown == 2:
            return None  # "网络申请11件", "自然人申请6件": a breakdown
        vague = breakdown == 1
        if _ONE_TOPIC.search(gap):
            return None  # "收到涉及征地补偿的申请20件": the applications of one topic
        if _GENERIC.sub("", gap):
            vague = True  # between keyword and count, words the template does not know
        if "其中" in clause and kind not in OUTCOMES and kind != _GRANTED_LIKE:
            vague = True  # "收到20件，其中新收18件": part of what?
        if kind not in _REVIEW_KINDS and offset + start > self.review_at:
            return None  # after 行政复议/行政诉讼 the sentence is about reviews or lawsuits
        if self.classified and (kind in OUTCOMES or kind == _GRANTED_LIKE):
            return None  # documents sorted by how they are disclosed, not applications' outcomes
        if kind in _REVIEW_KINDS and not self.disclosure and _CASELOAD.search(seg[clause_from:start]):
            vague = True  # the body's caseload as a review authority ("办理行政复议案件45件") may be meant
        if kind in _REVIEW_KINDS and (_AUTHORITY.search(self.sentence) or _NOT_DISCLOSURE.search(self.sentence)
                                      or _DISCLOSURE_PART.match(self.sentence, offset + end)):
            return None  # all cases ("…9件，其中涉及政府信息公开的4件"), cases of other kinds, an authority's
        if kind in _FLOWS and seg[:clause_from].rstrip(",，;；:： ").endswith("中"):
            vague = True  # "新收的36件申请中，已办结32件": part of those
        if kind == RECEIVED and seg[k_start:k_end] == "受理" and _RECEIVING.search(seg[:k_start]):
            vague = True  # "收到36件，依法受理34件": part of them
        if kind in _FLOWS or kind == _PROCESSED:
            if not self.applications or self.other_kind:
                return None  # no applications, or applications of another kind (登记申请, 办事申请)
            vague = vague or not self.disclosure
        if _APPROX_BEFORE.search(gap) or _APPROX_AFTER.match(after):
            vague = True
        readings: tuple[str, ...] = ()
        if kind == _GRANTED_LIKE:
            kind, readings = GRANTED, (GRANTED_OR_PARTIAL,)
        if kind == _PROCESSED:
            kind, readings = HANDLED, (RECEIVED_TOTAL,)
        if kind in OUTCOMES and _ONE_REASON.search(clause) and "等" not in clause:
            vague = True  # "因本机关不掌握相关信息无法提供3件": one reason's row, or the group?
        # a bracket between the keyword and the count qualifies the keyword
        inner = self.sentence[offset + start - len(gap):offset + start] if gap else ""
        if "□" in gap and re.search(r"含|包括", inner) and not _EXCLUDES.search(inner):
            vague = True
            if kind == GRANTED and "部分公开" in inner:  # 予以公开（含部分公开）7件
                kind, readings = GRANTED_OR_PARTIAL, (GRANTED,)
        # a bracket or a 其中/含 clause right after the count qualifies it
        q = _AFTER.match(self.sentence, offset + end)
        if q is not None:
            bracket = q.group("bracket")
            text = bracket if bracket is not None else q.group("clause")
            loose = q.group("word") == "其中"  # 含/包括/a bracket: the count includes it
            if _EXCLUDES.search(text):
                pass  # "（不含上年结转4件）": the count leaves it out
            elif kind == RECEIVED and _CARRIED_OVER_WORD.search(text):
                kind, readings = RECEIVED_TOTAL, ((RECEIVED,) if loose else readings)
            elif kind == GRANTED and not readings and "部分公开" in text:
                kind, readings = GRANTED_OR_PARTIAL, ((GRANTED,) if loose else ())
            elif kind == HANDLED and _STILL_OPEN.search(text):
                vague = True  # "已办理38件，其中办结34件，正在办理4件": handled or not yet?
        if _NOT_COUNTED.search(self.sentence, offset + end):
            return None  # "…共同应诉案件2件，按规定不纳入本机关统计"
        share = _SHARE.match(self.sentence, offset + end) if kind in OUTCOMES else None
        return self.statement(kind, value, vague, readings, offset + start, offset + clause_from, share)


def _clause_start(seg: str, pos: int) -> int:
    """Where the clause holding ``pos`` starts (after the last ，；： before it)."""
    for i in range(pos - 1, -1, -1):
        if seg[i] in ",，;；:：":
            return i + 1
    return 0


def _clause(s: str, start: int, end: int) -> str:
    m = _CLAUSE_END.search(s, end)
    return s[_clause_start(s, start):m.start() if m else len(s)]


def _one_kind(clause: str) -> int:
    """2 when the clause names one channel or one kind of applicant (a breakdown, not the
    total); 1 when it names one channel and says 共 ("共收到网站上的申请2件": all of them came
    that way, or all of that way?); 0 otherwise (none named, or several: "通过网络、信函等渠道")."""
    natural, legal = bool(_NATURAL.search(clause)), bool(_LEGAL.search(clause))
    if natural != legal and "各类" not in clause:
        return 2
    if not _CHANNEL.search(clause) or _ALL_CHANNELS.search(clause) or _CHANNEL_LIST.search(clause):
        return 0
    return 1 if "共" in clause else 2


_PARTS = re.compile(r"(?:由|包括|分为|分成)(?P<list>[^。；]{0,200}?)(?:等|共|合计)?"
                    r"(?P<n>[一二三四五六七八九十]|\d{1,2})个?部分(?:组成|构成|内容)?")
_SECTION_WORDS = [re.compile(pat) for _, pat in SECTIONS]


def parts_claim(text: str) -> tuple[int, int, int, str] | None:
    """An intro's "本报告由……等六部分组成" in the flow ``text``: (parts stated, list items,
    template parts named in the list, sentence), or None. A list item continued by
    "行政诉讼…" is one item."""
    m = next((m for m in _PARTS.finditer(text) if "报告" in text[text.rfind("。", 0, m.start()) + 1:m.end()]), None)
    if m is None or (n := chinese_number(m.group("n"))) is None:
        return None  # (the claim is the report's: "培训内容包括…三个部分" is not)
    listed = m.group("list")
    items = [x for x in re.split(r"[、，,]", listed) if x.strip()]
    items = [x for i, x in enumerate(items) if i == 0 or not x.startswith("行政诉讼")]
    named = sum(bool(p.search(listed)) for p in _SECTION_WORDS)
    sentence = m.group().strip()
    before = text[:m.start("n")]
    if len(listed) <= 8 or _ELLIPSIS.search(before) or (_ETC.search(before) and len(items) * 2 <= n):
        return n, n, n, sentence  # no list, or one cut short ("由总体情况、……六部分组成", "由A、B等六部分")
    return n, len(items), named, sentence


_ELLIPSIS = re.compile(r"(?:…|\.\.\.)\s*(?:等|共|合计)?\s*$")
_ETC = re.compile(r"等\s*(?:共|合计)?\s*$")  # after a full list too ("A、B、C、D、E、F等六部分")


def flow(doc: Document, table_lines: Collection[int] = (), end: int | None = None, start: int = 0) -> Flow:
    """Paragraph text joined into one flow (PDF lines break mid-sentence), with locations;
    tables (and ``table_lines``, ids of lines holding a table's row) end a sentence. Blocks
    before ``start`` and from ``end`` on are not the report's (a page's sidebar before its
    title, related links after the signature)."""
    parts: list[str] = []
    locs: list[Location | None] = []
    for block in doc.blocks[start:end]:
        if not isinstance(block, Span) or id(block) in table_lines:
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

