"""Bottom-k sketches of text, for "is this year's section a copy of last year's?".

A sketch keeps the ``K`` smallest CRC-32 hashes of a text's 4-character shingles (Chinese
characters only, so updated numbers do not hide a copy). Two sketches estimate the Jaccard
similarity of the shingle sets; a sketch is a few hundred bytes, so a batch can keep one per
section of every report until the cross-year rules run.
"""

from __future__ import annotations

import re
import zlib
from array import array

K = 64
SHINGLE = 4
_KEEP = re.compile(r"[^\u4e00-\u9fff]")


def sketch(text: str) -> tuple[int, bytes]:
    """(length of the text that counts, its bottom-k hashes packed as 32-bit integers)."""
    chars = _KEEP.sub("", text)
    data = chars.encode()  # three bytes a character (all are in U+4E00–U+9FFF): a shingle's own bytes are a slice
    width = 3 * SHINGLE
    crc32 = zlib.crc32
    hashes = {crc32(data[i:i + width]) for i in range(0, len(data) - width + 1, 3)}
    return len(chars), array("I", sorted(hashes)[:K]).tobytes()


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two sketches (0–1)."""
    if not a or not b:
        return 0.0
    sa, sb = set(array("I", a)), set(array("I", b))
    union = sorted(sa | sb)[:K]
    return sum(h in sa and h in sb for h in union) / len(union)
