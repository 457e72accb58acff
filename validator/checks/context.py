"""What every check module is given: the reports, the chosen rules, the findings so far, and
the frames and fixes computed once for all of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from validator import messages
from validator.model.findings import CellRef, Finding, from_rule
from validator.model.report import Report
from validator.rulebook.specs import Rule

CellTest = Callable[[pd.DataFrame], pd.Series]  # over the long cell frame; True = passes
Fields = Callable[[str], dict[str, Any]]


@dataclass
class Context:
    """One evaluation over many reports."""

    reports: list[Report]
    rules: dict[str, Rule]
    out: list[list[Finding]]
    failed: dict[str, pd.DataFrame] = field(default_factory=dict)  # cell test -> failing cells
    support: list[dict[str, Any]] | None = None  # per report: what its text says about its fixes
    _long: pd.DataFrame | None = None
    _fixes: list[dict[str, list]] | None = None

    def of(self, *kinds: str) -> list[Rule]:
        """The chosen rules of these kinds, in rule-file order."""
        return [r for r in self.rules.values() if r.check in kinds]

    @property
    def long(self) -> pd.DataFrame:
        """Every cell of every report (``frame.cells``)."""
        if self._long is None:
            from validator.checks import frame

            self._long = frame.cells(self.reports)
        return self._long

    @property
    def fixes(self) -> list[dict[str, list]]:
        """Each report's minimal fixes per table, from the arithmetic findings so far."""
        if self._fixes is None:
            from validator.checks.localize import table_fixes

            self._fixes = [table_fixes(rep, found) for rep, found in zip(self.reports, self.out, strict=True)]
        return self._fixes


def finding(rule: Rule, report: Report, fields: Fields, severity: str | None = None, **kw: Any) -> Finding:
    return from_rule(rule, report.path, fields, severity, **kw)


def label(report: Report, table: str, row: str | None, column: str | None, lang: str) -> str:
    """A cell, row or column as the report's layout prints it."""
    return messages.label(table, report.tables[table].layout, row, column, lang)


def table_name(table: str, lang: str) -> str:
    return messages.table_name(table, lang)


def ref(report: Report, table: str, row: str, column: str, role: str | None = None) -> CellRef:
    cell = report.tables[table].cells[(row, column)]
    return CellRef(table, row, column, cell.value, cell.status, cell.raw, cell.loc, role)
