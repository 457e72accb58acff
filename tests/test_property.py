"""Property tests: consistent tables never raise arithmetic findings; one changed cell
fires exactly the identities through it; text styles never change what is read."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from validator import rulebook, template
from validator.run import pipeline
from validator.template import APPLICATIONS, REVIEW_LITIGATION
from validator.testing import synth

SETTINGS = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def _run(s: synth.Synthetic, style: str, tmp_path: Path, seed: int):
    path = tmp_path / f"r{seed}.{'md' if style == 'markdown' else 'txt'}"
    path.write_text(synth.render(s, style, random.Random(seed)), encoding="utf-8")
    return pipeline.run([str(path)]).documents[0]


@SETTINGS
@given(seed=st.integers(0, 10**6), layout=st.sampled_from(template.LAYOUTS),
       style=st.sampled_from(synth.STYLES))
def test_consistent_tables_read_exactly_and_pass(seed, layout, style, tmp_path) -> None:
    s = synth.consistent(random.Random(seed), layout)
    doc = _run(s, style, tmp_path, seed)
    assert doc.error is None
    parse_rows = {(f.table, f.row) for f in doc.findings if f.category == "parse"}
    for name, cells in s.tables.items():
        res = doc.report.tables[name]
        for key, truth in cells.items():
            cell = res.cells[key]
            if cell.status == "unreadable":  # only glued digits may be left unread, with a finding
                assert style == "glued" and (name, key[0]) in parse_rows
                continue
            assert cell.arithmetic == truth, (name, key)
    assert not [f for f in doc.findings if f.category in ("arithmetic", "structure")]
    if style != "glued":
        assert not parse_rows


@SETTINGS
@given(seed=st.integers(0, 10**6), layout=st.sampled_from(template.LAYOUTS),
       table=st.sampled_from([APPLICATIONS, REVIEW_LITIGATION]), delta=st.integers(1, 5),
       data=st.data())
def test_one_changed_cell_fires_exactly_its_identities(seed, layout, table, delta, data,
                                                       tmp_path) -> None:
    s = synth.consistent(random.Random(seed), layout)
    key = data.draw(st.sampled_from(template.layout(table, layout).cell_keys()))
    s.tables[table][key] += delta
    doc = _run(s, "plain", tmp_path, seed)
    fired = {(f.rule, f.row, f.column) for f in doc.findings}
    expected = {(i.rule.name, i.row, i.column) for i in rulebook.identities(table, layout)
                if key in i.cells}
    assert fired == expected



@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789", min_size=1, max_size=18), st.integers(min_value=1, max_value=8))
def test_vectorised_cuts_are_the_enumerated_ones(digits: str, n: int) -> None:
    """One run of digits cut into n numbers: the vectorised cuts (and their numbers) are those
    of the one-by-one enumeration, in the same order."""
    from validator.match import split
    from validator.match.tokens import Kind, Token
    from validator.model.document import Location, Span

    tok = Token(Kind.NUMBER, digits, Span(digits, Location("x", line=1)), 0, len(digits), float(digits))
    fast, slow = split._one_run([tok], n), split._enumerated([tok], n)
    assert (fast is None) == (slow is None)
    if fast is not None and slow is not None:
        assert [fast.cut(k) for k in range(len(fast))] == [slow.cut(k) for k in range(len(slow))]
        assert fast.values.tolist() == slow.values.tolist()


def _dense_path(rows: list[list[tuple[int, float]]], m: int) -> tuple[list[tuple[int, int]], float]:
    """The alignment DP over every (row, column), as first written: the reference for
    :func:`validator.match.align.best_path`."""
    n = len(rows)
    dp = [[0.0] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        scores = dict(rows[i - 1])
        for j in range(1, m + 1):
            s = scores.get(j, 0.0)
            best, move = (dp[i - 1][j - 1] + s, 3) if s > 0 else (-1.0, 0)
            if dp[i - 1][j] > best:
                best, move = dp[i - 1][j], 1
            if dp[i][j - 1] > best:
                best, move = dp[i][j - 1], 2
            dp[i][j], back[i][j] = best, move
    path, i, j = [], n, m
    while i > 0 and j > 0:
        if back[i][j] == 3:
            path.append((i, j))
            i, j = i - 1, j - 1
        elif back[i][j] == 1:
            i -= 1
        else:
            j -= 1
    return path, dp[n][m]


@settings(max_examples=500, deadline=None)
@given(st.integers(min_value=1, max_value=12).flatmap(lambda m: st.tuples(st.just(m), st.lists(
    st.dictionaries(st.integers(1, m), st.sampled_from([75.0, 78.5, 90.0, 93.0, 100.0, 103.0, 115.0]), max_size=4)
    .map(lambda d: sorted(d.items())), max_size=14))))
def test_sparse_alignment_is_the_dense_one(case) -> None:
    """The alignment of runs with rows (a few scored columns per row, many equal scores): the
    same matches and total as the DP over every cell."""
    from validator.match.align import best_path

    m, rows = case
    assert best_path(rows, m) == _dense_path(rows, m)


def _label_texts():
    """Texts that close with template labels, pieces of them, or none: a label whole, cut,
    with a numeral, a character changed, after prose or page furniture."""
    from validator.match.tokens import norm_label

    labels = sorted({norm_label(w) for w in template.table_words()})
    piece = st.sampled_from(labels).flatmap(
        lambda w: st.tuples(st.integers(0, len(w)), st.integers(0, len(w))).map(lambda ab: w[min(ab):max(ab)]))
    noise = st.text(alphabet="政府信息公开申请本年度结果总计的和其他我局网站首页。，1一（）、", max_size=12)
    return st.lists(st.one_of(piece, noise, st.sampled_from(labels)), max_size=4).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=_label_texts(), bare=st.booleans(),
       key=st.sampled_from([(t, v) for t in (template.APPLICATIONS, template.ACTIVE_DISCLOSURE)
                            for v in template.LAYOUTS]))
def test_label_hits_said_at_once_are_those_scored_one_by_one(text: str, bare: bool, key) -> None:
    """The quick test that no label of a table can close a text never drops a row a text
    closes with: the hits are those of scoring every row's labels one by one, and the cheap
    condition on characters (from the text's profile) is the one on the sets themselves."""
    from validator.match import align, tables

    table, version = key
    groups = template.APPLICATION_GROUPS[version] if table == template.APPLICATIONS else ()
    targets = tables._targets(table, version, groups)
    slow = tuple((j, s) for j, t in enumerate(targets) if (s := align.label_score(t, text, bare)))
    assert align.label_hits(targets, text, bare) == slow
    for name in align._labels_of(targets)[0][1]:
        item = align._KNOWN[name]
        _, size, chars, _, _ = item
        seen = set(text[-(size + 4):])
        assert align._may_close(text, item) == (len(chars & seen) * 2 >= min(len(chars), len(seen)))
        assert (name in align._closable(text)) == align._may_close(text, item)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="政府信息公开工作年度报告本机关收到申请1 2,。abc\u9fff\u4e00\U00020000", max_size=300))
