"""Benchmarks (not tests): writes BENCHMARKS.md with medians and the commands measured.

    python benchmarks/bench.py [--batch 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(cmd: list[str], repeat: int) -> float:
    """Median wall time of ``cmd`` over ``repeat`` runs (one warm-up run first)."""
    subprocess.run(cmd, capture_output=True, check=False)
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def in_process(fn, repeat: int) -> float:
    """Median seconds of ``fn()`` after one warm-up call."""
    fn()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def formats_table(repeat: int) -> list[str]:
    """Reading (and matching) time of the same report in every fixture format."""
    from validator import readers
    from validator.match import match

    lines = ["| file | read | read + match |", "|---|---|---|"]
    folder = ROOT / "tests" / "fixtures" / "formats"
    hongze = ROOT.parent / "shared" / "corpus" / "reports" / "hongze_2024.pdf"
    for path in [*sorted(folder.iterdir()), *([hongze] if hongze.exists() else [])]:
        read = in_process(lambda p=path: readers.read(p), repeat)
        both = in_process(lambda p=path: match(readers.read(p)), repeat)
        lines.append(f"| `{path.name}` | {read * 1000:.1f} ms | {both * 1000:.1f} ms |")
    return lines


def pdf_table(repeat: int) -> list[str]:
    """pypdfium2 (our reader) against pdfplumber and pdftotext on the same PDF."""
    import shutil

    from validator import readers

    pdf = ROOT.parent / "shared" / "corpus" / "reports" / "hongze_2024.pdf"
    if not pdf.exists():
        pdf = ROOT / "tests" / "fixtures" / "formats" / "report.pdf"
    lines = [f"PDF `{pdf.name}`:", "", "| reader | median |", "|---|---|"]
    ours = in_process(lambda: readers.read(pdf), repeat)
    lines.append(f"| gkcheck PDF reader (pypdfium2 text + character boxes) | {ours * 1000:.1f} ms |")
    try:
        import pdfplumber

        def plumber() -> None:
            with pdfplumber.open(pdf) as doc:
                for page in doc.pages:
                    page.extract_text()

        lines.append(f"| pdfplumber `extract_text` (not used) | {in_process(plumber, repeat) * 1000:.1f} ms |")
    except ImportError:
        pass
    if shutil.which("pdftotext"):
        t = timed(["pdftotext", "-layout", str(pdf), os.devnull], repeat)
        lines.append(f"| `pdftotext -layout` (poppler, whole process) | {t * 1000:.1f} ms |")
    return lines


def make_batch(folder: Path, n: int) -> None:
    from validator import synth

    rng = random.Random(7)
    for i in range(n):
        s = synth.consistent(rng, rng.choice(["2021", "2019"]))
        (folder / f"r{i:05d}.txt").write_text(synth.render(s, "plain", rng), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    py, gk = sys.executable, [sys.executable, "-m", "validator"]
    sample = str(ROOT / "samples" / "clean_2021.txt")
    rows = []
    check = timed([*gk, "check", sample], args.repeat)
    imports = timed([py, "-c", "import pandas, pandera.pandas"], args.repeat)
    rows.append(("`gkcheck check samples/clean_2021.txt`", check,
                 "`python -c 'import pandas, pandera.pandas'`", imports))
    helpt = timed([*gk, "--help"], args.repeat)
    bare = timed([py, "-c", "pass"], args.repeat)
    rows.append(("`gkcheck --help`", helpt, "`python -c pass`", bare))
    with tempfile.TemporaryDirectory() as tmp:
        make_batch(Path(tmp), args.batch)
        start = time.perf_counter()
        subprocess.run([*gk, "check", "--format", "json", "-o", os.devnull, tmp],
                       capture_output=True, check=False)
        batch = time.perf_counter() - start
    lines = [
        "# Benchmarks", "",
        f"Written by `python benchmarks/bench.py --batch {args.batch} --repeat {args.repeat}` "
        f"on {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}. Medians of {args.repeat} runs after one warm-up.", "",
        "| command | median | reference | median | ratio |", "|---|---|---|---|---|",
    ]
    for cmd, t, ref, r in rows:
        lines.append(f"| {cmd} | {t * 1000:.0f} ms | {ref} | {r * 1000:.0f} ms | {t / r:.2f}× |")
    lines += ["", f"Batch: `gkcheck check --format json -o /dev/null DIR` on {args.batch} synthetic "
              f"text reports (`validator/synth.py`, plain style): {batch:.1f} s, "
              f"{args.batch / batch:.0f} reports/s (single process).", ""]
    lines += ["## Reading time per format", "",
              "The same report (tests/fixtures/formats, made by tests/fixtures/make_fixtures.py) in "
              "every format, in-process medians:", "", *formats_table(args.repeat), "",
              *pdf_table(args.repeat), ""]
    (ROOT / "BENCHMARKS.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
