"""Benchmarks (not tests): writes BENCHMARKS.md with the machine, commands and medians.

    python benchmarks/bench.py                 # full run (10,000-report batch)
    python benchmarks/bench.py --batch 1000 --real 2000 --per-kind 200 --pdfs 50   # quicker
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_SCRIPT = Path(sys.executable).parent / "gkcheck"
GK = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "validator"]
HISTORY = "## History"  # the hand-written section of BENCHMARKS.md (before/after measurements)
KEPT = ("## Scanned reports (OCR)", HISTORY)  # sections written elsewhere (ocr_bench.py) or by hand


def byte_compile() -> None:
    """Measure what ``pip install`` leaves: modules byte-compiled (an editable install under
    PYTHONDONTWRITEBYTECODE would recompile every module on every run)."""
    import compileall

    import validator

    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    compileall.compile_dir(str(Path(validator.__file__).parent), quiet=1)


def timed(cmd: list[str], repeat: int) -> float:
    """Median wall time of ``cmd`` over ``repeat`` runs (one warm-up run first)."""
    return timed_pair(cmd, None, repeat)[0]


def timed_pair(cmd: list[str], ref: list[str] | None, repeat: int) -> tuple[float, float]:
    """Medians of ``cmd`` and ``ref`` run alternately (drift on a shared machine hits both)."""
    runs: dict[int, list[float]] = {0: [], 1: []}
    for i in range(repeat + 1):
        for k, c in enumerate((cmd, ref)):
            if c is None:
                continue
            start = time.perf_counter()
            subprocess.run(c, capture_output=True, check=False)
            if i:
                runs[k].append(time.perf_counter() - start)
    return statistics.median(runs[0]), statistics.median(runs[1]) if runs[1] else 0.0


def in_process(fn, repeat: int) -> float:
    """Median seconds of ``fn()`` after one warm-up call."""
    fn()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (via /proc/PID/task/*/children)."""
    out, frontier = [pid], [pid]
    while frontier:
        kids = []
        for p in frontier:
            try:
                for task in os.listdir(f"/proc/{p}/task"):
                    with open(f"/proc/{p}/task/{task}/children") as fh:
                        kids += [int(k) for k in fh.read().split()]
            except OSError:
                continue
        out += kids
        frontier = kids
    return out


