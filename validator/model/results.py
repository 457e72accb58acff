"""The outcome of a run: per document its report, findings or read error; exit code."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from validator.messages import Text
from validator.model.errors import EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE
from validator.model.findings import SEVERITY_ORDER, Finding
from validator.model.report import Report
from validator.model.rules import Rule


class Correction(NamedTuple):
    """A minimal fix (cells and their consistent values) and the findings it explains."""

    changes: list  # checks.localize.Change
    findings: list[int]  # indices into the document's findings


@dataclass(slots=True)
class DocumentResult:
    """One input: either a matched report with findings, or the reason it was unreadable."""

    path: str
    report: Report | None = None
    findings: list[Finding] = field(default_factory=list)
    error: Text | None = None  # why the document could not be checked
    suppressed: list[tuple[Finding, str]] = field(default_factory=list)  # (finding, why)

    def corrections(self) -> list[Correction]:
        """The findings explained by one and the same minimal fix, grouped under it (one item
        per set of cells to correct); findings with no fix or several possible fixes stand alone."""
        groups: dict[tuple, Correction] = {}
        for i, f in enumerate(self.findings):
            if len(f.fixes) == 1:
                changes = f.fixes[0]
                key = tuple((c.table, c.row, c.column, c.suggested) for c in changes)
                groups.setdefault(key, Correction(changes, []))[1].append(i)
        return list(groups.values())

    def reason(self, lang: str = "zh") -> str:
        """Why the document could not be checked, in ``lang`` ("" when it was)."""
        return self.error.render(lang) if self.error else ""


@dataclass(slots=True)
class Results:
    """Everything reporters render. ``fail_on`` is decided before rendering."""

    documents: list[DocumentResult]
    fail_on: str = "error"
    notes: list[Text] = field(default_factory=list)  # run-level remarks (unused waivers, …)
    interrupted: bool = False  # Ctrl-C: only part of the inputs were checked
    rules: tuple[Rule, ...] = ()  # the rules that ran (after --select/--ignore, with local rules)

    def note_texts(self, lang: str = "zh") -> list[str]:
        return [note.render(lang) for note in self.notes]

    def count(self, severity: str) -> int:
        return sum(f.severity == severity for d in self.documents for f in d.findings)

    @property
    def unreadable(self) -> int:
        return sum(d.error is not None for d in self.documents)

    def failing(self, doc: DocumentResult) -> bool:
        if self.fail_on == "never":
            return False
        floor = SEVERITY_ORDER[self.fail_on]
        return any(f.rank >= floor for f in doc.findings)

    @property
    def exit_code(self) -> int:
        """130 if interrupted; 2 if any input was unreadable; else 1 if a finding reaches
        ``fail_on``; else 0."""
        if self.interrupted:
            return EXIT_INTERRUPTED
        if self.unreadable:
            return EXIT_USAGE
        return EXIT_FINDINGS if any(self.failing(d) for d in self.documents) else EXIT_OK

    def summary(self) -> dict:
        return {"documents": len(self.documents), "unreadable": self.unreadable,
                "errors": self.count("error"), "warnings": self.count("warning"),
                "infos": self.count("info"),
                "suppressed": sum(len(d.suppressed) for d in self.documents),
                "cells_to_correct": sum(len(c.changes) for d in self.documents for c in d.corrections())}
