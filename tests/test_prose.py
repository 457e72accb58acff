"""Prose against the tables: every finding of the prose cases exactly (``test_rules`` matches
findings by rule, row and column only), what the text says about the minimal fixes, and how
single sentences are read."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import CASES
from test_rules import run_case

from validator.match import prose

FILES = sorted((CASES / "rules").glob("prose.*.yaml"))
FIELDS = ("rule", "row", "column", "severity", "expected", "actual")


def _cases():
    for path in FILES:
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            yield pytest.param(case, id=f"{path.stem}:{case['name']}")


def _key(f, fields) -> tuple:
    return tuple(getattr(f, k) if not isinstance(f, dict) else f.get(k) for k in fields)


@pytest.mark.parametrize("case", list(_cases()))
def test_prose_case_exactly(case: dict, tmp_path: Path) -> None:
    """Each expected finding matches one finding on every field it gives (severities too),
    and the text's verdict on the fixes is as expected."""
    doc = run_case(case, tmp_path)
    assert doc.error is None, doc.error
    left = list(doc.findings)
    for want in case["findings"]:
        fields = [k for k in FIELDS if k in want]
        match = next((f for f in left if _key(f, fields) == _key(want, fields)), None)
        assert match is not None, (want, [(_key(f, FIELDS), f.message()) for f in left])
        left.remove(match)
    assert not left, [(_key(f, FIELDS), f.message()) for f in left]
    evidence = case.get("fix_evidence")
    arithmetic = [f for f in doc.findings if f.category == "arithmetic"]
    for f in arithmetic:
        got = f.to_dict().get("fix_evidence")
        if evidence is None:
            assert got is None, got
            continue
        assert got is not None and got["fixes"] == evidence["fixes"]
        assert got["sentence"] in f.message("zh") or got["sentence"][:60] in f.message("zh")
        first = [[c["row"], c["column"], c["suggested"]] for c in f.to_dict()["fixes"][0]]
        assert first == evidence["first"]


