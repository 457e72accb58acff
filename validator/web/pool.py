"""Worker processes for the requests: each request is checked in a process of its own, forked
from a warm fork server (the modules are imported once), at most ``workers`` at a time.

The per-document timeout is a signal handled between Python instructions; a worker stuck in
C code (a parser, a regular expression) would not notice it. So each request also has a hard
deadline, after which its process is killed: one hostile file costs one process, never the
server or the requests beside it.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from multiprocessing.connection import Connection
from typing import Any

from validator.web import worker


class WorkerFailed(Exception):
    """The worker process died (out of memory, killed) before it answered."""


class Overran(WorkerFailed):
    """The request passed its hard deadline; its worker process was killed."""


class Pool:
    """``await pool.run(fn, *args, deadline=s)`` runs ``fn`` in a worker process without
    blocking the server."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._ctx: Any = None
        self._slots: asyncio.Semaphore | None = None
        self._live: set[Any] = set()

    def start(self) -> None:
        """Start the fork server (it imports the checker once, ahead of the first request)."""
        self._ctx = multiprocessing.get_context("forkserver")
        self._ctx.set_forkserver_preload(worker.PRELOAD)
        warm = self._ctx.Process(target=worker.warm, daemon=True)
        warm.start()
        warm.join()

    async def run(self, fn, *args, deadline: float | None = None):
        if self._ctx is None:
            self.start()
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.workers)
        async with self._slots:
            return await asyncio.get_running_loop().run_in_executor(None, self._call, fn, args, deadline)

    def _call(self, fn, args: tuple, deadline: float | None):
        """``fn(*args)`` in a new worker process; its result, or its exception raised here."""
        receiver, sender = self._ctx.Pipe(duplex=False)
        proc = self._ctx.Process(target=_serve, args=(sender, fn, args), daemon=True)
        proc.start()
        sender.close()
        self._live.add(proc)
        try:
            if not receiver.poll(deadline):
                raise Overran
            status, value = receiver.recv()
        except (EOFError, OSError):
            raise WorkerFailed from None
        finally:
            if proc.is_alive():
                proc.kill()
            proc.join(5)
            self._live.discard(proc)
            receiver.close()
        if status == "error":
            raise value
        return value

    def stop(self) -> None:
        """Kill the workers still running (the server is stopping)."""
        for proc in list(self._live):
            proc.kill()


def _serve(sender: Connection, fn, args: tuple) -> None:
    try:
        answer: tuple[str, Any] = ("ok", fn(*args))
    except BaseException as exc:  # the server decides what an error means
        answer = ("error", exc)
    try:
        sender.send(answer)
    except Exception as exc:  # an exception that cannot be pickled
        sender.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
    finally:
        sender.close()
