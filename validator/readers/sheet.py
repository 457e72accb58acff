"""Spreadsheets: .xlsx (openpyxl, read-only values), .xls (xlrd) and .csv.

Every visible sheet becomes one :class:`Table` (hidden sheets, rows and columns are left out,
as Excel shows the workbook); a merged range appears at its top-left cell and, repeated, in
the first column of each row it covers below; every cell keeps its sheet name and reference
(``B7``).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from pathlib import Path

from validator.messages import Text
from validator.model.document import Document, Location, Span, Table
from validator.model.errors import ReadError
from validator.readers import SPREADSHEET_ML
from validator.readers.limits import check_size, zip_members

MAX_CELLS = 200_000


def read(path: Path) -> Document:
    """A workbook, or what office systems save under a workbook's name: a web page's table,
    Excel 2003 XML, comma- or tab-separated text."""
    check_size(path)
    with path.open("rb") as fh:
        head = fh.read(4096)
    if not head.strip():
        raise ReadError(str(path), Text.of("read.empty"))
    if path.suffix.lower() == ".csv":
        return _csv(path)
    if head[:4] == b"\xd0\xcf\x11\xe0":  # an OLE file: Excel 97–2003 (or WPS)
        return read_xls(path)
    if head[:4] == b"PK\x03\x04":
        return _xlsx(path)
    if SPREADSHEET_ML.encode() in head:
        return _spreadsheet_xml(path)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):  # a web page's table (systems export so)
        from validator.readers import html

        return html.read(path)
    if b"\x00" in head:  # binary, yet no workbook: a damaged one
        raise ReadError(str(path), Text.of("read.xlsx_not_zip"))
    return _csv(path)


def _xlsx(path: Path) -> Document:
    try:
        with zipfile.ZipFile(path) as zf:
            zip_members(zf, str(path))
            _prescan(zf, str(path))
    except zipfile.BadZipFile:
        raise ReadError(str(path), Text.of("read.xlsx_not_zip")) from None
    except (OSError, EOFError, zlib.error, NotImplementedError, RuntimeError) as exc:
        raise ReadError(str(path), Text.of("read.xlsx_damaged", detail=type(exc).__name__)) from None
    import openpyxl

    try:  # (a file object: openpyxl refuses a workbook by its name's suffix, .xls or .et)
        with path.open("rb") as fh:
            book = openpyxl.load_workbook(fh, data_only=True, read_only=False)
    except Exception as exc:  # openpyxl raises many types for broken packages
        raise ReadError(str(path), Text.of("read.xlsx_unreadable", detail=type(exc).__name__)) from None
    blocks: list[Span | Table] = []
    counter = [0]
    for index, ws in enumerate(book.worksheets, start=1):
        if ws.sheet_state != "visible":
            continue  # a hidden sheet (last year's copy, a helper): not what the workbook shows
        merged = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges]
        hidden_rows, hidden_cols = _hidden(ws)
        cells = (((c.row, c.column, _text(c.value, c.number_format)) for c in row
                  if c.column not in hidden_cols)
                 for row in ws.iter_rows() if not (row and row[0].row in hidden_rows))
        blocks.extend(_tables(str(path), index, ws.title, cells, merged, counter))
    return Document(str(path), blocks, {"format": "xlsx"})


def read_xls(path: Path) -> Document:
    """An Excel 97–2003 workbook (.xls; WPS's .et), with xlrd: the same tables as a .xlsx."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=path.read_bytes(), formatting_info=True, on_demand=True,
                                  logfile=io.StringIO())  # xlrd's warnings would go to stdout
        blocks: list[Span | Table] = []
        counter = [0]
        for index in range(book.nsheets):
            ws = book.sheet_by_index(index)
            if not ws.visibility:  # hidden sheets are left out, as in the .xlsx reader
                blocks.extend(_xls_tables(str(path), index + 1, book, ws, counter))
    except ReadError:
        raise
    except Exception as exc:  # xlrd raises its own, assertion and lookup errors on broken files
        if "encrypted" in str(exc).lower():
            raise ReadError(str(path), Text.of("read.encrypted")) from None
        raise ReadError(str(path), Text.of("read.xlsx_unreadable", detail=type(exc).__name__)) from None
    return Document(str(path), blocks, {"format": "xls"})


