#!/usr/bin/env python3
"""Build the sample annual reports in this directory.

All agencies, numbers and prose are fictional. The script builds the
section-三 and section-四 tables as grids of string tokens, asserts that the
clean grids satisfy every template identity, derives the faulty variants by
changing single cells, and computes each ``<stem>.expect.yaml`` from the
token grids (placeholders "/", "—", "-" and blank count as 0).

Run:  python3 samples/_make_samples.py
"""
from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent

COLUMNS = ["natural_person", "commercial", "research", "social_welfare",
           "legal_services", "other_org", "total"]
PLACEHOLDERS = {"/", "—", "-", ""}

# ---------------------------------------------------------------- table 三 rows
# (key, label, group label printed on its own line before this row or None)
OUTCOME_ROWS_COMMON = [
    ("granted", "（一）予以公开", "三、本年度办理结果"),
    ("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None),
    ("denied.state_secret", "1.属于国家秘密", "（三）不予公开"),
    ("denied.prohibited_by_law", "2.其他法律行政法规禁止公开", None),
    ("denied.endangers_safety_stability", "3.危及“三安全一稳定”", None),
    ("denied.third_party_rights", "4.保护第三方合法权益", None),
    ("denied.internal_affairs", "5.属于三类内部事务信息", None),
    ("denied.process_information", "6.属于四类过程性信息", None),
    ("denied.enforcement_case_file", "7.属于行政执法案卷", None),
    ("denied.administrative_query", "8.属于行政查询事项", None),
    ("unable.not_held", "1.本机关不掌握相关政府信息", "（四）无法提供"),
    ("unable.needs_creation", "2.没有现成信息需要另行制作", None),
    ("unable.unclear_after_correction", "3.补正后申请内容仍不明确", None),
    ("not_processed.complaint", "1.信访举报投诉类申请", "（五）不予处理"),
    ("not_processed.repeated", "2.重复申请", None),
    ("not_processed.publication", "3.要求提供公开出版物", None),
    ("not_processed.excessive", "4.无正当理由大量反复申请", None),
    ("not_processed.confirmation", "5.要求行政机关确认或重新出具已获取信息", None),
]
OTHER_ROWS_2021 = [
    ("other.overdue_correction",
     "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "（六）其他处理"),
    ("other.overdue_fee",
     "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", None),
    ("other.other", "3.其他", None),
]
OTHER_ROWS_2019 = [("other", "（六）其他处理", None)]


def table3_layout(layout: str):
    outcomes = OUTCOME_ROWS_COMMON + (OTHER_ROWS_2021 if layout == "2021" else OTHER_ROWS_2019)
    rows = [("new_received", "一、本年新收政府信息公开申请数量", None),
            ("carried_over", "二、上年结转政府信息公开申请数量", None)]
    rows += outcomes
    rows += [("total_handled", "（七）总计", None),
             ("carried_forward", "四、结转下年度继续办理", None)]
    return rows, [k for k, _, _ in outcomes]


REVIEW_GROUPS = ["review", "litigation_direct", "litigation_after_review"]


# ---------------------------------------------------------------- numbers
def val(tok: str) -> int:
    return 0 if tok in PLACEHOLDERS else int(tok)


def build_table3(layout: str, outcome_parts: dict, carried_over: list, carried_forward: list):
    """Return {row_key: [7 int]} with totals and 新收 derived so identities hold."""
    rows, outcome_keys = table3_layout(layout)
    t = {}
    for k in outcome_keys:
        parts = outcome_parts.get(k, [0] * 6)
        assert len(parts) == 6, k
        t[k] = [*parts, sum(parts)]
    handled = [sum(t[k][i] for k in outcome_keys) for i in range(6)]
    t["total_handled"] = [*handled, sum(handled)]
    t["carried_over"] = [*carried_over, sum(carried_over)]
    t["carried_forward"] = [*carried_forward, sum(carried_forward)]
    new = [handled[i] + carried_forward[i] - carried_over[i] for i in range(6)]
    assert all(n >= 0 for n in new), new
    t["new_received"] = [*new, sum(new)]
    assert set(t) == {k for k, _, _ in rows}
    return t


def build_review(groups):
    out = []
    for parts in groups:
        assert len(parts) == 4
        out += [str(p) for p in parts] + [str(sum(parts))]
    return out


def to_tokens(t3: dict):
    return {k: [str(v) for v in vals] for k, vals in t3.items()}


def findings(layout: str, t3tok: dict, review_tok: list):
    """Every violated identity, computed from tokens (placeholder = 0)."""
    rows, outcome_keys = table3_layout(layout)
    n = {k: [val(x) for x in v] for k, v in t3tok.items()}
    out = []
    for i, c in enumerate(COLUMNS):
        if n["new_received"][i] + n["carried_over"][i] != n["total_handled"][i] + n["carried_forward"][i]:
            out.append(f"{{rule: applications.balance, column: {c}}}")
    for i, c in enumerate(COLUMNS):
        if n["total_handled"][i] != sum(n[k][i] for k in outcome_keys):
            out.append(f"{{rule: applications.outcome-total, column: {c}}}")
    for k, _, _ in rows:
        if n[k][6] != sum(n[k][:6]):
            out.append(f"{{rule: applications.row-total, row: {k}}}")
    r = [val(x) for x in review_tok]
    for g, name in enumerate(REVIEW_GROUPS):
        block = r[g * 5:(g + 1) * 5]
        if block[4] != sum(block[:4]):
            out.append(f"{{rule: review-litigation.group-total, row: {name}}}")
    return out


def expect_yaml(items):
    if not items:
        return "findings: []\n"
    return "findings:\n" + "".join(f"  - {x}\n" for x in items)


# ---------------------------------------------------------------- rendering
HEADER3 = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
           "申请人情况", "自然人", "法人或其他组织", "总计",
           "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def render_table3(layout: str, t3tok: dict):
    rows, _ = table3_layout(layout)
    lines = list(HEADER3)
    for key, label, group in rows:
        if group:
            lines.append(group)
        toks = t3tok[key]
        assert len(toks) == 7 and all(" " not in x and x for x in toks), (key, toks)
        lines.append(label + " " + " ".join(toks))
    return lines


def render_table4(review_tok):
    assert len(review_tok) == 15
    return ["行政复议 行政诉讼",
            "结果维持 结果纠正 其他结果 尚未审结 总计",
            "未经复议直接起诉 复议后起诉",
            "结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计",
            " ".join(review_tok)]


def render_report(r, t3tok, review_tok):
    y = r["year"]
    L = [f"{r['agency']}{y}年政府信息公开工作年度报告", ""]
    L += [r["intro"].format(year=y), ""]
    L += ["一、总体情况", ""]
    for p in r["overview"]:
        L += [p, ""]
    L += ["二、主动公开政府信息情况", ""]
    for line in r["table2"]:
        L += [line, ""]
    L += ["三、收到和处理政府信息公开申请情况", ""]
    for line in render_table3(r["layout"], t3tok):
        L += [line, ""]
    L += ["四、政府信息公开行政复议、行政诉讼情况", ""]
    for line in render_table4(review_tok):
        L += [line, ""]
    L += ["五、存在的主要问题及改进情况", ""]
    for p in r["problems"]:
        L += [p, ""]
    L += ["六、其他需要报告的事项", ""]
    for p in r["other"]:
        L += [p, ""]
    if r.get("footer"):
        L += r["footer"]
    return "\n".join(L).rstrip("\n") + "\n"


INTRO = ("本报告依据《中华人民共和国政府信息公开条例》第五十条的规定，"
         "在汇总{agency}全年政府信息公开工作情况的基础上编写，"
         "由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、"
         "存在的主要问题及改进情况、其他需要报告的事项等六部分组成。"
         "本报告中所列数据的统计期限自{{year}}年1月1日起至{{year}}年12月31日止。"
         "如对本报告有疑问，可与{agency}办公室联系（联系电话：{phone}）。")


# ================================================================ report A: 2021 layout, 2023
A_T3 = build_table3("2021", {
    "granted": [18, 4, 1, 0, 2, 0],
    "partially_granted": [5, 1, 0, 0, 1, 0],
    "denied.prohibited_by_law": [1, 0, 0, 0, 0, 0],
    "denied.third_party_rights": [2, 1, 0, 0, 0, 0],
    "denied.internal_affairs": [1, 0, 0, 0, 0, 0],
    "denied.process_information": [2, 0, 0, 0, 0, 0],
    "denied.enforcement_case_file": [1, 0, 0, 0, 1, 0],
    "denied.administrative_query": [1, 0, 0, 0, 0, 0],
    "unable.not_held": [9, 2, 0, 1, 0, 1],
    "unable.needs_creation": [2, 0, 0, 0, 0, 0],
    "unable.unclear_after_correction": [1, 0, 0, 0, 0, 0],
    "not_processed.complaint": [4, 0, 0, 0, 0, 0],
    "not_processed.repeated": [3, 0, 0, 0, 0, 0],
    "not_processed.publication": [1, 0, 0, 0, 0, 0],
    "not_processed.confirmation": [1, 0, 0, 0, 0, 0],
    "other.overdue_correction": [3, 0, 0, 0, 0, 0],
    "other.other": [1, 1, 0, 0, 0, 0],
}, carried_over=[3, 1, 0, 0, 0, 0], carried_forward=[4, 0, 0, 0, 1, 0])
A_REVIEW = build_review([[2, 1, 0, 1], [1, 0, 1, 0], [1, 0, 0, 1]])
A_AGENCY = "青岚县自然资源局"
A = dict(
    agency=A_AGENCY, year=2023, layout="2021",
    intro=INTRO.format(agency=A_AGENCY, phone="0000-6153208"),
    overview=[
        "2023年，青岚县自然资源局按照县委、县政府关于政务公开工作的统一安排，把信息公开作为推进依法行政的重要抓手，"
        "围绕国土空间规划、耕地保护、不动产登记和地质灾害防治等群众关心的业务持续扩大公开范围，公开质量稳步提升。",
        "主动公开方面，全年在县政府门户网站本局专栏发布各类政府信息412条，其中土地征收启动公告、征地补偿安置方案等征地信息57条，"
        "建设用地供应结果及出让公告38条。本年度制发行政规范性文件3件、废止1件，均在印发后按时上网；"
        "作出行政许可决定1286件、行政处罚决定57件，处理结果同步在“双公示”栏目公示。",
        "依申请公开方面，本年新收政府信息公开申请{nr}件，另有上年结转申请{co}件。申请内容主要涉及征地补偿标准、宅基地审批和"
        "土地出让合同等事项。我局严格按法定时限登记、办理和答复，对不属于本机关掌握范围的申请，均在答复中说明理由并告知可以联系的机关。"
        "因政府信息公开被申请行政复议、提起行政诉讼的情况详见本报告第四部分。",
        "政府信息管理和平台建设方面，坚持信息发布前保密审查与合法性审查同步进行，年内对本局公开专栏进行了梳理，合并重复栏目3个，"
        "补充完善“政策文件”“规划计划”等栏目内容，并对历年发布的行政规范性文件开展集中清理，在网页上逐件标注有效状态。",
        "监督保障方面，局主要负责同志年内两次听取政务公开工作汇报，明确办公室为政务公开工作机构，配备专职人员1名、兼职信息员8名，"
        "并将信息报送的及时性和准确性纳入各股室年度考核。",
    ],
    table2=[
        "第二十条第（一）项",
        "信息内容 本年制发件数 本年废止件数 现行有效件数",
        "规章 0 0 0",
        "行政规范性文件 3 1 17",
        "第二十条第（五）项",
        "信息内容 本年处理决定数量",
        "行政许可 1286",
        "第二十条第（六）项",
        "信息内容 本年处理决定数量",
        "行政处罚 57",
        "行政强制 4",
        "第二十条第（八）项",
        "信息内容 本年收费金额（单位：万元）",
        "行政事业性收费 36.4825",
    ],
    problems=[
        "上年度报告提出的公开目录更新不及时问题，已通过建立目录季度核对制度整改到位。"
        "回顾全年工作，仍有一些不足：一是个别股室报送信息不够及时，少数征地信息在公告期开始后才上网；"
        "二是政策解读仍以文字稿为主，图解、短视频等形式偏少；三是依申请公开答复文书的格式还不够统一。",
        "针对上述问题，我局将建立信息报送提醒清单，明确各类信息的报送时限，由办公室按月通报报送情况；"
        "每季度至少制作一期图解材料，围绕不动产登记办理流程等高频事项开展解读；"
        "同时修订依申请公开答复文书模板，组织业务人员集中学习，提高答复的规范化水平。",
    ],
    other=[
        "本年度我局未向申请人发出信息处理费收费通知，未收取信息处理费。",
        "年内承办县人大代表建议5件、县政协委员提案4件，办理结果均已按要求在本局专栏公开。",
    ],
    footer=["青岚县自然资源局", "2024年1月22日"],
)

# ================================================================ report B: 2019 layout, 2020
B_T3 = build_table3("2019", {
    "granted": [11, 6, 0, 0, 1, 0],
    "partially_granted": [3, 2, 0, 0, 0, 0],
    "denied.third_party_rights": [1, 3, 0, 0, 0, 0],
    "denied.process_information": [1, 0, 0, 0, 0, 0],
    "denied.enforcement_case_file": [2, 1, 0, 0, 0, 0],
    "denied.administrative_query": [3, 4, 0, 0, 0, 0],
    "unable.not_held": [6, 2, 0, 1, 0, 0],
    "unable.needs_creation": [1, 1, 0, 0, 0, 0],
    "unable.unclear_after_correction": [2, 0, 0, 0, 0, 0],
    "not_processed.complaint": [7, 0, 0, 0, 0, 0],
    "not_processed.repeated": [2, 0, 0, 0, 0, 0],
    "not_processed.confirmation": [1, 0, 0, 0, 0, 0],
    "other": [2, 1, 0, 0, 0, 0],
}, carried_over=[2, 1, 0, 0, 0, 0], carried_forward=[3, 2, 0, 0, 0, 1])
B_REVIEW = build_review([[1, 0, 1, 0], [0, 1, 0, 1], [0, 0, 0, 0]])
B_AGENCY = "临溪县市场监督管理局"
B = dict(
    agency=B_AGENCY, year=2020, layout="2019",
    intro=INTRO.format(agency=B_AGENCY, phone="0000-7724316"),
    overview=[
        "2020年，临溪县市场监督管理局以落实修订后的《中华人民共和国政府信息公开条例》为主线，结合市场监管职能，"
        "统筹做好疫情防控期间价格监管、食品安全抽检和企业复工复产等方面的信息发布。",
        "主动公开方面，全年在县政府信息公开平台发布信息365条，其中食品安全监督抽检结果12期、涉企行政处罚信息186条。"
        "制定并公开规范性文件4件；作出行政许可决定2317件、其他对外管理服务事项处理决定964件、行政处罚决定186件。",
        "依申请公开方面，本年新收政府信息公开申请{nr}件，上年结转{co}件。申请人以企业和个人为主，"
        "关注点集中在企业登记档案、投诉举报处理结果和产品抽检信息等方面。行政复议和行政诉讼情况见本报告第四部分。",
        "政府信息管理和平台建设方面，我局对承担的许可、处罚、强制等事项目录进行动态调整，行政许可事项由46项调整为43项；"
        "完成本局公开专栏向县政府门户网站的整合迁移，原独立网站已关停。局党组明确一名副局长分管政务公开，"
        "办公室牵头、各股室和基层市场监管所分工负责，全年组织业务培训2次。",
    ],
    table2=[
        "第二十条第（一）项",
        "信息内容 本年新制作数量 本年新公开数量 对外公开总数量",
        "规章 0 0 0",
        "规范性文件 4 4 21",
        "第二十条第（五）项",
        "信息内容 上一年项目数量 本年增/减 处理决定数量",
        "行政许可 46 -3 2317",
        "其他对外管理服务事项 28 2 964",
        "第二十条第（六）项",
        "信息内容 上一年项目数量 本年增/减 处理决定数量",
        "行政处罚 312 -5 186",
        "行政强制 21 0 37",
        "第二十条第（八）项",
        "信息内容 上一年项目数量 本年增/减",
        "行政事业性收费 3 -1",
        "第二十条第（九）项",
        "信息内容 采购项目数量 采购总金额",
        "政府集中采购 14 287.36",
    ],
    problems=[
        "去年查找出的行政处罚信息公示不及时问题，已通过实行公示时限台账得到解决。"
        "本年度工作还存在以下问题：一是基层市场监管所的信息报送意识不强，报送数量偏少；"
        "二是部分行政处罚信息公示要素不够完整，个别决定书摘要缺少处罚依据。",
        "下一步，我局将把信息报送情况纳入市场监管所月度工作点评，并对行政处罚公示内容实行办公室与法规股双人复核，"
        "确保公示信息要素齐全、发布及时。",
    ],
    other=["本年度我局未收取政府信息公开信息处理费，无其他需要报告的事项。"],
    footer=["临溪县市场监督管理局", "2021年1月18日"],
)

# ================================================================ report C: 2021 layout, 2022, placeholders
C_T3 = build_table3("2021", {
    "granted": [9, 1, 0, 1, 0, 0],
    "partially_granted": [2, 0, 0, 0, 0, 0],
    "denied.third_party_rights": [0, 1, 0, 0, 0, 0],
    "denied.process_information": [1, 0, 0, 0, 0, 0],
    "unable.not_held": [4, 0, 0, 0, 1, 0],
    "unable.needs_creation": [1, 0, 0, 0, 0, 0],
    "not_processed.complaint": [2, 0, 0, 0, 0, 0],
    "not_processed.repeated": [1, 0, 0, 0, 0, 0],
    "other.overdue_correction": [1, 0, 0, 0, 0, 0],
}, carried_over=[1, 0, 0, 0, 0, 0], carried_forward=[2, 0, 0, 0, 0, 0])
C_REVIEW = build_review([[1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]])
C_AGENCY = "云岭市水利局"
C = dict(
    agency=C_AGENCY, year=2022, layout="2021",
    intro=INTRO.format(agency=C_AGENCY, phone="0000-3380915"),
    overview=[
        "2022年，云岭市水利局围绕河湖长制、水资源管理、水旱灾害防御和农村供水保障等重点工作推进政务公开，"
        "做到重要政策及时发布、重点工程进展按期公开。",
        "全年主动公开政府信息286条，发布汛期雨情水情通报40期、重点水利工程建设进展信息22条。"
        "本年度制发行政规范性文件2件，作出行政许可决定143件、行政处罚决定26件。",
        "本年新收政府信息公开申请{nr}件，上年结转{co}件，内容多涉及取水许可、河道管理范围划定和水库移民补助等方面，"
        "已办结的申请均在法定期限内作出答复。",
        "我局定期更新政府信息公开指南和主动公开目录，局政务公开领导小组每半年召开一次专题会议，研究解决信息发布中的问题。",
    ],
    table2=[
        "第二十条第（一）项",
        "信息内容 本年制发件数 本年废止件数 现行有效件数",
        "规章 / / /",
        "行政规范性文件 2 0 9",
        "第二十条第（五）项",
        "信息内容 本年处理决定数量",
        "行政许可 143",
        "第二十条第（六）项",
        "信息内容 本年处理决定数量",
        "行政处罚 26",
        "行政强制 0",
        "第二十条第（八）项",
        "信息内容 本年收费金额（单位：万元）",
        "行政事业性收费 3.7150",
    ],
    problems=[
        "2021年度报告中反映的办事指南不完整问题，已于年初补充完善。工作中仍存在基层水利站点信息更新慢、政策解读形式单一等问题。",
        "2023年，我局将把县级水利部门公开专栏纳入季度检查范围，并增加以案例、问答方式开展的解读，"
        "帮助群众更直观地了解取水许可和河道管理相关规定。",
    ],
    other=[
        "本年度未发出信息处理费收费通知，未收取信息处理费。",
        "按照年度政务公开工作要点，我局已完成水利领域基层政务公开标准目录的编制和公开。",
    ],
    footer=["云岭市水利局", "2023年1月16日"],
)


def in_county(r: dict, county: str, home: str = "青岚县") -> dict:
    """Report A as another county's body wrote it: each sample is a different body's report
    (files of one body and year in a batch are one report, checked against each other)."""
    def swap(v):
        if isinstance(v, str):
            return v.replace(home, county)
        return [swap(x) for x in v] if isinstance(v, list) else v
    return {k: swap(v) for k, v in r.items()}


def with_prose_numbers(r, t3):
    r = dict(r)
    r["overview"] = [p.replace("{nr}", str(t3["new_received"][6])).replace("{co}", str(t3["carried_over"][6]))
                     for p in r["overview"]]
    return r


def placeholderise(t3tok: dict, review_tok: list):
    """Mix placeholders into zero cells; all-zero rows keep plain "0"."""
    cycle = ["—", "/", "0"]
    i = 0
    out = {}
    for k, toks in t3tok.items():
        if all(x == "0" for x in toks):
            out[k] = list(toks)
            continue
        new = []
        for x in toks:
            if x == "0":
                new.append(cycle[i % 3])
                i += 1
            else:
                new.append(x)
        out[k] = new
    rev = list(review_tok)
    for g in range(3):
        block = rev[g * 5:(g + 1) * 5]
        if any(x != "0" for x in block):
            for j in range(4):
                if block[j] == "0":
                    rev[g * 5 + j] = cycle[i % 3]
                    i += 1
    return out, rev


def write(stem, report, layout, t3tok, review_tok, expect_clean=False):
    text = render_report(report, t3tok, review_tok)
    (HERE / f"{stem}.txt").write_text(text, encoding="utf-8")
    f = findings(layout, t3tok, review_tok)
    if expect_clean:
        assert f == [], (stem, f)
    (HERE / f"{stem}.expect.yaml").write_text(expect_yaml(f), encoding="utf-8")
    return f


def main():
    a_rep = with_prose_numbers(A, A_T3)
    b_rep = with_prose_numbers(B, B_T3)
    c_rep = with_prose_numbers(C, C_T3)
    a_tok, b_tok, c_tok = to_tokens(A_T3), to_tokens(B_T3), to_tokens(C_T3)

    results = {}
    results["clean_2021"] = write("clean_2021", in_county(a_rep, "白石县"), "2021", a_tok, A_REVIEW, expect_clean=True)
    results["clean_2019"] = write("clean_2019", b_rep, "2019", b_tok, B_REVIEW, expect_clean=True)

    def mutate(tok, row, col, delta):
        t = {k: list(v) for k, v in tok.items()}
        t[row][col] = str(int(t[row][col]) + delta)
        return t

    t = mutate(mutate(a_tok, "carried_forward", 0, 2), "carried_forward", 6, 2)
    results["faulty_balance"] = write("faulty_balance", in_county(a_rep, "云溪县"), "2021", t, A_REVIEW)

    t = mutate(mutate(a_tok, "total_handled", 0, -6), "total_handled", 6, -6)
    results["faulty_outcome_total"] = write("faulty_outcome_total", a_rep, "2021", t, A_REVIEW)

    t = mutate(a_tok, "granted", 6, 1)
    results["faulty_row_total"] = write("faulty_row_total", in_county(a_rep, "枫桥县"), "2021", t, A_REVIEW)

    rev = list(A_REVIEW)
    rev[4] = str(int(rev[4]) - 1)
    results["faulty_review"] = write("faulty_review", in_county(a_rep, "临溪县"), "2021", a_tok, rev)

    t = {k: list(v) for k, v in b_tok.items()}
    for row in ("granted", "unable.not_held"):
        assert int(t[row][6]) > 0
        t[row][6] = "/"
    blank_rep = in_county(b_rep, "松岭县", "临溪县")
    results["faulty_2019_blank_totals"] = write("faulty_2019_blank_totals", blank_rep, "2019", t, B_REVIEW)

    pt, prev = placeholderise(c_tok, C_REVIEW)
    results["placeholders_2021"] = write("placeholders_2021", c_rep, "2021", pt, prev, expect_clean=True)

    # sanity: the faulty files have exactly the intended findings
    assert results["faulty_balance"] == [
        "{rule: applications.balance, column: natural_person}",
        "{rule: applications.balance, column: total}"]
    assert results["faulty_outcome_total"] == [
        "{rule: applications.balance, column: natural_person}",
        "{rule: applications.balance, column: total}",
        "{rule: applications.outcome-total, column: natural_person}",
        "{rule: applications.outcome-total, column: total}"]
    assert results["faulty_row_total"] == [
        "{rule: applications.outcome-total, column: total}",
        "{rule: applications.row-total, row: granted}"]
    assert results["faulty_review"] == ["{rule: review-litigation.group-total, row: review}"]
    assert results["faulty_2019_blank_totals"] == [
        "{rule: applications.outcome-total, column: total}",
        "{rule: applications.row-total, row: granted}",
        "{rule: applications.row-total, row: unable.not_held}"]
    for stem, f in results.items():
        print(f"{stem}: {len(f)} finding(s)")


if __name__ == "__main__":
    main()
