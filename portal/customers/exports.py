"""Exports of a django-tables2 table: the whole (filtered, sorted) list, not the page, as .xlsx
or CSV, in memory that does not grow with the rows (CUST-1).

Rows are read from the database in chunks (`QuerySet.iterator`) and each row's cells come from
the table's own columns (`value_*` / `Column.value`), so the file has the grid's columns. CSV is
streamed to the client as it is written; .xlsx is written by openpyxl's write-only workbook to a
temporary file (a zip cannot be sent before it is complete) and then streamed from disk.

Spreadsheet formula injection: a cell that starts with = + - @ (or a tab / carriage return that a
spreadsheet may strip before them) is prefixed with a quote, so it is text, never a formula.
"""

import csv
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from django_tables2 import Column, Table
from openpyxl import Workbook

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000
# openpyxl refuses control characters in cells (they are invalid in the XML it writes).
_XML_ILLEGAL = {c: None for c in range(32) if c not in (9, 10, 13)}


def neutralise(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def export_columns(table: Table) -> list:
    return [column for column in table.columns if not column.column.exclude_from_export]


def _cell_value(table: Table, bound_column) -> Callable[[Any], Any]:
    """How one column turns its raw value into the exported one: the table's `value_<name>`,
    else the column class's own `value()`, else the value as text."""
    method = getattr(table, f"value_{bound_column.name}", None)
    if method is not None:
        return lambda value: method(value=value)
    column = bound_column.column
    if type(column).value is not Column.value:
        return lambda value: column.value(value=value)
    return lambda value: "" if value is None else str(value)


def export_rows(table: Table, queryset) -> Iterator[list[str]]:
    """The header, then one list of neutralised cells per record, read in chunks.

    Rows are read as tuples of the columns' accessors (`values_list`), not as model instances
    resolved cell by cell: the same values, several times faster, which matters at 100,000 rows.
    """
    columns = export_columns(table)
    yield [neutralise(column.header) for column in columns]
    accessors = [str(column.accessor).replace(".", "__") for column in columns]
    cells = [_cell_value(table, column) for column in columns]
    for values in queryset.values_list(*accessors).iterator(chunk_size=CHUNK):
        yield [neutralise(cell(value)) for cell, value in zip(cells, values, strict=True)]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(rows: Iterable[list[str]], filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # a BOM: spreadsheets then read the file as UTF-8
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(rows: Iterable[list[str]], filename: str, sheet_title: str) -> FileResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    for row in rows:
        sheet.append([cell.translate(_XML_ILLEGAL) for cell in row])
    # Deleted when the response is closed (FileResponse closes the file it streams).
    spool = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by the response
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
