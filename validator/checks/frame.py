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
from validator.model.report import VALUE, Report

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
    columns = list(zip(*records, strict=True)) if records else [()] * len(CELL_COLUMNS)
    return pd.DataFrame({name: np.array(col, dtype=_DTYPES.get(name, object))
                         for name, col in zip(CELL_COLUMNS, columns, strict=True)}, copy=False)


# numbers as numbers; labels and raw text as plain Python strings (building Arrow-backed
# strings costs more than the rules save on a few hundred cells)
_DTYPES = {"doc": "int64", "value": "float64", "arith": "float64", "decimals": "int64"}


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


def wide(long: pd.DataFrame, name: str, layout: str, field: str = "arith") -> pd.DataFrame:
    """Arithmetic values of table ``name`` in ``layout`` (``field="value"``: numbers only,
    placeholders ``NaN`` too): one row per document, one column per template cell (``NaN``
    where no number was read)."""
    part = long[(long["table"] == name) & (long["layout"] == layout)]
    keys = template.layout(name, layout).cell_keys()
    docs, row_pos = np.unique(part["doc"].to_numpy(), return_inverse=True)
    col_pos = _positions(name, layout)
    values = np.full((len(docs), len(keys)), np.nan)
    cols = [col_pos[k] for k in zip(part["row"].tolist(), part["column"].tolist(), strict=True)]
    values[row_pos, cols] = part[field].to_numpy(dtype="float64")
    return pd.DataFrame(values, index=pd.Index(docs, name="doc"), columns=_columns(name, layout),
                        copy=False)


@cache
def _columns(name: str, layout: str) -> pd.MultiIndex:
    """The cell keys of a table as a (cached, immutable) column index."""
    return pd.MultiIndex.from_tuples(template.layout(name, layout).cell_keys(), names=["row", "column"])


@cache
def _positions(name: str, layout: str) -> dict[tuple[str, str], int]:
    return {key: k for k, key in enumerate(template.layout(name, layout).cell_keys())}
