"""Many documents: chunks checked in parallel (processes, or a Dask cluster), then the
cross-year rules over the whole batch. Results are the same whatever the engine or chunking.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence

from validator.results import DocumentResult

CHUNK = 64
Progress = Callable[[int], None]


def chunks(paths: Sequence[str], size: int = CHUNK) -> list[list[str]]:
    return [list(paths[i:i + size]) for i in range(0, len(paths), size)]


def check_chunk(paths: list[str], rule_names: list[str] | None, debug: bool = False) -> list[DocumentResult]:
    """Read, match and check one chunk (runs in a worker: a process or a Dask task)."""
    from validator import pipeline, rulebook

    rules = None if rule_names is None else [rulebook.rule(n) for n in rule_names]
    docs = [pipeline.load(p, debug) for p in paths]
    pipeline.evaluate(docs, rules, pair=False)
    return docs


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_local(parts: list[list[str]], rule_names, jobs: int, debug: bool,
              progress: Progress | None) -> Iterator[tuple[int, list[DocumentResult]]]:
    """(chunk index, results) as chunks finish, in worker processes when ``jobs`` > 1."""
    if jobs <= 1 or len(parts) <= 1:
        for i, part in enumerate(parts):
            docs = check_chunk(part, rule_names, debug)
            if progress:
                progress(len(docs))
            yield i, docs
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(check_chunk, part, rule_names, debug): i for i, part in enumerate(parts)}
        try:
            for fut in as_completed(futures):
                docs = fut.result()
                if progress:
                    progress(len(docs))
                yield futures[fut], docs
        except BaseException:
            for fut in futures:
                fut.cancel()
            raise


def run_dask(parts: list[list[str]], rule_names, scheduler: str | None, debug: bool,
             progress: Progress | None) -> Iterator[tuple[int, list[DocumentResult]]]:
    """The same chunks as tasks on a Dask distributed cluster (``scheduler`` address, or a
    local cluster when None)."""
    from dask.distributed import Client
    from dask.distributed import as_completed as dask_completed

    client = Client(scheduler) if scheduler else Client(processes=True, dashboard_address=None)
    try:
        futures = client.map(check_chunk, parts, rule_names=rule_names, debug=debug, pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        for fut in dask_completed(futures):
            docs = fut.result()
            if progress:
                progress(len(docs))
            yield index[fut.key], docs
    finally:
        client.close()
