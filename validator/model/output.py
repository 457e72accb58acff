"""Write output files atomically: a temporary file in the same folder, then a rename. Missing
parent folders are created; a path that cannot be written is one :class:`OutputError`."""

from __future__ import annotations

import os
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from validator.model.errors import OutputError


def prepare(path: str | Path) -> None:
    """Make sure ``path`` can be written before any work is done: its parent folders exist
    (created when missing), it is not a folder, and the folder is writable."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(str(path), exc.strerror or type(exc).__name__) from None
    if target.is_dir():
        raise OutputError(str(path), "is a folder")
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise OutputError(str(path), "permission denied")


@contextmanager
def deferred_interrupts() -> Iterator[None]:
    """Ctrl-C waits until the block is done (renaming the files of one output together);
    then it is raised. Outside the main thread, nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[object] = []
    previous = signal.signal(signal.SIGINT, lambda *args: pending.append(args))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if pending:
        raise KeyboardInterrupt


@contextmanager
def atomic_write(path: str | Path) -> Iterator[TextIO]:
    """Yield a text handle; on success the file replaces ``path``, on failure nothing changes."""
    target = Path(path)
    prepare(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
    except OSError as exc:
        raise OutputError(str(path), exc.strerror or type(exc).__name__) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            yield handle
        os.chmod(tmp, _mode(target))  # mkstemp makes 0600; a report is a normal file
        os.replace(tmp, target)
    except OSError as exc:  # a full disk, a file system gone read-only
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(str(path), exc.strerror or type(exc).__name__) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode(target: Path) -> int:
    """The file's current mode when it exists, else what the umask gives a new file."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
