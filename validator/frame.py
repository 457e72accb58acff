"""pandas frames of matched reports, keyed by canonical table/row/column keys.

* :func:`cells` — one row per template cell of many documents (the dataset researchers
  get, and what value rules are evaluated over).
* :func:`table` — one table of one document as rows × columns (display, JSON).
* :func:`wide` — one row per document, one column per ``(row, column)`` cell of a table, for
  evaluating identities of many documents at once.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from validator import template
from validator.report import VALUE, Report

CELL_COLUMNS = ["doc", "table", "layout", "row", "column", "kind", "value", "arith", "status",
                "placeholder", "raw", "unit", "decimals"]


def cells(reports: list[Report]) -> pd.DataFrame:
    """Long frame of every template cell of ``reports`` (``doc`` = position in the list)."""
    records = []
    for doc, rep in enumerate(reports):
        for name, res in rep.tables.items():
            kinds = _kinds(name, res.layout)
            for key, cell in res.cells.items():
                arith = cell.arithmetic
                records.append((
                    doc, name, res.layout, key[0], key[1], kinds[key],
                    cell.value if cell.status == VALUE else np.nan,
                    np.nan if arith is None else arith,
                    cell.status, cell.placeholder, cell.raw, cell.unit, cell.decimals,
                ))
    frame = pd.DataFrame.from_records(records, columns=CELL_COLUMNS)
    return frame.astype({"value": "float64", "arith": "float64", "decimals": "int64"})


@cache
def _kinds(name: str, layout: str) -> dict[tuple[str, str], str]:
    lay = template.layout(name, layout)
    return {key: lay.kind(*key) for key in lay.cell_keys()}


def table(report: Report, name: str) -> pd.DataFrame:
    """Values of one table as rows × columns; ``NaN`` where no number was read."""
    res = report.tables[name]
    lay = template.layout(name, res.layout)
    frame = pd.DataFrame(np.nan, index=[r.key for r in lay.rows],
                         columns=[c.key for c in lay.columns], dtype="float64")
    for (row, col), cell in res.cells.items():
        if cell.status == VALUE:
            frame.loc[row, col] = cell.value
    return frame


def wide(long: pd.DataFrame, name: str, layout: str) -> pd.DataFrame:
    """Arithmetic values of table ``name`` in ``layout``: one row per document."""
    part = long[(long["table"] == name) & (long["layout"] == layout)]
    lay = template.layout(name, layout)
    keys = lay.cell_keys()
    out = part.pivot(index="doc", columns=["row", "column"], values="arith")
    return out.reindex(columns=pd.MultiIndex.from_tuples(keys, names=["row", "column"]))

