"""``--dataset PATH.parquet``: every parsed cell of every document, and every finding.

Cells go to ``PATH`` (one row per template cell: document, agency, year, layout, table, row,
column, value, raw text, placeholder kind, status, unit, location; for a cell read by OCR,
its confidence), findings to
``PATH`` with ``.findings.parquet`` in place of ``.parquet``. Cells are streamed chunk by
chunk into a temporary file; both files appear (renamed into place) only when the run
completes, so an interrupted run never leaves half a dataset.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from validator.model.errors import OutputError
from validator.model.output import deferred_interrupts
from validator.model.results import DocumentResult

CELL_FIELDS = ["path", "agency", "year", "layout", "table", "row", "column", "kind", "value",
               "raw", "placeholder", "status", "unit", "decimals", "line", "char", "page",
               "table_index", "grid_row", "grid_col", "sheet", "cell_ref", "ocr_confidence"]
FINDING_FIELDS = ["path", "agency", "year", "rule", "severity", "category", "table", "row",
                  "column", "expected", "actual", "message", "line", "page", "fixes"]


def findings_path(path: str) -> str:
    p = Path(path)
    stem = p.name[: -len(".parquet")] if p.name.endswith(".parquet") else p.name
    return str(p.with_name(stem + ".findings.parquet"))


class DatasetWriter:
    """Appends chunks of cell rows; writes findings and renames both files on ``close``."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.tmp = f"{path}.tmp-{os.getpid()}"
        self.writer: Any = None  # a pyarrow ParquetWriter once the first chunk arrives

    def add(self, table) -> None:
        """Append a chunk made by :func:`cell_table` (in a worker, where it is cheap)."""
        import pyarrow.parquet as pq

        if table is None or table.num_rows == 0:
            return
        with self._failing():
            if self.writer is None:
                self.writer = pq.ParquetWriter(self.tmp, table.schema, compression="zstd")
            self.writer.write_table(table)

    def close(self, docs: list[DocumentResult]) -> None:
        """Write the findings, then put both files in place together (Ctrl-C waits for it)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        target = findings_path(self.path)
        with self._failing():
            if self.writer is None:
                pq.write_table(cell_table([]), self.tmp)
            else:
                self.writer.close()
                self.writer = None
            columns: dict[str, list] = {f: [] for f in FINDING_FIELDS}
            for d in docs:
                for f in d.findings:
                    for key, value in _finding(d, f).items():
                        columns[key].append(value)
            schema = pa.schema([(f, _type(f)) for f in FINDING_FIELDS])
            pq.write_table(pa.table(columns, schema=schema), target + ".tmp")
            with deferred_interrupts():
                os.replace(self.tmp, self.path)
                os.replace(target + ".tmp", target)

    def abort(self) -> None:
        if self.writer is not None:
            with suppress(OSError):
                self.writer.close()
            self.writer = None
        Path(self.tmp).unlink(missing_ok=True)
        Path(findings_path(self.path) + ".tmp").unlink(missing_ok=True)

    @contextmanager
    def _failing(self) -> Iterator[None]:
        """An OS error (a full disk, a folder gone) ends the run with nothing half-written."""
        try:
            yield
        except OSError as exc:
            self.abort()
            raise OutputError(self.path, exc.strerror or type(exc).__name__) from None
        except BaseException:
            self.abort()
            raise


def cell_table(docs: list[DocumentResult]):
    """Every template cell of ``docs`` as an Arrow table (columns as in ``CELL_FIELDS``)."""
    import pyarrow as pa

    columns: dict[str, list] = {f: [] for f in CELL_FIELDS}
    for doc in docs:
        if doc.report is not None:
            _cells(doc, columns)
    schema = pa.schema([(f, _type(f)) for f in CELL_FIELDS])
    return pa.table(columns, schema=schema)


def _type(field: str):
    import pyarrow as pa

    if field in ("value", "expected", "ocr_confidence"):
        return pa.float64()
    if field in ("year", "decimals", "line", "char", "page", "table_index", "grid_row", "grid_col"):
        return pa.int64()
    return pa.string()


def _cells(doc: DocumentResult, out: dict[str, list]) -> None:
    """Append the document's cells, a column at a time (the document's own fields repeated)."""
    rep = doc.report
    if rep is None:
        return
    rows = [(name, res.layout, key, cell) for name, res in rep.tables.items() for key, cell in res.cells.items()]
    if not rows:
        return
    n = len(rows)
    for column, value in (("path", doc.path), ("agency", rep.agency), ("year", rep.year), ("kind", None)):
        out[column].extend([value] * n)
    sure = {(c["table"], c["row"], c["column"]): c["confidence"] for c in (rep.meta.ocr or {}).get("cells", ())}
    fields = [(layout, name, key[0], key[1], c.value, c.raw, c.placeholder, c.status, c.unit, c.decimals,
               *_location(c), sure.get((name, *key)) if sure else None) for name, layout, key, c in rows]
    for column, values in zip(_PER_CELL, zip(*fields, strict=True), strict=True):  # rows to columns, in C
        out[column].extend(values)


_PER_CELL = ("layout", "table", "row", "column", "value", "raw", "placeholder", "status", "unit", "decimals",
             "line", "char", "page", "table_index", "grid_row", "grid_col", "sheet", "cell_ref", "ocr_confidence")
_NO_LOCATION = (None,) * 8


def _location(cell) -> tuple:
    """(line, char, page, table, grid row, grid col, sheet, cell) without building objects
    for the common case of text lines."""
    span = cell.span
    if span is None:
        return _NO_LOCATION
    base = span.loc
    if span.column is not None and span.boxes is None and base.table is None:
        return (base.line, span.column + min(cell.start, max(len(span.text) - 1, 0)) + 1,
                None, None, None, None, None, None)
    loc = cell.loc
    return (loc.line, loc.column, loc.page, loc.table, loc.row, loc.col, loc.sheet, loc.cell)


def _finding(doc: DocumentResult, f) -> dict:
    rep = doc.report
    loc = f.location
    return {
        "path": doc.path, "agency": rep.agency if rep else None, "year": rep.year if rep else None,
        "rule": f.rule, "severity": f.severity, "category": f.category, "table": f.table,
        "row": f.row, "column": f.column, "expected": None if isinstance(f.expected, str) else f.expected,
        "actual": None if f.actual is None else str(f.actual), "message": f.message("zh"),
        "line": loc.line if loc else None, "page": loc.page if loc else None,
        "fixes": json.dumps([[c.to_dict() for c in fix] for fix in f.fixes], ensure_ascii=False),
    }
