"""Many documents: chunks checked in parallel (processes, or a Dask cluster), then the
cross-year rules over the whole batch. Results are the same whatever the engine or chunking.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from validator.model.results import DocumentResult
from validator.model.rules import Rule
from validator.readers.limits import Limits

CHUNK = 128  # largest chunk: one pandera validation per table serves this many documents
COMPACT_FROM = 200  # batches larger than this keep reports in compact form
Progress = Callable[[int], None]


def chunk_size(n: int, jobs: int) -> int:
    """Large chunks amortise the per-chunk cost of validation; at least four per worker keep
    the workers evenly busy."""
    return max(8, min(CHUNK, -(-n // (4 * max(jobs, 1)))))


def chunks(paths: Sequence[str], size: int = CHUNK) -> list[list[str]]:
    return [list(paths[i:i + size]) for i in range(0, len(paths), size)]


@dataclass
class Options:
    """How a worker checks a chunk."""

    rules: tuple[Rule, ...] | None = None  # None: the built-in rules
    debug: bool = False
    dataset: bool = False  # also build the chunk's rows of the cell dataset
    compact: bool = False  # shrink the reports before sending them back (large batches)
    limits: Limits = field(default_factory=Limits)


def check_chunk(paths: list[str], options: Options) -> tuple[list[DocumentResult], object]:
    """Read, match and check one chunk (in a worker: a process or a Dask task); returns the
    results and, when asked, the chunk's cell dataset as an Arrow table."""
    with _collector_paused():
        return _check_chunk(paths, options)


_CHUNKS_SEEN = [0]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a chunk is checked (the collector would rescan the
    imported libraries' objects again and again: ~10 % of a run); the previous chunk's
    garbage is collected once, when the next one starts."""
    if _CHUNKS_SEEN[0]:
        gc.collect(1)
    _CHUNKS_SEEN[0] += 1
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check_chunk(paths: list[str], options: Options) -> tuple[list[DocumentResult], object]:
    from validator.readers import limits
    from validator.run import document

    limits.configure(options.limits)
    docs = [document.load(p, options.debug) for p in paths]
    document.evaluate(docs, options.rules, pair=False)
    table = None
    if options.dataset:
        from validator.run.dataset import cell_table

        table = cell_table(docs)
    if options.compact:
        for doc in docs:
            if doc.report is not None:
                doc.report.compact()
    return docs, table


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


Chunk = tuple[int, list[DocumentResult], object]


def run_local(parts: list[list[str]], options: Options, jobs: int,
              progress: Progress | None) -> Iterator[Chunk]:
    """(chunk index, results, dataset rows) as chunks finish; processes when ``jobs`` > 1."""
    if jobs <= 1 or len(parts) <= 1:
        for i, part in enumerate(parts):
            docs, table = check_chunk(part, options)
            if progress:
                progress(len(docs))
            yield i, docs, table
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(check_chunk, part, options): i for i, part in enumerate(parts)}
        try:
            for fut in as_completed(futures):
                docs, table = fut.result()
                i = futures.pop(fut)  # the future holds the chunk's results: let them go
                del fut
                if progress:
                    progress(len(docs))
                yield i, docs, table
        except BaseException:
            for fut in futures:
                fut.cancel()
            raise


def run_dask(parts: list[list[str]], options: Options, scheduler: str | None,
             progress: Progress | None) -> Iterator[Chunk]:
    """The same chunks as tasks on a Dask distributed cluster (``scheduler`` address, or a
    local cluster when None)."""
    from dask.distributed import Client
    from dask.distributed import as_completed as dask_completed

    client = Client(scheduler) if scheduler else Client(processes=True, dashboard_address=None)
    try:
        futures = client.map(check_chunk, parts, options=options, pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        pending = dask_completed(futures)
        del futures  # as_completed holds them until each is done
        for fut in pending:
            docs, table = fut.result()
            i = index[fut.key]
            fut.release()  # the cluster may drop the chunk's results
            if progress:
                progress(len(docs))
            yield i, docs, table
    finally:
        client.close()
