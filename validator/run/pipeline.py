"""Many inputs: read → match → rules in chunks, then the cross-year rules over the whole batch.
A bad input never stops the others."""

from __future__ import annotations

import gc
from collections.abc import Iterable

from validator.messages import Text
from validator.model.results import DocumentResult, Results
from validator.rulebook.specs import Rule
from validator.run.document import cross_year, discover, load


def run(paths: Iterable[str], rules: Iterable[Rule] | None = None,
        fail_on: str = "error", debug: bool = False, previous: Iterable[str] = (),
        jobs: int = 1, engine: str = "local", scheduler: str | None = None,
        progress=None, dataset: str | None = None, limits=None) -> Results:
    """Check every input; a bad file never stops the others.

    Files are checked in chunks (in ``jobs`` processes, or as tasks on a Dask cluster with
    ``engine="dask"``); then consecutive years of one agency are paired for the cross-year
    rules. ``previous`` adds last year's reports as context only (not reported on).
    ``progress(n)`` is called as documents finish; ``dataset`` writes the Parquet dataset.
    """
    from validator import rulebook
    from validator.readers import limits as reader_limits
    from validator.run import batch

    chosen = tuple(rulebook.load() if rules is None else rules)
    files = discover(paths)
    if len(files) > 1 or engine == "dask":
        gc.enable()  # a long run: collect as usual (the CLI pauses the collector at start)
    limits = limits or reader_limits.LIMITS
    reader_limits.configure(limits)
    options = batch.Options(chosen, debug,
                            dataset=bool(dataset), compact=len(files) > batch.COMPACT_FROM,
                            limits=limits)
    size = batch.chunk_size(len(files), 2 if engine == "dask" else jobs)
    parts = batch.chunks(files, size)
    if engine == "dask":
        runner = batch.run_dask(parts, options, scheduler, progress)
    else:
        runner = batch.run_local(parts, options, jobs, progress)
    docs: list[DocumentResult] = [DocumentResult(p) for p in files]
    writer = None
    if dataset:
        from validator.run.dataset import DatasetWriter

        writer = DatasetWriter(dataset)
    done = [False] * len(parts)
    interrupted = False
    try:
        for i, part, table in runner:
            docs[i * size:i * size + len(part)] = part
            done[i] = True
            if writer:
                writer.add(table)
            gc.freeze()  # results live to the end: keep the collector from rescanning them
    except KeyboardInterrupt:
        interrupted = True  # report what was checked; the dataset is not written
    except BaseException:
        if writer:
            writer.abort()
        raise
    finally:
        gc.unfreeze()
    if interrupted:
        if writer:
            writer.abort()
        for i, chunk in enumerate(parts):
            if not done[i]:
                for k in range(len(chunk)):
                    docs[i * size + k].error = Text.of("run.not_checked")
        results = Results(docs, fail_on, interrupted=True, rules=chosen)
        results.notes.append(Text.of("note.interrupted"))
        return results
    loaded = [load(p, debug) for p in previous]
    docs += [d for d in loaded if d.report is None]  # last year's report unreadable: an input not read
    notes = cross_year(docs, chosen, [d for d in loaded if d.report is not None])
    if writer:
        writer.close(docs)
    results = Results(docs, fail_on, rules=chosen)
    results.notes.extend(notes)
    return results