# ------------------------------------------------------------------ single sentences
# sentence -> the statements read from it: (kind, value, certain)
SENTENCES = [
    # outcomes next to the handled total
    ("全年共收到政府信息公开申请6件，办结6件，其中公开答复4件，不予公开2件。",
     [("received", 6, True), ("handled", 6, True), ("granted", 4, False), ("denied", 2, True)]),
    ("答复政府信息公开申请9件，其中同意公开5件。", [("handled", 9, True), ("granted", 5, False)]),
    ("办结的申请中予以公开答复3件。", [("granted", 3, False)]),
    ("办结政府信息公开申请8件，其中延期答复2件。", [("handled", 8, True)]),
    ("向申请人出具答复书8份。", []),
    ("收到政府信息公开申请12件，不予受理2件。", [("received", 12, True)]),
    # reviews and lawsuits
    ("未收到政府信息公开类行政复议申请及行政诉讼案件。", [("no_review_litigation", 0, True)]),
    ("未收到因政府信息公开申请引起的行政复议。", []),
    ("未收到公民、法人或其他组织提出的政府信息公开申请。", [("none_received", 0, True)]),
    ("12月未收到政府信息公开申请。", []),
    ("上半年收到政府信息公开申请5件。", []),
    ("截至12月底，共收到政府信息公开申请5件。", [("received", 5, True)]),
    ("本年度未收到政府信息公开申请，也未发生行政复议、行政诉讼。",
     [("none_received", 0, True), ("no_review_litigation", 0, True)]),
    # reviews received or cases handled, the sentence not saying 信息公开: perhaps the body's
    # caseload as a review authority or in court (a mismatch only a warning)
    ("收到行政复议申请1件，办结1件。", [("review", 1, False)]),
    ("行政复议案件3件、行政诉讼案件2起。", [("review", 3, False), ("litigation", 2, False)]),
    ("全年办理行政复议案件45件，行政应诉案件12件。", [("review", 45, False), ("litigation", 12, False)]),
    ("本年度发生政府信息公开行政复议案件1件。", [("review", 1, True)]),
    ("被申请行政复议1件，结果维持。", [("review", 1, True)]),
    ("除1件行政复议外，未发生其他行政复议和行政诉讼。", []),  # not "none"
    # one of them alone, or both "均为0"
    ("本年度未发生行政诉讼。", [("no_litigation", 0, True)]),
    ("未被提起行政诉讼。", [("no_litigation", 0, True)]),
    ("未发生因政府信息公开被申请行政复议的情况，发生行政诉讼1件。", [("no_review", 0, True), ("litigation", 1, True)]),
    ("没有行政复议案件，也没有行政诉讼案件。", [("no_review", 0, True), ("no_litigation", 0, True)]),
    ("本年度行政复议、行政诉讼均为0件。", [("no_review_litigation", 0, True)]),
    ("行政复议和行政诉讼案件数均为零。", [("no_review_litigation", 0, True)]),
    ("申请人逾期未作出答复的可以申请行政复议。", []),  # no absence: what a citizen may do
    ("无论是否提起行政复议，均依法答复。", []),
    ("尚未发生行政复议。", []),
    ("未发生行政诉讼败诉的情况。", []),  # results, not cases
    ("除1件行政复议外，未发生行政诉讼。", []),
    # an outcome's reply is that outcome, not the handled total
    ("办结政府信息公开申请34件，其中公开答复20件，部分公开答复3件，不予公开答复2件，信息不存在答复6件。",
     [("handled", 34, True), ("granted", 20, False), ("partially_granted", 3, True), ("denied", 2, True)]),
    ("全部或部分公开23件。", [("granted_or_partially_granted", 23, True)]),
    ("全年共答复政府信息公开申请36件。", [("handled", 36, True)]),
    ("不同意公开2件。", [("denied", 2, True)]),
    # other kinds of applications than for information
    ("全年受理不动产登记申请15,832件，办结15,800件，办结率99.8%。", []),
    ("推进“高效办成一件事”，政务服务中心全年受理群众办事申请1,200件。", []),
    ("依法答复政府信息公开申请36件。", [("handled", 36, True)]),
    # documents sorted by how they are disclosed are no outcomes of applications
    ("全年共制发公文286件，其中主动公开215件、依申请公开59件、不予公开12件。", []),
    ("新收的36件政府信息公开申请中，已办结32件。", [("received", 36, True), ("handled", 32, False)]),
    ("共收到政府信息公开申请36件，依法受理34件。", [("received", 36, True), ("received", 34, False)]),
    ("本机关不掌握相关政府信息无法提供5件。", [("unable", 5, False)]),
    ("本年度已办理政府信息公开申请38件，其中按期办结34件，正在办理4件。", [("handled", 38, False)]),
    ("我局与原行政机关共同应诉政府信息公开行政诉讼案件2件，按规定不纳入本机关统计。", []),
    ("行政复议结果维持2件，纠正1件。", []),
    ("未经行政复议直接起诉2件。", [("litigation_direct", 2, True)]),  # one group of lawsuits, not all
    ("本年度收到政府信息公开申请73件（不含上年结转4件）。", [("received", 73, True), ("carried_over", 4, True)]),
    ("予以公开（不含部分公开）7件。", [("granted", 7, True)]),
    ("未发生行政复议和行政诉讼以外的纠纷。", []),
    ("未发生行政复议和行政诉讼案件。", [("no_review_litigation", 0, True)]),
    ("复议后起诉1件，直接提起行政诉讼3件。", [("litigation_after_review", 1, True), ("litigation_direct", 3, True)]),
    ("经行政复议后又提起行政诉讼2起。", [("litigation_after_review", 2, True)]),
    # brackets
    ("受理申请8件，办结9件（含上年结转3件）。",
     [("received", 8, False), ("handled", 9, False), ("carried_over", 3, False)]),
    ("受理政府信息公开申请8件，办结9件(含上年结转3件)。",
     [("received", 8, True), ("handled", 9, True), ("carried_over", 3, True)]),
    ("收到政府信息公开申请11件（含上年结转3件）。",
     [("received_with_carried_over", 11, True), ("carried_over", 3, True)]),
    ("收到政府信息公开申请11件，含上年结转3件。",
     [("received_with_carried_over", 11, True), ("carried_over", 3, True)]),
    ("收到政府信息公开申请11件，其中上年结转3件。",
     [("received_with_carried_over", 11, False), ("carried_over", 3, False)]),
    ("予以公开（含部分公开）共6件。", [("granted_or_partially_granted", 6, False)]),
    ("另有4件政府信息公开申请依法顺延至下一年度办理。", [("carried_forward", 4, True)]),
    ("收到政府信息公开申请9件，办结8件，1件结转下年度办理。",  # a count right after a comma
     [("received", 9, True), ("handled", 8, True), ("carried_forward", 1, True)]),
    ("收到政府信息公开申请1,234件。", [("received", 1234, True)]),
    ("共收到政府信息公开申请12件，其中本年新收10件，上年结转2件。",
     [("received_with_carried_over", 12, False), ("received", 10, False), ("carried_over", 2, True)]),
    ("上年收到政府信息公开申请18件，本年收到25件。", [("received", 25, True)]),
    ("上年度结转的政府信息公开申请3件已全部办结。", [("carried_over", 3, True)]),
    ("另有4件申请依法顺延至下一年度办理。", [("carried_forward", 4, False)]),  # which applications?
    # channels, applicants, other requests
    ("其中网络申请数5件，信函申请数2件，当面申请1件。", []),
    ("通过网络平台收到政府信息公开申请5件。", []),
    ("通过网站、信函等方式共收到政府信息公开申请7件。", [("received", 7, True)]),
    ("共收到政府网站上的政府信息公开申请7件。", [("received", 7, False)]),  # all came that way?
    ("收到法人申请2件。", []),
    ("收到纸质政府信息公开申请3件。", []),
    ("共收到纸质政府信息公开申请3件。", [("received", 3, False)]),
    ("收到自然人、法人或其他组织的政府信息公开申请9件。", [("received", 9, True)]),
    ("受理12345热线转来的申请40件。", []),
    ("办理政府信息公开咨询30件，受理群众投诉申请8件。", []),
    ("受理行政许可申请300件。", []),
    ("接收群众来信申请21件。", []),
    ("收到涉及征地补偿的政府信息公开申请20件。", []),
    ("未收到要求提供公开出版物的申请。", []),
    ("收到政府信息公开申请人补充材料的申请3件。", [("received", 3, False)]),
    # numbers that are not counts of applications
    ("收到申请后在15个工作日内答复。", []),
    ("收到政府信息公开申请1.2万件。", []),
    ("收到申请后与申请人一起核对。", []),
    ("收到同一申请人就同一件事项提出的政府信息公开申请。", []),
    ("共收到政府信息公开申请30余件。", []),
    ("共收到政府信息公开申请约30件。", [("received", 30, False)]),
    ("共收到政府信息公开申请三十件，同比增加5件。", [("received", 30, True)]),
    ("不予公开、无法提供共5件。", []),
    ("予以公开、部分公开各2件。", []),
    ("予以公开和不予公开均为2件。", [("denied", 2, True)]),
    ("不予公开和无法提供分别为3件和2件。", []),
    ("涉及国家秘密不予公开3件。", [("denied", 3, False)]),
    ("收到申请人因政府信息公开提起的行政应诉案件1件。", [("litigation", 1, True)]),
    # documents of table 二 (unchanged)
    ("全年印发行政规范性文件3件、废止1件。", [("normative_documents_issued", 3, True)]),
    ("2022年、2023年我局分别制发行政规范性文件3件、1件。", []),  # a count per year
    # outcomes of a part of the applications: last year's, the new ones, one kind of applicant
    ("上年结转的2件申请已全部办结，其中予以公开1件，无法提供1件。", [("carried_over", 2, False)]),
    ("在新收的12件政府信息公开申请中，予以公开5件，无法提供2件。", [("received", 12, True)]),
    ("从申请人类型看，自然人申请12件，予以公开8件，部分公开1件。", []),
    ("共收到政府信息公开申请14件，其中上年结转2件，予以公开6件。",  # the whole: compared
     [("received_with_carried_over", 14, False), ("carried_over", 2, False), ("granted", 6, True)]),
    # parts of those handled are no counts of receipt
    ("全年共办结政府信息公开申请13件，其中上年结转2件，本年新收11件。", [("handled", 13, True)]),
    ("新收政府信息公开申请中有2件为重复申请。", []),
    # proactive disclosure of penalties and decisions is no outcome of applications
    ("我局对作出的行政处罚结果予以公开57件，对重大行政决策予以公开5件。", []),
    # not answered yet, not accepted: no totals
    ("共收到政府信息公开申请12件，上年结转2件，截至年底未答复1件。",
     [("received", 12, True), ("carried_over", 2, True)]),
    ("对不属于政府信息公开申请范围的诉求，我局未予受理1件。", []),
    # a review authority's own caseload (not about its disclosure): none where the sentence
    # says it acts as one, else a mismatch is only a warning
    ("作为县政府行政复议机构，我局全年办结行政复议45起。", []),
    ("全年办结行政复议45起。", [("review", 45, False)]),
    ("组织行政机关负责人出庭应诉26件。", [("litigation", 26, False)]),
    # all cases, then those about disclosure; cases of another kind
    ("全年共发生行政复议案件9件，其中涉及政府信息公开的4件。", []),
    ("另有行政诉讼案件3件（非政府信息公开类）。", []),
    # none in other words
    ("我局全年未收到一件政府信息公开申请。", [("none_received", 0, True)]),
    ("本年度，我局未受理政府信息公开申请。", [("none_received", 0, True)]),
    ("本年度未收到群众提出的政府信息公开申请。", [("none_received", 0, True)]),
    ("本年度无依申请公开事项。", [("none_received", 0, True)]),
    ("全年政府信息公开申请数量为0。", [("none_received", 0, True)]),
    ("本年度没有申请人提出政府信息公开申请。", [("none_received", 0, True)]),
    ("已全部办结，无结转下年度的申请。", [("carried_forward", 0, True)]),
    ("本年度行政复议案件为0。", [("no_review", 0, True)]),
    ("行政复议和行政诉讼数量为零。", [("no_review_litigation", 0, True)]),
    ("全年行政复议、行政诉讼“零发生”。", [("no_review_litigation", 0, True)]),
    ("未发生信息公开复议、诉讼案件。", [("no_review_litigation", 0, True)]),
    ("本年度不存在行政复议和行政诉讼情况。", [("no_review_litigation", 0, True)]),
    # the applicants' own choice, after a clause saying which: no absence of cases
    ("全年被申请行政复议1件，经复议维持。对另外1件不予公开的答复，申请人未申请行政复议。",
     [("review", 1, True)]),
    ("本年度申请人未申请行政复议。", [("no_review", 0, True)]),
    # a month's average, a range per month
    ("我局月均受理政府信息公开申请2件。", []),
    ("每月收到政府信息公开申请1至3件不等。", []),
    # two, three … 起 are counts (only 一起 may mean "together")
    ("全年因政府信息公开被申请行政复议两起。", [("review", 2, True)]),
    # replies to applications are the handled ones, 告知性答复 one kind of them
    ("全年作出政府信息公开答复13件。", []),  # (of applications? it does not say)
    ("全年依申请公开答复20件。", [("handled", 20, True)]),
    ("作出告知性答复5件。", []),
    # 共办理: handled, or all there were to handle (新收 + 上年结转)
    ("全年共办理政府信息公开申请18件。", [("handled", 18, False)]),
    ("政府信息公开申请结转下年度继续办理1件。", [("carried_forward", 1, True)]),
    # the body itself (本部门, 依申请公开系统) and 合计 narrow nothing
    ("本部门全年共收到政府信息公开申请15件。", [("received", 15, True)]),
    ("我局全年合计收到政府信息公开申请15件。", [("received", 15, True)]),
    ("通过依申请公开系统共收到政府信息公开申请15件。", [("received", 15, True)]),
    ("收到学生资助申请1260件。", []),
    # last year's numbers, in a bracket after 较上年 or clause after clause
    ("本年度收到的申请较上年（新收政府信息公开申请80件）有所增加。", []),
    ("上年度共收到政府信息公开申请80件，办结78件。", []),
    ("上年收到政府信息公开申请18件，本年收到25件，办结24件。", [("received", 25, True), ("handled", 24, True)]),
]


