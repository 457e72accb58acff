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
    (ROOT / "BENCHMARKS.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
