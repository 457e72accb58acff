"""Exceptions that end the processing of one input with a clear message."""

from __future__ import annotations

from validator.messages import Text

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2  # usage error or unreadable input
EXIT_INTERRUPTED = 130  # Ctrl-C: a partial summary was printed


class GkcheckError(Exception):
    """Base class: carries the one line shown to the user (``text``: the same line in the
    message catalogue, shown in the output's language)."""

    exit_code = EXIT_USAGE
    text: Text | None = None

    def __init__(self, message: str | Text = "") -> None:
        if isinstance(message, Text):
            self.text = message
        super().__init__(str(message))


class ReadError(GkcheckError):
    """An input file could not be read as a report (``reason``: a message of the catalogue,
    shown in the output's language)."""

    def __init__(self, path: str, reason: Text) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class RuleFileError(GkcheckError):
    """A rule file is malformed."""


class OutputError(GkcheckError):
    """An output file (report, dataset, baseline) cannot be written."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(Text.of("output.cannot_write", path=path, reason=reason))


class MissingExtra(GkcheckError):
    """An optional part of gkcheck is not installed."""

    def __init__(self, extra: str, feature: str) -> None:
        super().__init__(Text.of("extra.missing", extra=extra, feature=feature))
