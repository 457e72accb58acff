"""A longer fuzzing campaign than the test suite's (not run in CI).

    python scripts/fuzz.py --iterations 20000 [--seed 1]

Mutates every seed report (tests/fixtures/formats, samples, ../shared/corpus) at random —
byte flips, cuts, insertions, truncation, repeats — and runs read → match → rules on each
mutant in-process. Counts how each run ended; any exception that escapes, and any "internal
error", is a failure: the mutant is kept in fuzz-failures/ for a regression test.
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def seeds() -> list[Path]:
    found = sorted((ROOT / "tests" / "fixtures" / "formats").iterdir())
    found += sorted((ROOT / "samples").glob("*.txt"))
    found += sorted((ROOT.parent / "shared" / "corpus" / "reports").glob("*"))
    return [p for p in found if p.is_file()]


def mutate(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(max(1, len(out)))
        kind = rng.choice(["flip", "cut", "insert", "truncate", "repeat"])
        if kind == "flip" and out:
            out[at] = rng.randrange(256)
        elif kind == "cut":
            del out[at:at + rng.randint(1, 500)]
        elif kind == "insert":
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
        elif kind == "truncate" and rng.random() < 0.3:
            del out[at:]
        else:
            out[at:at] = out[at:at + rng.randint(1, 300)]
    return bytes(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--iterations", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    from validator.run import document

    rng = random.Random(args.seed)
    pool = seeds()
    outcomes: collections.Counter[str] = collections.Counter()
    failures = ROOT / "fuzz-failures"
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.iterations):
            seed = rng.choice(pool)
            path = Path(tmp) / f"m{i % 50}{seed.suffix}"
            path.write_bytes(mutate(seed.read_bytes(), rng))
            try:
                doc = document.load(str(path))
                if doc.report is not None:
                    document.evaluate([doc])
                    outcomes["read and checked"] += 1
                elif doc.error.key == "run.internal_error":
                    raise RuntimeError(doc.reason("en"))
                else:
                    outcomes["refused: " + doc.error.key] += 1
            except Exception:  # a failure: keep the mutant
                outcomes["FAILURE"] += 1
                failures.mkdir(exist_ok=True)
                keep = failures / f"{i:06d}{seed.suffix}"
                keep.write_bytes(path.read_bytes())
                (keep.with_suffix(".txt.trace")).write_text(traceback.format_exc(), encoding="utf-8")
    took = time.perf_counter() - start
    print(f"{args.iterations} mutants of {len(pool)} seeds in {took:.0f} s")
    for outcome, n in outcomes.most_common():
        print(f"{n:7d}  {outcome}")


if __name__ == "__main__":
    main()
