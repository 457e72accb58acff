"""A pool of worker processes (forked from a warm fork server) shared by every request."""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from validator.web import worker


class WorkerFailed(Exception):
    """A worker process died (out of memory, killed); the pool was restarted."""


class Pool:
    """``await pool.run(fn, *args)`` runs ``fn`` in a worker process without blocking the server."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._executor: ProcessPoolExecutor | None = None

    def start(self) -> None:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(worker.PRELOAD)
        self._executor = ProcessPoolExecutor(self.workers, mp_context=ctx, max_tasks_per_child=200)
        for _ in range(self.workers):
            self._executor.submit(worker.warm)

    async def run(self, fn, *args):
        if self._executor is None:
            self.start()
        assert self._executor is not None
        try:
            return await asyncio.wrap_future(self._executor.submit(fn, *args))
        except BrokenProcessPool:
            self.stop()
            self.start()
            raise WorkerFailed from None

    def stop(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
