"""One document: found, read, matched and checked; rule evaluation over a group of documents."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from validator import readers
from validator.messages import Text
from validator.model.errors import ReadError
from validator.model.report import Report
from validator.model.results import DocumentResult
from validator.rulebook.specs import Rule

_NOT_REPORTS = ("readme", "changelog", "license", "licence", "contributing")


def discover(paths: Iterable[str], images: bool = False) -> list[str]:
    """Files named directly, plus supported files found under named directories (hidden
    folders and files, and a folder's README/CHANGELOG/LICENSE, are not reports; page
    images only with ``images``)."""
    out: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(str(p) for p in sorted(path.rglob("*")) if _candidate(p, path, images))
        else:
            out.append(raw)
    return out


def _candidate(path: Path, top: Path, images: bool) -> bool:
    parts = path.relative_to(top).parts
    return (path.is_file() and readers.supported(path, images) and not any(p.startswith(".") for p in parts)
            and path.stem.lower() not in _NOT_REPORTS)


def load(path: str, debug: bool = False) -> DocumentResult:
    """Read and match one file; an unreadable file becomes a result with ``error`` set."""
    from validator.match import match

    try:
        with _deadline(path):
            report = match(readers.read(path))
        report.meta.sha256 = _digest(path)
    except ReadError as exc:
        return DocumentResult(path, error=exc.reason)
    except MemoryError:
        return DocumentResult(path, error=Text.of("run.out_of_memory"))
    except Exception as exc:  # a bug must not end a batch; --debug shows the traceback
        if debug:
            raise
        return DocumentResult(path, error=Text.of("run.internal_error", kind=type(exc).__name__, detail=str(exc)))
    if not any(t.found for t in report.tables.values()):
        return DocumentResult(path, error=_not_a_report(report))
    return DocumentResult(path, report)


def _not_a_report(report: Report) -> Text:
    """Why no table was found, where the document says more than "not a report": pictures OCR
    did not read (or read, and found no table in), files the page links to."""
    meta = report.meta
    pictures: Text | str = ""
    if meta.unread_pictures:
        pictures = Text.of(f"presence.unread_pictures_{meta.unread_pictures['why']}",
                           count=meta.unread_pictures["count"])
    elif meta.ocr:
        pictures = Text.of("presence.read_by_ocr")
    files: Text | str = ""
    if meta.attachments:
        names = list(dict.fromkeys(meta.attachments))
        files = Text.of("run.attachments", count=len(names), names="、".join(names[:SHOWN_FILES])
                        + ("…" if len(names) > SHOWN_FILES else ""))
    pages: Text | str = Text.of("presence.split_pages", pages=meta.split_pages) if meta.split_pages else ""
    if not (pictures or files or pages):
        return Text.of("run.not_a_report")
    return Text.of("run.not_a_report_because", pictures=pictures, files=files, pages=pages)


SHOWN_FILES = 3  # attachment names a message lists


class _deadline:
    """Stop reading one document after ``LIMITS.timeout`` seconds (main thread only)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.armed = False

    def __enter__(self):
        import signal
        import threading

        from validator.readers.limits import LIMITS, expire

        expire(False)
        if LIMITS.timeout and threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGALRM, self._expired)
            signal.setitimer(signal.ITIMER_REAL, LIMITS.timeout)
            self.armed = True
        return self

    def _expired(self, *_) -> None:
        from validator.readers.limits import LIMITS, expire

        expire()
        raise ReadError(self.path, Text.of("read.timeout", seconds=f"{LIMITS.timeout:g}"))

    def __exit__(self, *exc) -> None:
        if self.armed:
            import signal

            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)


def _digest(path: str) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def evaluate(docs: list[DocumentResult], rules: Iterable[Rule] | None = None,
             context: Sequence[DocumentResult] = (), pair: bool = True) -> None:
    """Run the rules over the readable ``docs`` in one go (``pair``: also cross-year)."""
    from validator.checks import engine

    readable = [d for d in docs if d.report is not None]
    if not readable:
        return
    for doc, found in zip(readable, engine.check(_reports(readable), rules), strict=True):
        doc.findings = found
    if pair:
        cross_year(docs, rules, context)


def cross_year(docs: list[DocumentResult], rules: Iterable[Rule] | None,
               context: Sequence[DocumentResult] = ()) -> list[Text]:
    """Add the cross-year findings for every (this year, last year) pair in the batch; returns
    notes on last year's reports named (``context``) that no report checked pairs with."""
    if sum(d.report is not None for d in (*docs, *context)) < 2:
        return []  # no pair without two reports
    from validator import rulebook
    from validator.checks import crossyear
    from validator.checks.engine import sort_findings

    chosen = [r for r in (rules if rules is not None else rulebook.load())
              if r.check in crossyear.KINDS]
    readable = [d for d in docs if d.report is not None]
    reports = _reports(readable) + _reports(context)
    pairs = [(a, b) for a, b in crossyear.pair_up(reports, len(readable)) if a < len(readable)]
    pairs, notes = _given_pairs(reports, len(readable), pairs)
    same = crossyear.copies(reports, len(readable))
    if not (pairs or same) or not chosen:
        return notes
    out: list[list] = [[] for _ in reports]
    crossyear.check(reports, pairs, chosen, out, same)
    for doc, found in zip(readable, out, strict=False):
        if found:
            doc.findings = sort_findings(doc.findings + found)
    return notes


def _given_pairs(reports: list[Report], given: int, pairs: list[tuple[int, int]]
                 ) -> tuple[list[tuple[int, int]], list[Text]]:
    """Last year's reports the user named (from index ``given`` on) that pair with no report
    checked: one named for one report checked (in one or more files) is paired all the same
    when its year is the one before (the user says it is that body's: renamed, or named
    otherwise in one title); any other is named in a note with why."""
    from validator.checks.crossyear import agency_key

    paired = {b for _, b in pairs}
    unpaired = [b for b in range(given, len(reports)) if b not in paired]
    checked = {(agency_key(r.agency), r.year) for r in reports[:given]}
    notes = []
    for b in unpaired:
        prev = reports[b]
        this_year = next(iter(checked))[1] if len(checked) == 1 else None
        if len(unpaired) == 1 and this_year is not None and prev.year is not None and this_year == prev.year + 1:
            pairs = pairs + [(a, b) for a in range(given)]
            continue
        notes.append(Text.of("note.previous_unpaired", path=prev.path, agency=prev.agency or "?",
                             year=prev.year or "?"))
    return sorted(pairs), notes


def _reports(docs: Sequence[DocumentResult]) -> list[Report]:
    return [d.report for d in docs if d.report is not None]
