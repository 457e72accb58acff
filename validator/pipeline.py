"""read → match → rules, for one or many inputs. A bad input never stops the others."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from validator import readers
from validator.errors import ReadError
from validator.results import DocumentResult, Results
from validator.rulebook import Rule


def discover(paths: Iterable[str]) -> list[str]:
    """Files named directly, plus supported files found under named directories."""
    out: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(str(p) for p in sorted(path.rglob("*")) if p.is_file() and readers.supported(p))
        else:
            out.append(raw)
    return out


def load(path: str, debug: bool = False) -> DocumentResult:
    """Read and match one file; an unreadable file becomes a result with ``error`` set."""
    from validator.match import match

    try:
        report = match(readers.read(path))
        report.meta["sha256"] = _digest(path)
    except ReadError as exc:
        return DocumentResult(path, error=exc.reason)
    except Exception as exc:  # a bug must not end a batch; --debug shows the traceback
        if debug:
            raise
        return DocumentResult(path, error=f"internal error ({type(exc).__name__}: {exc})")
    if not any(t.found for t in report.tables.values()):
        return DocumentResult(path, error="no table of the annual-report template found "
                                          "(not a 政府信息公开工作年度报告?)")
    return DocumentResult(path, report)


def _digest(path: str) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def run(paths: Iterable[str], rules: Iterable[Rule] | None = None,
        fail_on: str = "error", debug: bool = False,
        previous: Iterable[str] = ()) -> Results:
    """Check every input; findings are evaluated for all readable documents at once.

    Consecutive years of one agency within the inputs are paired for the cross-year rules;
    ``previous`` adds last year's reports as context only (they are not reported on).
    """
    docs = [load(p, debug) for p in discover(paths)]
    context = [d for d in (load(p, debug) for p in previous) if d.report is not None]
    evaluate(docs, rules, context)
    return Results(docs, fail_on)


def evaluate(docs: list[DocumentResult], rules: Iterable[Rule] | None = None,
             context: list[DocumentResult] = ()) -> None:
    """Run the rules over the readable ``docs`` (plus ``context`` for pairing) in one go."""
    from validator import crossyear, engine

    readable = [d for d in docs if d.report is not None]
    if not readable:
        return
    reports = [d.report for d in readable] + [d.report for d in context]
    pairs = [(a, b) for a, b in crossyear.pair_up(reports) if a < len(readable)]
    for doc, found in zip(readable, engine.check(reports, rules, pairs), strict=False):
        doc.findings = found
