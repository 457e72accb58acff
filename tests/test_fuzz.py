"""Property-based fuzzing: mutated reports in every format never raise and never fail as an
internal error; every run ends in a result or a clear reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from validator.run import document

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = [*sorted((ROOT / "tests" / "fixtures" / "formats").iterdir()),
         ROOT / "samples" / "faulty_2019_blank_totals.txt", ROOT / "samples" / "placeholders_2021.txt",
         *sorted((SHARED / "corpus" / "reports").glob("*"))]
SEEDS = [p for p in SEEDS if p.is_file()]


@st.composite
def mutated(draw) -> tuple[Path, bytes]:
    seed = draw(st.sampled_from(SEEDS))
    data = bytearray(seed.read_bytes())
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "truncate", "repeat"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[at:at + draw(st.integers(1, 400))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "truncate":
            del data[at:]
        else:
            data[at:at] = data[at:at + draw(st.integers(1, 200))]
    return seed, bytes(data)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                    HealthCheck.too_slow])
@given(case=mutated())
def test_mutated_inputs_end_in_a_result_or_a_clear_error(case, tmp_path_factory) -> None:
    seed, data = case
    path = tmp_path_factory.mktemp("fuzz") / f"mutant{seed.suffix}"
    path.write_bytes(data)
    doc = document.load(str(path))
    assert doc.error is None or doc.error.key != "run.internal_error", doc.reason("en")
    if doc.report is not None:
        document.evaluate([doc])  # the rules must cope with whatever was read
        assert all(f.rule and f.severity in ("error", "warning", "info") for f in doc.findings)


REGRESSIONS = sorted((Path(__file__).resolve().parent / "fuzz_regressions").iterdir())


def test_fuzz_regressions() -> None:
    """Mutants that once escaped as internal errors (found by scripts/fuzz.py)."""
    assert REGRESSIONS
    for path in REGRESSIONS:
        doc = document.load(str(path))
        assert doc.error is None or doc.error.key != "run.internal_error", (path, doc.reason("en"))
