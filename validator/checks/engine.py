"""Evaluate the rules over many matched reports at once: each kind of check is one module of
this package (``MODULES``, in evaluation order), given the same :class:`Context`.

Cell-level tests of every module are validated together, in one pandera pass over the long
cell frame; then each module turns its failures into findings. Cross-year rules need pairs
of reports and run after the batch (``crossyear.check``).
"""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType

from validator import rulebook, template
from validator.checks import (
    arithmetic,
    content,
    crossyear,
    level,
    ocr,
    parse,
    presence,
    prose,
    structure,
    subtotal,
    values,
)
from validator.checks.context import CellTest, Context
from validator.checks.localize import localize
from validator.checks.validation import failure_cases
from validator.model.findings import Finding
from validator.model.report import Report
from validator.rulebook.specs import Rule

# order matters: ocr withdraws the arithmetic findings a misreading explains; prose reads the
# minimal fixes of the table findings made before it
MODULES: tuple[ModuleType, ...] = (parse, values, presence, arithmetic, subtotal, ocr, structure, content, level,
                                   prose, crossyear)
BY_KIND: dict[str, ModuleType] = {kind: m for m in MODULES for kind in m.KINDS}


def check(reports: list[Report], rules: Iterable[Rule] | None = None) -> list[list[Finding]]:
    """Findings for each report (same order), sorted by severity then position."""
    chosen = list(rules if rules is not None else rulebook.load())
    ctx = Context(reports, {r.name: r for r in chosen}, [[] for _ in reports])
    _cell_tests(ctx)
    for module in MODULES:
        mine = ctx.of(*module.KINDS)
        if mine and not getattr(module, "PAIRS", False):
            module.run(ctx, mine)
    support = ctx.support or [{} for _ in reports]
    fixes = ctx.fixes
    for rep, found, fix, sup in zip(reports, ctx.out, fixes, support, strict=True):
        localize(rep, found, sup, fix)
    return [sort_findings(found) for found in ctx.out]


def _cell_tests(ctx: Context) -> None:
    """Every module's cell tests in one pandera validation; the failing cells per test."""
    import pandera.pandas as pa

    tests: dict[str, CellTest] = {}
    for module in MODULES:
        if hasattr(module, "cell_tests"):
            tests.update(module.cell_tests(ctx.of(*module.KINDS)))
    if not tests or ctx.long.empty:
        return
    schema = pa.DataFrameSchema(checks=[pa.Check(fn, name=name) for name, fn in tests.items()])
    failed = failure_cases(ctx.long, schema)
    for name, group in failed.groupby("check"):
        ctx.failed[str(name)] = ctx.long.loc[sorted(set(group["index"].dropna().astype(int)))]


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Most severe first, then table order, then position in the document."""
    return sorted(findings, key=_order)


def _order(f: Finding) -> tuple:
    loc = f.location
    return (-f.rank, template.TABLES.index(f.table) if f.table in template.TABLES else -1,
            loc.line if loc and loc.line is not None else 0,
            loc.column if loc and loc.column is not None else 0, f.rule)