def test_sketch_hashes_each_shingle_of_chinese_characters(text: str) -> None:
    """A section's sketch: the smallest CRC-32 hashes of its 4-character shingles of Chinese
    characters (U+4E00–U+9FFF), each hashed as its own UTF-8 bytes."""
    import re
    import zlib
    from array import array

    from validator.match.sketch import SHINGLE, K, sketch

    chars = re.sub(r"[^\u4e00-\u9fff]", "", text)
    hashes = {zlib.crc32(chars[i:i + SHINGLE].encode()) for i in range(len(chars) - SHINGLE + 1)}
    assert sketch(text) == (len(chars), array("I", sorted(hashes)[:K]).tobytes())


_HEADING_PIECES = ["一、", "二、", "三、", "四、", "五、", "六、", "(三)", "第四部分", "4.", "3、", "1", "、",
                   "总体情况", "主动公开政府信息情况", "收到和处理", "政府信息公开", "行政复议", "行政诉讼",
                   "存在的主要问题", "及改进情况", "其他需要报告的事项", "情况", "本年度", "我局"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_HEADING_PIECES), max_size=5).map("".join), max_size=8))
def test_headings_found_in_all_texts_at_once_are_those_of_each(texts: list[str]) -> None:
    """Section headings looked for in every run text at once (joined a line each) are those
    found run by run: a match over a line break (四、 ending one run, 行政复议 opening the next)
    is no heading."""
    from validator.match import runs

    slow = {num for num, pattern in runs._SECTION_ANY if any(pattern.search(t) for t in texts)}
    assert runs.find_sections_anywhere([runs.Run(t) for t in texts]) == slow
