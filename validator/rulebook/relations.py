"""The one relation algebra: an identity or bound instance is a row of coefficients over cells
(+1 for each stated cell, −1 for each computed one), so ``coefficients @ values`` is its
residual Σ stated − Σ computed. Evaluation (many documents at once), the search for the minimal
fix and the splitting of glued digits all use it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from validator.rulebook.specs import Identity

Cell = tuple[str, str]


def coefficients(instances: Sequence[Identity], cells: Sequence[Cell]) -> np.ndarray:
    """(instances × cells): +1 for a stated cell, −1 for a computed one."""
    col = {c: k for k, c in enumerate(cells)}
    a = np.zeros((len(instances), len(cells)))
    for r, ident in enumerate(instances):
        for c in ident.stated:
            a[r, col[c]] += 1
        for c in ident.computed:
            a[r, col[c]] -= 1
    return a


def residuals(values: np.ndarray, cells: Sequence[Cell], instances: Sequence[Identity]) -> np.ndarray:
    """Σ stated − Σ computed (documents × instances) for ``values`` (documents × cells);
    NaN where a cell of the instance is unknown (NaN)."""
    a = coefficients(instances, cells).T
    unknown = np.isnan(values)
    res = np.where(unknown, 0.0, values) @ a
    res[(unknown.astype("float64") @ np.abs(a)) > 0] = np.nan
    return np.round(res, 6)


def residual(ident: Identity, values: Mapping[Cell, float | None]) -> float | None:
    """One instance's residual over a mapping of cell values; None when a cell is unknown."""
    got = [values.get(c) for c in ident.cells]
    if any(v is None for v in got):
        return None
    return sum(v for v in got[:len(ident.stated)] if v is not None) \
        - sum(v for v in got[len(ident.stated):] if v is not None)


def holds(ident: Identity, values: Mapping[Cell, float | None]) -> bool | None:
    """Whether the relation holds (``identity``: residual 0; ``bound``: ≥ 0); None if unknown."""
    r = residual(ident, values)
    if r is None:
        return None
    return abs(r) < 1e-9 if ident.rule.check == "identity" else r >= -1e-9


def test_rows(instances: Sequence[Identity], cells: Sequence[Cell]) -> Callable[[Any], np.ndarray]:
    """A test of many lists of values at once (rows of an array, one column per cell of
    ``cells``): whether each satisfies every instance (glued-digit splitting: the candidate
    cuts of a row; placements of table 四 that anchors disagree on)."""
    a = coefficients(instances, cells).T
    identity = np.array([i.rule.check == "identity" for i in instances])

    def check(values) -> np.ndarray:
        values = np.asarray(values, dtype=float)
        res = values.reshape(len(values), len(cells)) @ a
        ok = np.where(identity, np.abs(res) < 1e-9, res >= -1e-9)
        return ok.all(axis=1)
    return check
