"""Shared fixtures: the read-only ``../shared`` data (tests skip cleanly without it)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("GKCHECK_SHARED", ROOT.parent / "shared"))
CASES = Path(__file__).resolve().parent / "cases"


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """The parsed-rules cache of this test session, not the user's."""
    os.environ["GKCHECK_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(autouse=True)
def _reader_limits():
    """Each test starts with the default reader limits: a run given its own limits (say
    ``--ocr always``) keeps them for the runs after it, as a command line does."""
    from validator.readers import limits

    limits.configure(limits.Limits())
    yield
    limits.configure(limits.Limits())


def shared(*parts: str) -> Path:
    """A path under ../shared, or skip the test when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not available")
    return path


@pytest.fixture
def check_file():
    """Run the whole pipeline on one file and return its DocumentResult."""
    from validator.run import pipeline

    def run(path: Path | str):
        return pipeline.run([str(path)]).documents[0]

    return run