@pytest.mark.parametrize(("sentence", "want"), SENTENCES, ids=[s for s, _ in SENTENCES])
def test_sentence_is_read(sentence: str, want: list) -> None:
    text = prose.normalize(sentence)[0]
    got = [(st.kind, st.value, not st.ambiguous) for st in prose.statements((text, [None] * len(text)))]
    assert Counter(got) == Counter(want), got


def test_readings_of_a_loose_count() -> None:
    """"收到11件，其中上年结转3件" counts 一+二, or perhaps 一 only: both readings kept."""
    text = prose.normalize("收到政府信息公开申请11件，其中上年结转3件。")[0]
    (st, _) = prose.statements((text, [None] * len(text)))
    assert st.kind == "received_with_carried_over" and st.readings == ("received",)


def test_fix_evidence_only_when_the_text_tells_fixes_apart(tmp_path: Path) -> None:
    """The JSON field is additive: absent from a finding whose fixes the text says nothing
    about."""
    case = {"set": {"review_litigation/review/upheld": 1, "review_litigation/review/total": 2},
            "replace": [["本年度我单位依法推进政务公开，各项工作平稳有序。", "本年度发生行政复议1件。"]]}
    doc = run_case(case, tmp_path)
    (f,) = [f for f in doc.findings if f.category == "arithmetic"]
    data = f.to_dict()
    assert data["fix_evidence"]["fixes"] == 1 and data["fix_evidence"]["location"]["line"]
    assert data["fixes"][0] == [{"table": "review_litigation", "row": "review", "column": "total",
                                 "actual": 2, "suggested": 1}]
    case["replace"] = [["本年度我单位依法推进政务公开，各项工作平稳有序。", "本年度工作平稳。"]]
    doc = run_case(case, tmp_path)
    (f,) = [f for f in doc.findings if f.category == "arithmetic"]
    assert "fix_evidence" not in f.to_dict()
