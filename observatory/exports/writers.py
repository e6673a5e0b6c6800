"""The files of an export: CSV for a French spreadsheet, XLSX, both written row by row.

- CSV: UTF-8 with a byte-order mark (so that a spreadsheet reads the accents right),
  `;` between cells (a French spreadsheet's separator, the comma being the decimal
  mark), CRLF at the end of each line; yielded in chunks of bytes for a streamed
  response, never held whole.
- XLSX: XlsxWriter in `constant_memory` mode, each row flushed to a temporary file as
  soon as it is written; the workbook is then written to `path_or_file`.

A cell whose text starts with `=`, `+`, `-`, `@` (or a tab or carriage return) is
prefixed with an apostrophe: a spreadsheet would otherwise run it as a formula
(formula injection). Numbers stay numbers; days are ISO (YYYY-MM-DD).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

import xlsxwriter

BOM = "\ufeff"
SEPARATOR = ";"
# Rows gathered into one chunk of the streamed CSV.
CSV_ROWS_PER_CHUNK = 500
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(text: str) -> str:
    """`text`, prefixed with an apostrophe when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell_text(value: Any) -> str:
    """How a value reads in a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    return neutralised(str(value))


def csv_chunks(columns: Sequence[Any], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """The CSV file, as chunks of bytes: the BOM and the header line first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=SEPARATOR, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow([neutralised(str(column)) for column in columns])
    waiting = 0
    for row in rows:
        writer.writerow([cell_text(value) for value in row])
        waiting += 1
        if waiting >= CSV_ROWS_PER_CHUNK:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            waiting = 0
    yield buffer.getvalue().encode("utf-8")


def write_xlsx(
    columns: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    path_or_file: str | IO[bytes],
    *,
    sheet: str = "Export",
) -> int:
    """Write the workbook (one sheet: the header line, then the rows) to `path_or_file`
    in constant memory; the number of rows written (header aside)."""
    workbook = xlsxwriter.Workbook(
        path_or_file,
        {
            "constant_memory": True,
            # Text stays text: never read as a formula, an address or a number.
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    try:
        worksheet = workbook.add_worksheet(sheet[:31])
        bold = workbook.add_format({"bold": True})
        day = workbook.add_format({"num_format": "yyyy-mm-dd"})
        for x, column in enumerate(columns):
            worksheet.write_string(0, x, neutralised(str(column)), bold)
        worksheet.freeze_panes(1, 0)
        count = 0
        for count, row in enumerate(rows, start=1):
            for x, value in enumerate(row):
                _write_cell(worksheet, count, x, value, day)
    finally:
        workbook.close()
    return count


def _write_cell(worksheet: Any, y: int, x: int, value: Any, day: Any) -> None:
    if value is None or value == "":
        return
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        worksheet.write_datetime(y, x, datetime.datetime.combine(value, datetime.time()), day)
    elif isinstance(value, bool):
        worksheet.write_boolean(y, x, value)
    elif isinstance(value, int | float):
        worksheet.write_number(y, x, value)
    else:
        worksheet.write_string(y, x, neutralised(str(value)))