def _tree_rss(pid: int) -> int:
    """Proportional resident memory (PSS, kB) of ``pid`` and all its descendants, from /proc
    (PSS splits pages shared after fork among the processes, so the sum is not inflated)."""
    total = 0
    for p in _tree(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                total += next((int(line.split()[1]) for line in fh if line.startswith("Pss:")), 0)
        except OSError:
            continue
    return total


def run_with_memory(cmd: list[str]) -> tuple[float, int]:
    """(wall seconds, peak total RSS in MB of the process tree)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0

    def sample() -> None:
        nonlocal peak
        while proc.poll() is None:
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.5)

    thread = threading.Thread(target=sample)
    thread.start()
    proc.wait()
    thread.join()
    return time.perf_counter() - start, peak // 1024


def make_batch(folder: Path, n: int) -> None:
    """``n`` synthetic reports, half text and half HTML, both layouts."""
    from validator.testing import synth

    rng = random.Random(7)
    for i in range(n):
        s = synth.consistent(rng, rng.choice(["2021", "2019"]))
        if i % 2:
            (folder / f"r{i:05d}.html").write_text(synth.render_html(s), encoding="utf-8")
        else:
            (folder / f"r{i:05d}.txt").write_text(synth.render(s, "plain", rng), encoding="utf-8")


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
    from validator import readers

    pdf = ROOT.parent / "shared" / "corpus" / "reports" / "hongze_2024.pdf"
    if not pdf.exists():
        pdf = ROOT / "tests" / "fixtures" / "formats" / "report.pdf"
    lines = [f"PDF `{pdf.name}`:", "", "| reader | median |", "|---|---|"]
    ours = in_process(lambda: readers.read(pdf), repeat)
    lines.append(f"| gkcheck PDF reader (pypdfium2 text + character boxes), in process | {ours * 1000:.1f} ms |")
    full = timed([*GK, "check", str(pdf)], repeat)
    lines.append(f"| `gkcheck check {pdf.name}` (whole process, all rules) | {full * 1000:.0f} ms |")
    try:
        import pdfplumber

        def plumber() -> None:
            with pdfplumber.open(pdf) as doc:
                for page in doc.pages:
                    page.extract_text()

        lines.append(f"| pdfplumber `extract_text` (not used), in process | "
                     f"{in_process(plumber, repeat) * 1000:.1f} ms |")
    except ImportError:
        pass
    if shutil.which("pdftotext"):
        t = timed(["pdftotext", "-layout", str(pdf), os.devnull], repeat)
        lines.append(f"| `pdftotext -layout` (poppler, whole process) | {t * 1000:.1f} ms |")
    return lines


def dask_table(folder: Path) -> list[str]:
    try:
        from distributed import LocalCluster
    except ImportError:
        return ["Dask: not installed (`pip install gkcheck[dask]`)."]
    from validator.run import document, pipeline

    files = document.discover([str(folder)])
    times = {}
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster:
            pipeline.run(files[:64], engine="dask", scheduler=cluster.scheduler_address)  # warm
            start = time.perf_counter()
            pipeline.run(files, engine="dask", scheduler=cluster.scheduler_address)
            times[workers] = time.perf_counter() - start
    return [f"Dask (`--engine dask`, LocalCluster, 1 thread per worker) on {len(files)} reports: "
            f"1 worker {times[1]:.1f} s, 2 workers {times[2]:.1f} s — speed-up "
            f"{times[1] / times[2]:.2f}× (target ≥ 1.7×)."]


def batch_rate(folder: Path, tmp: Path, memory: bool = False) -> tuple[float, int, int]:
    """(wall seconds, documents, peak MB or 0) of the batch command on ``folder``."""
    n = sum(1 for _ in folder.iterdir())
    cmd = [*GK, "check", "--jobs", "2", "--format", "json", "-o", os.devnull, "--dataset",
           str(tmp / f"{folder.name}.parquet"), str(folder)]
    start = time.perf_counter()  # timed alone: the memory sampler costs CPU too
    subprocess.run(cmd, capture_output=True, check=False)
    wall = time.perf_counter() - start
    return wall, n, run_with_memory(cmd)[1] if memory else 0


def real_shaped(tmp: Path, n: int, per_kind: int, pdfs: int) -> list[str]:
    """Documents shaped like published ones (benchmarks/shapes.py): the mixed batch of the
    target (half whole CMS pages, half glued text), a batch of each kind, one whole page."""
    import shapes

    mixed = tmp / "mixed"
    shapes.write(mixed, {"cms": n // 2, "glued": n - n // 2}, seed=1)
    wall, count, peak = batch_rate(mixed, tmp, memory=True)
    lines = [
        "## Documents shaped like published ones", "",
        "`benchmarks/shapes.py` writes each report as real publishers do: a whole CMS page of "
        "100–200 KB (navigation, scripts, sidebars, footers; three site skeletons) around "
        "Word-exported table markup, Word's own web page, archived glued-digit text, DOCX, and "
        "LibreOffice's PDF of the DOCX. Command: `gkcheck check --jobs 2 --format json -o "
        "/dev/null --dataset cells.parquet DIR`.", "",
        f"Mixed batch, {count} documents (half CMS pages, half glued text): **{wall:.1f} s, "
        f"{count / wall:.0f} reports/s** (target ≥ 300/s), peak memory of the process tree "
        f"**{peak} MB** (target ≤ 1 GB).", "",
        "Each kind is also run on the first half of its documents: the documents the whole batch "
        "checks beyond the half, per second of its extra time, is the rate once the processes "
        "have started (a batch of a few hundred spends a second or two starting them).", "",
        "| kind | documents | wall | reports/s | half of them | after start-up | target |",
        "|---|---|---|---|---|---|---|"]
    for kind in shapes.KINDS:
        folder = tmp / kind
        k = pdfs if kind in ("pdf", "docx") else per_kind
        if kind == "pdf" and not shutil.which("soffice"):
            lines.append("| pdf | — | — | — | — | — | LibreOffice not installed |")
            continue
        paths = shapes.write(folder, {kind: k}, seed=2)
        wall, count, _ = batch_rate(folder, tmp)
        half = tmp / f"{kind}_half"
        half.mkdir()
        for p in paths[:count // 2]:
            shutil.copy(p, half / p.name)
        wall_half, _, _ = batch_rate(half, tmp)
        steady = (count - count // 2) / (wall - wall_half) if wall > wall_half else float("nan")
        target = "≥ 100/s" if kind in ("docx", "pdf") else ""
        lines.append(f"| {kind} | {count} | {wall:.1f} s | {count / wall:.0f} | {wall_half:.1f} s | "
                     f"{steady:.0f}/s | {target} |")
    corpus = sorted((ROOT.parent / "shared" / "corpus" / "reports").glob("pt_*.html"))
    if corpus:
        folder = tmp / "corpus"
        folder.mkdir()
        for i in range(per_kind):  # the real pages, copied under distinct names
            shutil.copy(corpus[i % len(corpus)], folder / f"{i:05d}_{corpus[i % len(corpus)].name}")
        wall, count, _ = batch_rate(folder, tmp)
        lines.append(f"| real pages of ../shared/corpus (copies) | {count} | {wall:.1f} s | "
                     f"{count / wall:.0f} | | | |")
    return lines


def one_page(tmp: Path, repeat: int) -> list[str]:
    """``gkcheck check`` on one whole CMS page against the import floor."""
    import shapes

    page = shapes.write(tmp / "one", {"cms": 1}, seed=3)[0]
    py = sys.executable
    check, imports = timed_pair([*GK, "check", str(page)], [py, "-c", "import pandas, pandera.pandas"], repeat)
    return [f"| `gkcheck check` one CMS page ({page.stat().st_size // 1024} KB) | {check * 1000:.0f} ms | "
            f"`python -c 'import pandas, pandera.pandas'` | {imports * 1000:.0f} ms | "
            f"{check / imports:.2f}× | ≤ 1.25× |"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=10000)
    ap.add_argument("--dask-batch", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--real", type=int, default=10000, help="mixed batch of real-shaped documents")
    ap.add_argument("--per-kind", type=int, default=1000, help="documents per kind (CMS, Word, glued)")
    ap.add_argument("--pdfs", type=int, default=400, help="DOCX and PDF documents")
    args = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    py = sys.executable
    sample = str(ROOT / "samples" / "clean_2021.txt")
    byte_compile()
    check, imports = timed_pair([*GK, "check", sample], [py, "-c", "import pandas, pandera.pandas"],
                                args.repeat)
    helpt, bare = timed_pair([*GK, "--help"], [py, "-c", "pass"], args.repeat)
    lines = [
        "# Benchmarks", "",
        f"Written by `python benchmarks/bench.py --batch {args.batch} --repeat {args.repeat}` on "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}. Medians of {args.repeat} runs after one warm-up, each "
        "command alternating with its reference; modules byte-compiled as `pip install` leaves "
        "them. The machine is shared, so figures vary by ±10 % between runs.", "",
        "| command | median | reference | median | ratio | target |", "|---|---|---|---|---|---|",
        f"| `gkcheck check samples/clean_2021.txt` | {check * 1000:.0f} ms | "
        f"`python -c 'import pandas, pandera.pandas'` | {imports * 1000:.0f} ms | "
        f"{check / imports:.2f}× | ≤ 1.25× |",
        f"| `gkcheck --help` | {helpt * 1000:.0f} ms | `python -c pass` | {bare * 1000:.0f} ms | "
        f"{helpt / bare:.2f}× | ≤ 2× |",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        lines += [*one_page(Path(tmp), args.repeat), ""]
        lines += [*real_shaped(Path(tmp), args.real, args.per_kind, args.pdfs), ""]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        make_batch(folder, args.batch)
        dataset = Path(tmp) / "cells.parquet"
        cmd = [*GK, "check", "--jobs", "2", "--format", "json", "-o", os.devnull, "--dataset",
               str(dataset), str(folder)]
        start = time.perf_counter()  # timed alone: the memory sampler costs CPU too
        subprocess.run(cmd, capture_output=True, check=False)
        wall = time.perf_counter() - start
        _, peak = run_with_memory(cmd)
        lines += [
            f"Batch: `gkcheck check --jobs 2 --format json -o /dev/null --dataset cells.parquet DIR` "
            f"on {args.batch} generated reports (half text, half HTML; `validator/testing/synth.py`): "
            f"**{wall:.1f} s, {args.batch / wall:.0f} reports/s** (target ≥ 300/s on 2 cores), "
            f"peak memory of the whole process tree (sum of PSS, sampled every 0.5 s in a second run) "
            f"**{peak} MB** (target ≤ 1 GB).", ""]
        small = Path(tmp) / "small"
        small.mkdir()
        for p in sorted(folder.iterdir())[: args.dask_batch]:
            shutil.copy(p, small / p.name)
        lines += [*dask_table(small), ""]
    lines += ["## Reading time per format", "",
              "The same report (tests/fixtures/formats, made by tests/fixtures/make_fixtures.py) in "
              "every format, in-process medians:", "", *formats_table(args.repeat), "",
              *pdf_table(args.repeat), "",
              "The PDF reader uses pypdfium2's text layer with character boxes: measured faster "
              "than pdfplumber by an order of magnitude on the same files and as fast as poppler's "
              "`pdftotext`, and, unlike pdfplumber's `extract_tables`, it needs no ruling lines and "
              "does not split tables at page breaks.", ""]
    target = ROOT / "BENCHMARKS.md"
    old = target.read_text(encoding="utf-8") if target.exists() else ""
    marks = [old.index(m) for m in KEPT if m in old]
    history = old[min(marks):] if marks else ""  # written elsewhere or by hand: kept
    target.write_text("\n".join(lines) + ("\n" + history if history else ""), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
