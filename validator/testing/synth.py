"""Synthetic reports: consistent tables by construction, rendered as text in many styles.

Used by the property tests and the benchmarks. Nothing here is used to check a report.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field

from validator import rulebook, template
from validator.template import ACTIVE_DISCLOSURE, APPLICATIONS, REVIEW_LITIGATION

Cells = dict[tuple[str, str], float]
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
STYLES = ("plain", "next_line", "wrapped", "markdown", "fullwidth", "noise", "glued")


@dataclass
class Synthetic:
    """A report's tables and layout. ``raw`` replaces a row's printed values (``(table,
    row) -> text``); rows in ``dropped`` and tables in ``dropped_tables`` are left out."""

    layout: str
    year: int
    agency: str
    tables: dict[str, Cells]
    raw: dict[tuple[str, str], str] = field(default_factory=dict)
    dropped: set[tuple[str, str]] = field(default_factory=set)
    dropped_tables: set[str] = field(default_factory=set)


def zeros(layout: str = "2021", year: int | None = None) -> Synthetic:
    """A report whose every cell is 0 (consistent)."""
    tables: dict[str, Cells] = {name: {k: 0.0 for k in template.layout(name, layout).cell_keys()}
              for name in template.TABLES}
    return Synthetic(layout, year or (2020 if layout == "2019" else 2023), "示例县人民政府办公室",
                     tables)


def consistent(rng: random.Random, layout: str = "2021", year: int | None = None,
               scale: int = 6) -> Synthetic:
    """Random tables that satisfy every identity of the template."""
    lay = template.layout(APPLICATIONS, layout)
    applicants = [c.key for c in lay.columns if c.key != "total"]
    outcomes = [r.key for r in lay.rows if r.key not in
                ("new_received", "carried_over", "total_handled", "carried_forward")]
    app: Cells = {}
    for row in outcomes:
        for col in applicants:
            app[(row, col)] = rng.choice([0, 0, 0, rng.randint(0, scale)])
    for col in applicants:
        handled = sum(app[(r, col)] for r in outcomes)
        forward = rng.choice([0, rng.randint(0, 3)])
        over = rng.randint(0, int(handled) + forward) if rng.random() < 0.4 else 0
        app[("total_handled", col)] = handled
        app[("carried_forward", col)] = forward
        app[("carried_over", col)] = over
        app[("new_received", col)] = handled + forward - over
    for row in [r.key for r in lay.rows]:
        app[(row, "total")] = sum(app[(row, c)] for c in applicants)
    review: Cells = {}
    for row in ("review", "litigation_direct", "litigation_after_review"):
        parts = [rng.choice([0, 0, rng.randint(0, 4)]) for _ in range(4)]
        for col, v in zip(("upheld", "corrected", "other", "pending"), parts, strict=True):
            review[(row, col)] = v
        review[(row, "total")] = sum(parts)
    active: Cells = {}
    ad = template.layout(ACTIVE_DISCLOSURE, layout)
    for row, col in ad.cell_keys():
        kind = ad.kind(row, col)
        if kind == "amount":
            active[(row, col)] = round(rng.uniform(0, 300), 4)
        elif kind == "signed":
            active[(row, col)] = rng.randint(-9, 9)
        else:
            active[(row, col)] = rng.randint(0, 2000) if rng.random() < 0.7 else 0
    for bound in rulebook.bounds(ACTIVE_DISCLOSURE, layout):  # Σ stated ≥ Σ computed
        gap = sum(active[c] for c in bound.computed) - sum(active[c] for c in bound.stated)
        if gap > 0:
            active[bound.stated[0]] += gap
    year = year or (2020 if layout == "2019" else 2023)
    agency = rng.choice(_PLACES) + rng.choice(_BODIES)  # distinct bodies: a batch is many reports
    for rule in rulebook.load():  # rows a body of this level cannot have
        if rule.check == "level-zero" and template.body_level(agency) in rule.options["levels"]:
            active.update({k: 0 for k in active if k[0] in rule.options["rows"]})
    return Synthetic(layout, year, agency, {APPLICATIONS: app, REVIEW_LITIGATION: review,
                                            ACTIVE_DISCLOSURE: active})


# 720 places × 12 bodies: a generated batch is many bodies' reports, as a real one is (files of one
# body and year are one report, compared with each other)
_PLACES = tuple(f"{a}{b}{c}" for a in "青白东南西北云枫临松石柳" for b in "山水河湖林江溪岭泉峰田川"
                for c in ("县", "市", "区", "镇", "乡"))
_BODIES = ("教育局", "交通运输局", "人民政府", "卫生健康委员会", "自然资源局", "生态环境局", "民政局",
           "人力资源和社会保障局", "住房和城乡建设局", "农业农村局", "市场监督管理局", "财政局")


def _num(v: float | str) -> str:
    if isinstance(v, str):
        return v
    return str(int(v)) if float(v).is_integer() else f"{v:.4f}"


def render(s: Synthetic, style: str = "plain", rng: random.Random | None = None) -> str:
    """The report as text in ``style`` (see ``STYLES``)."""
    rng = rng or random.Random(0)
    lines = [f"{s.agency}{s.year}年政府信息公开工作年度报告", "",
             f"本报告中所列数据的统计期限自{s.year}年1月1日起至{s.year}年12月31日止。", "",
             "一、总体情况", "", "本年度我单位依法推进政务公开，各项工作平稳有序。", "",
             "二、主动公开政府信息情况", ""]
    if ACTIVE_DISCLOSURE not in s.dropped_tables:
        lines += _active(s, style)
    lines += ["", "三、收到和处理政府信息公开申请情况", ""]
    if APPLICATIONS not in s.dropped_tables:
        lines += _applications(s, style, rng)
    lines += ["", "四、政府信息公开行政复议、行政诉讼情况", ""]
    if REVIEW_LITIGATION not in s.dropped_tables:
        lines += _review(s, style)
    lines += ["", "五、存在的主要问题及改进情况", "",
              "上年度报告所列信息更新不及时的问题已完成整改。工作人员业务能力仍需提升，下一步将加强培训。",
              "", "六、其他需要报告的事项", "", "本年度未收取信息处理费。", ""]
    text = "\n".join(lines)
    if style == "glued":
        text = text.replace("\n", "")
    return text.translate(FULLWIDTH) if style == "fullwidth" else text


def _values(s: Synthetic, table: str, row: str, cols) -> list[str]:
    if (table, row) in s.raw:
        text = s.raw[(table, row)]
        return [v.strip() for v in text.split("|")] if "|" in text else text.split()
    return [_num(s.tables[table][(row, c)]) for c in cols]


def _row(label: str, values: list[str], style: str) -> list[str]:
    if style == "markdown":
        return ["| " + " | ".join([label, *values]) + " |"]
    if style == "glued":
        return [label + "".join(values)]
    if style == "next_line":
        return [label, " ".join(values)]
    return [f"{label} {' '.join(values)}"]


def _active(s: Synthetic, style: str) -> list[str]:
    lay = template.layout(ACTIVE_DISCLOSURE, s.layout)
    out: list[str] = []
    group = None
    for row in lay.rows:
        cols = lay.columns_of(row.key)
        if row.group != group:
            group = row.group
            out += [group or "", "信息内容 " + " ".join(lay.column(c).label for c in cols)]
        if (ACTIVE_DISCLOSURE, row.key) in s.dropped:
            continue
        values = _values(s, ACTIVE_DISCLOSURE, row.key, cols)
        out += _row(row.label, values, "plain" if style == "glued" else style)
    return out


def _applications(s: Synthetic, style: str, rng: random.Random) -> list[str]:
    lay = template.layout(APPLICATIONS, s.layout)
    out = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况",
           "自然人", "法人或其他组织", "总计", "商业企业 科研机构 社会公益组织 法律服务机构 其他"]
    if style == "markdown":
        out = ["| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 自然人 | 商业企业 "
               "| 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |", "|---|---|---|---|---|---|---|---|"]
    group = None
    for row in lay.rows:
        top = (row.group or "").split("/")[-1]
        if top and top != group and top.startswith("（") and style != "markdown":
            out += _split_label(top, rng) if style == "wrapped" else [top]
        group = top or group
        if (APPLICATIONS, row.key) in s.dropped:
            continue
        values = _values(s, APPLICATIONS, row.key, [c.key for c in lay.columns])
        label = row.label
        if style == "wrapped" and len(label) > 6:
            out += [*_split_label(label, rng), " ".join(values)]
        else:
            out += _row(label, values, style)
        if style == "noise" and rng.random() < 0.2:
            out += [rng.choice(["-3-", "— 4 —", "http://www.example.gov.cn/art/2024/1/5/art_1.html",
                                "第 2 页"])]
        if row.key == "partially_granted" and style != "markdown" and top:
            group = top
    return out


def _split_label(label: str, rng: random.Random) -> list[str]:
    cut = rng.randint(3, len(label) - 2)
    return [label[:cut], label[cut:]]


def _review(s: Synthetic, style: str) -> list[str]:
    lay = template.layout(REVIEW_LITIGATION, s.layout)
    values = [_num(s.tables[REVIEW_LITIGATION][k]) for k in lay.cell_keys()]
    if (REVIEW_LITIGATION, "*") in s.raw:
        values = s.raw[(REVIEW_LITIGATION, "*")].split()
    head = ["行政复议 行政诉讼", "结果维持 结果纠正 其他结果 尚未审结 总计", "未经复议直接起诉 复议后起诉",
            "结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计"]
    if style == "markdown":
        return [*head, "| " + " | ".join(values) + " |"]
    return [*head, ("" if style == "glued" else " ").join(values)]


def group_cells(lay: template.Layout) -> list[tuple[tuple[str, ...], list[tuple[str, int]]]]:
    """Each row's group labels (outermost first) and, of those, the ones that open at this row
    with the number of rows they span: how a drawn table merges its group cells."""
    groups = [tuple(p for p in (row.group or "").split("/") if p) for row in lay.rows]
    spans = Counter(p for parts in groups for p in parts)
    seen: set[str] = set()
    out = []
    for parts in groups:
        out.append((parts, [(p, spans[p]) for p in parts if p not in seen]))
        seen.update(parts)
    return out


def render_html(s: Synthetic) -> str:
    """The report as an HTML page: paragraphs, and each table as a ``<table>`` of rows."""
    from html import escape

    out = ["<html><head><meta charset='utf-8'><title>"
           f"{escape(s.agency)}{s.year}年政府信息公开工作年度报告</title></head><body>"]
    table: list[str] | None = None
    for line in render(s, "markdown").splitlines():
        if line.startswith("|"):
            if set(line) <= set("|-: "):
                continue
            if table is None:
                table = ["<table border='1'>"]
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            table.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
            continue
        if table is not None:
            out.append("".join(table) + "</table>")
            table = None
        if line.strip():
            out.append(f"<p>{escape(line)}</p>")
    if table is not None:
        out.append("".join(table) + "</table>")
    out.append("</body></html>")
    return "\n".join(out)
