"""What the server was started with: address, token and the limits of one request."""

from __future__ import annotations

from dataclasses import dataclass, field

from validator.readers.limits import Limits

MB = 1024 * 1024
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
HEADROOM = 15.0  # seconds a request's worker may take beyond its documents' timeouts


@dataclass(frozen=True)
class Settings:
    """The server's options (``gkcheck serve --help``); ``limits`` are those of ``gkcheck check``."""

    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    limits: Limits = field(default_factory=Limits)
    max_files: int = 20  # files per request, last year's reports included
    max_total: int = 100 * MB  # bytes per request
    workers: int = 2

    @property
    def local(self) -> bool:
        """Listening on this computer only: the Host header must name it (DNS rebinding)."""
        return self.host in LOCAL_HOSTS

    def deadline(self, documents: int) -> float | None:
        """Seconds after which a request's worker is killed: each document's timeout, plus
        some for starting and rendering (None: no timeout set)."""
        timeout = self.limits.timeout
        return timeout * max(1, documents) + HEADROOM if timeout else None

    @property
    def max_body(self) -> int:
        """The request body allowed: the files plus room for the multipart headers."""
        return self.max_total + 64 * 1024 + 1024 * self.max_files