_X = "{urn:schemas-microsoft-com:office:excel}"  # Excel 2003 XML's sheet options (x:WorksheetOptions)


def _spreadsheet_xml(path: Path) -> Document:
    """Excel 2003 XML: worksheets of rows of cells (``ss:Index`` skips, ``ss:MergeAcross`` /
    ``ss:MergeDown`` merge), read as a workbook."""
    from validator.readers.limits import safe_xml

    ss = "{" + SPREADSHEET_ML + "}"
    root = safe_xml(path.read_bytes(), str(path))
    blocks: list[Span | Table] = []
    counter = [0]
    for index, ws in enumerate(root.iter(f"{ss}Worksheet"), start=1):
        visible = ws.find(f"{_X}WorksheetOptions/{_X}Visible")
        if visible is not None and (visible.text or "").strip() in ("SheetHidden", "SheetVeryHidden"):
            continue  # a hidden sheet, as in the other workbook readers
        cells, merged, r = [], [], 0
        for row in ws.iter(f"{ss}Row"):
            r = _int_attr(row, f"{ss}Index", r + 1)
            if row.get(f"{ss}Hidden") == "1":
                continue
            out, c = [], 0
            for cell in row.iter(f"{ss}Cell"):
                c = _int_attr(cell, f"{ss}Index", c + 1)
                data = cell.find(f"{ss}Data")
                out.append((r, c, "".join(data.itertext()).strip() if data is not None else ""))
                across, down = _int_attr(cell, f"{ss}MergeAcross", 0), _int_attr(cell, f"{ss}MergeDown", 0)
                if across or down:
                    merged.append((r, c, r + down, c + across))
                c += across
            cells.append(out)
        blocks.extend(_tables(str(path), index, ws.get(f"{ss}Name") or str(index), cells, merged, counter))
    return Document(str(path), blocks, {"format": "xlsx"})


def _int_attr(el, name: str, default: int) -> int:
    try:
        return max(0, min(int(el.get(name, default)), 100_000))
    except ValueError:
        return default


def _xls_tables(path: str, index: int, book, ws, counter: list[int]) -> list[Table]:
    merged = [(r0 + 1, c0 + 1, r1, c1) for r0, r1, c0, c1 in ws.merged_cells]
    hidden_cols = {c for c, info in ws.colinfo_map.items() if info.hidden}
    cells = (((r + 1, c + 1, _xls_text(book, ws.cell(r, c))) for c in range(ws.row_len(r))
              if c not in hidden_cols)
             for r in range(ws.nrows) if not (r in ws.rowinfo_map and ws.rowinfo_map[r].hidden))
    return _tables(path, index, ws.name, cells, merged, counter)


def _xls_text(book, cell) -> str:
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return str(bool(cell.value))
    fmt = book.format_map.get(book.xf_list[cell.xf_index].format_key) if cell.xf_index is not None else None
    return _text(cell.value, fmt.format_str if fmt is not None else None)


def _tables(path: str, index: int, title: str, cells, merged: list[tuple[int, int, int, int]],
            counter: list[int]) -> list[Table]:
    """A sheet's tables (its blocks of rows between empty rows), from its (row, column, text)
    cells and merged ranges, as :func:`_rows` and :func:`_blocks` make them."""
    rows = _rows(path, index, title, cells, merged, counter)
    return [Table(b, Location(path, table=index, sheet=title)) for b in _blocks(rows)]


