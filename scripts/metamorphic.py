"""The full metamorphic run (issue 10, item 5): every source × every variation × every format.

    python scripts/metamorphic.py --jobs 4 --out metamorphic-failures.md --keep /tmp/metamorphic

Sources, variations and formats are those of ``tests/metamorphic.py`` (the fixtures and
samples; with ``../shared``, the seed report and the corpus). Each variant is written, read by
the pipeline and compared with its original: same cells, same findings (a variation that
changes headings may change the heading-structure findings only). Prints a table of
passes/total per variation × format ("ok" = all pass, "·" = not applicable, "skip" = the
printing tool is missing) and the failures grouped by what differed; ``--out`` gets every
failure's differences, ``--keep`` keeps the failing variants (passing ones are deleted).
Exit code 1 when any variant fails.
"""

from __future__ import annotations

import argparse
import collections
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]  # tests/metamorphic.py, not this script

import metamorphic as mm  # noqa: E402

_SOURCES: dict[str, mm.Source] = {}


def _init(shared: str, cache: str) -> None:
    os.environ["GKCHECK_CACHE_DIR"] = cache
    _SOURCES.update({s.id: s for s in mm.sources(Path(shared))})


def _task(source_id: str, variation: str, fmt: str, work: str) -> mm.Outcome:
    source = _SOURCES[source_id]
    out_dir = Path(work) / variation
    try:
        outcome = mm.check(source, variation, fmt, out_dir)
    except Exception as exc:  # a generator bug: report it, keep going
        return mm.Outcome(source_id, variation, fmt, "fail", [f"harness error: {exc!r}"])
    if outcome.status == "pass" and outcome.path is not None:
        for p in outcome.path.parent.glob(outcome.path.stem + ".*"):
            p.unlink(missing_ok=True)
        outcome.path = None
    return outcome


def table(outcomes: list[mm.Outcome]) -> str:
    """Passes/total per variation × format."""
    fmts = [f for f in mm.FORMATS if any(o.format == f for o in outcomes)]
    cells: dict[tuple[str, str], collections.Counter] = collections.defaultdict(collections.Counter)
    for o in outcomes:
        cells[(o.variation, o.format)][o.status] += 1
        cells[(o.variation, "all")][o.status] += 1
        cells[("all", o.format)][o.status] += 1
        cells[("all", "all")][o.status] += 1

    def show(c: collections.Counter) -> str:
        run = c["pass"] + c["fail"]
        if not run:
            return "skip" if c["skip"] else "·"
        return "ok" if not c["fail"] else f"{c['pass']}/{run}"

    cols = [*fmts, "all"]
    width = {f: max(len(f), 7) for f in cols}
    lines = ["variation".ljust(14) + " ".join(f.rjust(width[f]) for f in cols)]
    for v in [*mm.VARIATIONS, "all"]:
        if not any(o.variation == v for o in outcomes) and v != "all":
            continue
        lines.append(v.ljust(14) + " ".join(show(cells[(v, f)]).rjust(width[f]) for f in cols))
    return "\n".join(lines)


def groups(failures: list[mm.Outcome]) -> list[tuple[str, list[mm.Outcome]]]:
    by: dict[str, list[mm.Outcome]] = collections.defaultdict(list)
    for o in failures:
        by[mm.signature(o.diffs)].append(o)
    return sorted(by.items(), key=lambda kv: -len(kv[1]))


def details(failures: list[mm.Outcome], limit: int = 60) -> str:
    out = ["# Metamorphic failures", ""]
    for sig, items in groups(failures):
        out += [f"## {len(items)} × {sig}", ""]
        for o in items:
            out.append(f"### {o.source} / {o.variation} / {o.format}")
            out.append(f"variant: {o.path or '(deleted; run with --keep DIR)'}")
            out.append(f"allowed to change: {', '.join(sorted(mm.VARIATIONS[o.variation].allowed)) or 'nothing'}")
            out += [f"    {d}" for d in o.diffs[:limit]]
            if len(o.diffs) > limit:
                out.append(f"    … {len(o.diffs) - limit} more")
            out.append("")
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, help="worker processes")
    ap.add_argument("--out", type=Path, help="write every failure's differences here (Markdown)")
    ap.add_argument("--keep", type=Path, help="keep the failing variants in this directory")
    ap.add_argument("--shared", type=Path, default=mm.SHARED, help="the ../shared data (seed, corpus)")
    ap.add_argument("--source", action="append", default=[], help="only sources whose id contains this")
    ap.add_argument("--variation", action="append", default=[], choices=list(mm.VARIATIONS))
    ap.add_argument("--format", action="append", default=[], choices=list(mm.FORMATS))
    args = ap.parse_args()

    srcs = [s for s in mm.sources(args.shared) if not args.source or any(k in s.id for k in args.source)]
    variations = args.variation or list(mm.VARIATIONS)
    tasks = [(s.id, v, f) for s in srcs for v in variations for f in s.formats
             if not args.format or f in args.format]
    tasks.sort(key=lambda t: not t[2].startswith("pdf-"))  # the slow prints first
    work = args.keep or Path(tempfile.mkdtemp(prefix="metamorphic-"))
    work.mkdir(parents=True, exist_ok=True)
    cache = tempfile.mkdtemp(prefix="metamorphic-cache-")
    print(f"{len(srcs)} sources, {len(variations)} variations, {len(tasks)} variants, {args.jobs} jobs",
          file=sys.stderr)
    started = time.monotonic()
    outcomes: list[mm.Outcome] = []
    with ProcessPoolExecutor(max(1, args.jobs), initializer=_init, initargs=(str(args.shared), cache)) as pool:
        futures = [pool.submit(_task, *t, str(work)) for t in tasks]
        for n, fut in enumerate(as_completed(futures), 1):
            outcomes.append(fut.result())
            if n % 50 == 0 or n == len(futures):
                print(f"  {n}/{len(futures)} ({time.monotonic() - started:.0f} s)", file=sys.stderr)
    shutil.rmtree(cache, ignore_errors=True)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    order = {t: i for i, t in enumerate(tasks)}
    outcomes.sort(key=lambda o: order[(o.source, o.variation, o.format)])
    failures = [o for o in outcomes if o.status == "fail"]
    counts = collections.Counter(o.status for o in outcomes)
    print(table(outcomes))
    print(f"\n{counts['pass']} pass, {counts['fail']} fail, {counts['n/a']} not applicable, "
          f"{counts['skip']} skipped (tool missing) in {time.monotonic() - started:.0f} s")
    if failures:
        print("\nfailures by what differed:")
        for sig, items in groups(failures):
            ex = items[0]
            print(f"  {len(items):4} × {sig[:150]}\n         e.g. {ex.source} / {ex.variation} / {ex.format}")
    if args.out:
        args.out.write_text(details(failures), encoding="utf-8")
        print(f"\ndetails: {args.out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
