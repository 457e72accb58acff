"""Shared fixtures: the read-only ``../shared`` data (tests skip cleanly without it)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("GKCHECK_SHARED", ROOT.parent / "shared"))
CASES = Path(__file__).resolve().parent / "cases"


def shared(*parts: str) -> Path:
    """A path under ../shared, or skip the test when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not available")
    return path


@pytest.fixture
def check_file():
    """Run the whole pipeline on one file and return its DocumentResult."""
    from validator import pipeline

    def run(path: Path | str):
        return pipeline.run([str(path)]).documents[0]

    return run
