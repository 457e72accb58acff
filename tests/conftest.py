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


def word_rtf(blocks: list, wrap: bool = False, box: bool = False) -> bytes:
    """Blocks as read from a Word file, written back as RTF the way Word and WPS write it in
    a Chinese locale: text as GBK bytes (``\\'hh``) in a charset-134 font, ``\\trowd``/``\\cellx``
    rows with ``\\clvmgf``/``\\clvmrg`` merges, the row's definition repeated before ``\\row``;
    with ``wrap``, everything inside a one-cell layout table (nested tables at ``\\itap2``,
    ``\\nesttableprops``, ``\\nonesttables``); with ``box``, inside a text box (a shape's
    ``\\shptxt``, its properties in ``\\sp`` groups)."""
    from validator.model.document import Table

    def esc(text: str) -> str:
        out = []
        for ch in text:
            if ch in "\\{}":
                out.append("\\" + ch)
            elif ch == "\n":
                out.append("\\line ")
            elif ord(ch) < 128:
                out.append(ch)
            else:
                out.extend(f"\\'{b:02x}" for b in ch.encode("gbk", "replace"))
        return "".join(out)

    depth = 2 if wrap else 1
    tail = "\\nestcell{\\nonesttables\\par}" if wrap else "\\cell"
    out = ["{\\rtf1\\ansi\\ansicpg936\\deff1{\\fonttbl{\\f0\\fnil\\fcharset134 \\'cb\\'ce\\'cc\\'e5;}"
           "{\\f1\\froman\\fcharset0 Times New Roman;}}\n{\\*\\generator Microsoft Word 11.0.0000;}"]
    for block in blocks:
        if not isinstance(block, Table):
            para = "\\pard\\intbl\\itap1 " if wrap else "\\pard "
            out.append(f"{para}{{\\f0 {esc(block.text)}}}\\par\n")
            continue
        width = max(s.loc.col for row in block.rows for s in row) + 1
        for row in block.rows:
            defs = ["\\trowd\\trgaph108\\trleft0"]
            for i, cell in enumerate(row):
                end = row[i + 1].loc.col if i + 1 < len(row) else width
                merge = "" if cell.merged is None else ("\\clvmrg" if cell.repeated else "\\clvmgf")
                defs.append(f"{merge}\\cellx{(end - 1) * 900}")
            body = "".join(f"\\pard\\intbl\\itap{depth} {{\\f0 {'' if c.repeated else esc(c.text)}}}{tail}"
                           for c in row)
            if wrap:
                out.append(f"{body}{{\\*\\nesttableprops{''.join(defs)}\\nestrow}}{{\\nonesttables\\par}}\n")
            else:
                out.append(f"{''.join(defs)}{body}{{\\pard\\intbl {''.join(defs)}\\row}}\n")
    if wrap:
        out.append("\\pard\\intbl\\itap1 \\cell{\\trowd\\trleft0\\cellx9000\\row}\n")
    if box:
        shape = ("{\\shp{\\*\\shpinst\\shpleft0\\shptop0\\shpright9000\\shpbottom12000{\\sp{\\sn shapeType}"
                 "{\\sv 202}}{\\sp{\\sn fillColor}{\\sv 16777215}}{\\shptxt ")
        out[1:] = ["\\pard ", shape, *out[1:], "}}}\\par\n"]
    out.append("\\pard\\par}")
    return "".join(out).encode("ascii")
