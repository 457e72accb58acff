"""OCR figures: the fixture report printed as a scan at 300, 200 and 100 dpi (turned about a
degree, speckled), read by OCR; pages per second and cells read right, unread, wrong.

    python benchmarks/ocr_bench.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from scans import scan  # noqa: E402

from validator import template  # noqa: E402
from validator.run import pipeline  # noqa: E402

SOURCES = {"ruled tables (report.pdf)": ROOT / "tests" / "fixtures" / "formats" / "report.pdf",
           "2019 layout, ruled (scans/report_2019.pdf)": ROOT / "tests" / "fixtures" / "scans" / "report_2019.pdf",
           "unruled small print (report_plain.pdf)": ROOT / "tests" / "fixtures" / "formats" / "report_plain.pdf",
           "unruled 9 pt serif (scans/report_plain_serif.pdf)":
               ROOT / "tests" / "fixtures" / "scans" / "report_plain_serif.pdf"}
REAL = ROOT.parent / "shared" / "corpus" / "reports" / "hongze_2024.pdf"  # a published report, where present
if REAL.exists():
    SOURCES["a published report (hongze_2024.pdf)"] = REAL


def cells(doc) -> dict:
    return {(n, *k): (c.arithmetic if c.known else None)
            for n in template.TABLES for k, c in doc.report.tables[n].cells.items()}


def main() -> None:
    print("| document | dpi | pages/s | cells right | unread | wrong, named | wrong, not named |")
    print("|---|---|---|---|---|---|---|")
    for name, source in SOURCES.items():
        rows(name, source)


def rows(name: str, source: Path) -> None:
    truth = cells(pipeline.run([str(source)]).documents[0])
    with tempfile.TemporaryDirectory() as tmp:
        for dpi, angle in ((300, 1.0), (200, -1.0), (100, 0.7)):
            path = scan(source, Path(tmp) / f"scan{dpi}.pdf", dpi, angle, 0.03, seed=dpi)
            start = time.perf_counter()
            doc = pipeline.run([str(path)]).documents[0]
            seconds = time.perf_counter() - start
            got = cells(doc)
            named = {(c.table, c.row, c.column) for f in doc.findings if f.category == "parse" for c in f.cells}
            named |= {(f.table, f.row, col) for f in doc.findings if f.category == "parse" and f.table and f.row
                      for col in template.layout(f.table, doc.report.tables[f.table].layout).columns_of(f.row)}
            right = sum(got[k] == v for k, v in truth.items())
            unread = sum(got[k] is None and v is not None for k, v in truth.items())
            wrong = [k for k, v in truth.items() if got[k] is not None and got[k] != v]
            rate = doc.report.meta.ocr["pages"] / seconds
            print(f"| {name} | {dpi} | {rate:.2f} | {right}/{len(truth)} | {unread} | "
                  f"{sum(k in named for k in wrong)} | {sum(k not in named for k in wrong)} |")


if __name__ == "__main__":
    main()
