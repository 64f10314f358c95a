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
from collections.abc import Iterable, Iterator

from django.http import FileResponse, StreamingHttpResponse
from django_tables2 import Table
from django_tables2.rows import BoundRow
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


def export_rows(table: Table, queryset) -> Iterator[list[str]]:
    """The header, then one list of neutralised cells per record, read in chunks."""
    columns = export_columns(table)
    yield [neutralise(column.header) for column in columns]
    for record in queryset.iterator(chunk_size=CHUNK):
        row = BoundRow(record, table=table)
        yield [neutralise(row.get_cell_value(column.name)) for column in columns]


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
