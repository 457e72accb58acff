"""CPU per document of each stage (not a test): read, match, rules (in groups of 50).

    python benchmarks/shapes.py /tmp/mix --cms 300 --glued 300 --seed 5
    python benchmarks/stages.py '/tmp/mix/*.html' [N] [cumtime|tottime: profile]
"""

from __future__ import annotations

import cProfile
import gc
import glob
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from validator import readers
from validator.match import match
from validator.model.results import DocumentResult
from validator.run.document import evaluate


def main(pattern: str, count: int | None, sort: str | None) -> None:
    paths = sorted(glob.glob(pattern))[:count]
    evaluate([DocumentResult(paths[0], match(readers.read(paths[0])))])  # imports, caches
    gc.disable()  # as a batch's worker checks a chunk (validator.run.batch)
    spent = {"read": 0.0, "match": 0.0, "rules": 0.0}
    done = []
    profile = cProfile.Profile() if sort else None
    if profile:
        profile.enable()
    for path in paths:
        a = time.process_time()
        doc = readers.read(path)
        b = time.process_time()
        report = match(doc)
        spent["read"] += b - a
        spent["match"] += time.process_time() - b
        done.append(DocumentResult(path, report))
    for i in range(0, len(done), 50):
        a = time.process_time()
        evaluate(done[i:i + 50])
        spent["rules"] += time.process_time() - a
    if profile:
        profile.disable()
        pstats.Stats(profile).sort_stats(sort).print_stats(int(__import__("os").environ.get("N", 40)))
    print({k: round(v / len(paths) * 1000, 2) for k, v in spent.items()}, "ms of CPU per document,", len(paths))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else None, sys.argv[3] if len(sys.argv) > 3 else None)
