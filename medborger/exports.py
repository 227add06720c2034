"""Spreadsheet exports: one CSV dialect and one XLSX writer for every export of the portal.

CSV files are written the way Danish Excel opens them in columns with a double click: UTF-8
with a byte order mark (or the Danish letters come out garbled), `;` between the fields (the
comma is the Danish decimal sign), and CRLF at the end of each row. A text cell that starts
with = + - @ (or a tab or carriage return) would run as a formula in a spreadsheet, so it gets
a leading apostrophe, as OWASP advises for CSV injection; the XLSX writer does the same.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class PortalDialect(csv.Dialect):
    """Semicolons, double quotes where needed, CRLF."""

    delimiter = ";"
    quotechar = '"'
    doublequote = True
    skipinitialspace = False
    lineterminator = "\r\n"
    quoting = csv.QUOTE_MINIMAL


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet may show it: text that looks like a formula is defused."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(*, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, dialect=PortalDialect)
    writer.writerow([str(label) for label in header])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(*, sheet: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def cell(value: Any) -> Any:
        value = safe_cell(value)
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(str(sheet)[:31])  # Excel's limit for a sheet name
    worksheet.append([str(label) for label in header])
    for row in rows:
        worksheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _download(data: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(
    *, filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    return _download(
        csv_bytes(header=header, rows=rows), content_type=CSV_CONTENT_TYPE, filename=filename
    )


def xlsx_response(
    *, filename: str, sheet: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    return _download(
        xlsx_bytes(sheet=sheet, header=header, rows=rows),
        content_type=XLSX_CONTENT_TYPE,
        filename=filename,
    )
