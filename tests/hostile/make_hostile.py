"""Generate hostile and broken inputs into a folder (used by tests/test_hostile.py).

    python tests/hostile/make_hostile.py OUT_DIR

Each entry: file name, the reason gkcheck must give (a fragment of its one-line message).
"""

from __future__ import annotations

import io
import os
import random
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCX = ROOT / "tests" / "fixtures" / "formats" / "report.docx"

XXE = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
       b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
       b"<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>")
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10))
          + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>")


def _docx_with(document_xml: bytes, compress: bool = True) -> bytes:
    buf = io.BytesIO()
    mode = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(buf, "w", mode) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", document_xml)
    return buf.getvalue()


def _bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf, \
            zf.open("word/document.xml", "w") as fh:
        block = b"\0" * (1 << 20)
        for _ in range(64):  # 64 MiB of zeros, ~64 KiB compressed
            fh.write(block)
    return buf.getvalue()


def _pages(n: int) -> bytes:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(n):
        pdf.new_page(200, 200)
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def _png_header(width: int, height: int) -> bytes:
    """A PNG that states its size and holds no pixels (a decompression bomb's first bytes)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)) \
        + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def cases() -> list[tuple[str, object, str]]:
    rng = random.Random(1)
    docx = DOCX.read_bytes()
    return [
        ("empty.txt", b"", "empty file"),
        ("blank_lines.txt", b"\n\n   \n", "empty file"),
        ("random_bytes.txt", bytes(rng.randrange(256) for _ in range(20000)), "binary data"),
        ("random_text.txt", bytes(rng.randrange(128, 256) for _ in range(20000)), "cannot decode"),
        ("image_as.docx", b"\x89PNG\r\n\x1a\n" + os.urandom(2000), "image cannot be decoded"),  # content wins
        ("huge_pixels.png", _png_header(60000, 60000), "too many pixels"),
        ("truncated.png", _png_header(800, 600), "image cannot be decoded"),
        ("not_a_zip.docx", b"this is not a word file", "not a valid zip"),
        ("truncated.docx", docx[: len(docx) // 2], "not a valid zip"),
        ("zip_bomb.docx", _bomb(), "zip bomb"),
        ("xxe.docx", _docx_with(XXE), "DTD or entity"),
        ("billion_laughs.docx", _docx_with(LAUGHS), "DTD or entity"),
        ("no_body.docx", _docx_with(b"<w:document xmlns:w='x'/>"), "no body"),
        ("malformed_xml.docx", _docx_with(b"<w:document><w:body>"), "malformed XML"),
        ("malformed.pdf", b"%PDF-1.7\n" + os.urandom(3000), "not a readable PDF"),
        ("thousand_pages.pdf", _pages(1000), "1000 pages"),
        ("blank_pages.pdf", _pages(3), "no text layer"),
        ("huge.html", None, "file too large"),  # written in place (100 MB)
        ("deep.html", b"<html><body>" + b"<div>" * 200000 + "正文".encode() + b"</div>" * 200000
         + b"</body></html>", "no table"),
        ("broken.xlsx", b"PK\x03\x04" + os.urandom(500), "not a valid zip"),
        ("wrong_type.csv", b"a,b\n1,2\n", "no table"),
        ("unknown.odt", b"whatever", "unsupported file type"),
        ("a_directory.txt", "DIR", "no supported files"),
    ]


def write(out: Path) -> list[tuple[Path, str]]:
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for name, content, reason in cases():
        path = out / name
        if content == "DIR":
            path.mkdir(exist_ok=True)
        elif content is None:
            with path.open("wb") as fh:
                fh.write(b"<html><body>" + b"<p>x</p>" * (100 * 1024 * 1024 // 8))
        else:
            path.write_bytes(content)
        made.append((path, reason))
    return made


if __name__ == "__main__":
    for path, reason in write(Path(sys.argv[1])):
        print(f"{path}\t{reason}")