def _rows(path: str, index: int, title: str, cells, merged: list[tuple[int, int, int, int]],
          counter: list[int]) -> list[list[Span]]:
    """A sheet's rows of (row, column, text) cells as spans: a merged range (first row, first
    column, last row, last column) at its top-left cell and, repeated, in the first column of
    each row it covers below."""
    from openpyxl.utils import get_column_letter

    covered = {(r, c): (r0, c0) for r0, c0, r1, c1 in merged
               for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    firsts: dict[tuple[int, int], Span] = {}
    rows: list[list[Span]] = []
    for row in cells:
        out = []
        for r, c, text in row:
            counter[0] += 1
            if counter[0] > MAX_CELLS:
                raise ReadError(path, Text.of("read.xlsx_too_many_cells", limit=MAX_CELLS))
            loc = Location(path, table=index, row=r, col=c, sheet=title, cell=f"{get_column_letter(c)}{r}")
            origin = covered.get((r, c))
            if origin is None:
                out.append(Span(text, loc))
            elif origin == (r, c):  # a merged range, at its top-left
                firsts[origin] = Span(text, loc, merged=loc)
                out.append(firsts[origin])
            elif origin[1] == c and origin in firsts:  # repeated in each row
                first = firsts[origin]
                out.append(Span(first.text, loc, merged=first.merged))
        rows.append(out)
    return rows


def _hidden(ws) -> tuple[set[int], set[int]]:
    """The sheet's hidden rows and columns (helper rows, working columns): a reader of the
    sheet does not see them, and their numbers are no cells of the report."""
    rows = {r for r, dim in ws.row_dimensions.items() if dim.hidden}
    cols = {c for dim in ws.column_dimensions.values() if dim.hidden and dim.min
            for c in range(dim.min, (dim.max or dim.min) + 1)}
    return rows, cols


# a formula cell that stores no value: <c r="J25"><f>SUM(D25:I25)</f></c> (a workbook written
# by a program, never opened in a spreadsheet): its value is unknown, not blank
_UNCOMPUTED = re.compile(rb'<c\b[^>]*?\br="([A-Z]+\d+)"[^>]*>\s*<f\b[^>]*(?:/>|>[^<]*</f>)'
                         rb'\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>')


def _prescan(zf: zipfile.ZipFile, path: str) -> None:
    """Before openpyxl parses anything, one pass over the package's XML: refuse entity
    declarations, and a workbook whose formulas carry no computed value (reading them as
    blanks would blame the publisher for totals a spreadsheet shows)."""
    refs: list[bytes] = []
    for info in zf.infolist():
        if not info.filename.endswith(".xml"):
            continue
        sheet = info.filename.startswith("xl/worksheets/")
        data = zf.read(info) if sheet else zf.open(info).read(65536)
        if b"<!ENTITY" in data[:65536]:
            raise ReadError(path, Text.of("read.xlsx_entities"))
        if sheet:
            refs += _UNCOMPUTED.findall(data)
    if refs:
        raise ReadError(path, Text.of("read.xlsx_uncomputed", count=len(refs), cell=refs[0].decode()))


def _blocks(rows: list[list[Span]]) -> list[list[list[Span]]]:
    """Rows grouped into blocks separated by empty rows; each row cut after the block's last
    used column (a sheet pads every row to the sheet's width)."""
    blocks: list[list[list[Span]]] = [[]]
    for row in rows:
        if any(s.text for s in row):
            blocks[-1].append(row)
        elif blocks[-1]:
            blocks.append([])
    out = []
    for block in blocks:
        if not block:
            continue
        width = max(s.loc.col or 0 for row in block for s in row if s.text)
        out.append([[s for s in row if (s.loc.col or 0) <= width] for row in block])
    return out


# fixed-decimal number formats ("0.0000", "#,##0.00"): the sheet shows that many decimals
_FIXED = re.compile(r"^(?:#,##)?0\.(0+)$")


def _text(value, number_format: str | None = None) -> str:
    """The cell as the sheet shows it: a number with the decimals its format prints."""
    if value is None:
        return ""
    fixed = _FIXED.match(number_format or "") if isinstance(value, int | float) else None
    if fixed and not isinstance(value, bool):
        return f"{value:.{len(fixed.group(1))}f}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _csv(path: Path) -> Document:
    from validator.readers.text import decode

    text = decode(path.read_bytes(), str(path))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel
    rows = []
    try:
        for r, record in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            row = [Span(value.strip(), Location(str(path), line=r, table=1, row=r, col=c))
                   for c, value in enumerate(record, start=1)]
            if any(s.text for s in row):
                rows.append(row)
    except csv.Error as exc:
        raise ReadError(str(path), Text.of("read.csv_unreadable", detail=str(exc))) from None
    if not rows:
        raise ReadError(str(path), Text.of("read.empty"))
    return Document(str(path), [Table(rows, Location(str(path), table=1))], {"format": "csv"})
