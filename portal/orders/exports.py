"""Streaming `.xlsx` exports of a whole filtered table (openpyxl write-only: rows go to a temporary
file as they are read, never all held in memory). Text that a spreadsheet would run as a formula
(starting with = + - @, a tab or a carriage return) is prefixed with an apostrophe."""

import tempfile
from collections.abc import Iterable
from datetime import datetime

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return value


def xlsx_response(*, filename: str, headers: list[str], rows: Iterable[list]) -> FileResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([str(header) for header in headers])
    for row in rows:
        sheet.append([neutralise(value) for value in row])
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the FileResponse
    workbook.save(spool)
    spool.seek(0)
    response = FileResponse(
        spool,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
