"""The one place pandera is called: validate a frame lazily and say which rows failed.

Every check module goes the same way: a frame (a row per relation instance, statement, cell or
document), named row-wise tests, then :func:`failures` — the failing rows, one by one — which it
turns into findings."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pandas as pd
import pandera.pandas as pa


def failure_cases(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """pandera's failure cases (columns ``check``, ``column``, ``index``); empty when valid."""
    if frame.empty:
        return pd.DataFrame(columns=["check", "column", "index"])
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        return exc.failure_cases
    return pd.DataFrame(columns=["check", "column", "index"])


def failed_rows(frame: pd.DataFrame, checks: dict[str, Callable[[pd.DataFrame], pd.Series]]
                ) -> dict[str, list[int]]:
    """Row positions failing each named row-wise check, from one validation of them all."""
    if frame.empty or not checks:
        return {}
    schema = pa.DataFrameSchema(checks=[pa.Check(fn, name=name) for name, fn in checks.items()])
    cases = failure_cases(frame, schema)
    return {name: sorted(set(group["index"].dropna().astype(int)))
            for name, group in cases.groupby("check")}


def failures(frame: pd.DataFrame, checks: dict[str, Callable[[pd.DataFrame], pd.Series]]
             ) -> Iterator[tuple[str, int, pd.Series]]:
    """(check name, row position, row) of every failing row, by check then position."""
    for name, positions in failed_rows(frame, checks).items():
        for pos in positions:
            yield name, pos, frame.iloc[pos]
