"""Parts 五 and 六 found by what their headings say (``match.parts``), as data:
``tests/cases/parts/cases.yaml``."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import CASES

from validator.match.parts import parts
from validator.readers import read

CASES_FILE = CASES / "parts" / "cases.yaml"
ALL = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", ALL, ids=[c["name"] for c in ALL])
def test_parts(case: dict, tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(case["text"], encoding="utf-8")
    found = parts(read(path), case.get("year"))
    for part, want in case["expect"].items():
        if want is None:
            assert part not in found, part
            continue
        got = found[part]
        for field, value in want.items():
            actual = list(got.topics) if field == "topics" else getattr(got, field)
            assert actual == value, f"{part}.{field}: {actual!r} != {value!r}"
