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


def word_mht(page: str, pictures: dict[str, bytes] | None = None, charset: str = "gb2312") -> bytes:
    """A page saved as Word's "single file web page" (.mht): a MIME archive, the page in
    quoted-printable ``charset`` at a file:// address, its pictures in base64 beside it."""
    import base64
    import quopri

    boundary = "----=_NextPart_01DB5A3C.6E0F2A40"
    base = "file:///C:/6E0F2A40/report"
    out = [f'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="{boundary}"\r\n\r\n'
           "此文档为“单个文件网页”，也称为“Web 档案”文件。\r\n".encode("gb18030"),
           f"\r\n--{boundary}\r\nContent-Location: {base}.htm\r\nContent-Transfer-Encoding: "
           f'quoted-printable\r\nContent-Type: text/html; charset="{charset}"\r\n\r\n'.encode()
           + quopri.encodestring(page.encode("gb18030" if charset == "gb2312" else charset)).replace(b"\n", b"\r\n")]
    for name, data in (pictures or {}).items():
        body = base64.encodebytes(data).replace(b"\n", b"\r\n")
        out.append(f"\r\n--{boundary}\r\nContent-Location: {base}.files/{name}\r\nContent-Transfer-Encoding: "
                   f"base64\r\nContent-Type: image/png\r\n\r\n".encode() + body)
    out.append(f"\r\n--{boundary}--\r\n".encode())
    return b"".join(out)
