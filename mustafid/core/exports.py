"""The one tabular writer of the worklists' exports: CSV that Excel reads, or a right-to-left XLSX (issue 11.7).

Callers choose the rows (scoped to the reader, like their page) and write
the access log; this only turns headers and rows into a file. Every cell is
text, the same in both formats, and a value a spreadsheet would run as a
formula (OWASP "CSV injection") starts with an apostrophe instead.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
#: Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value: str) -> str:
    """``value``, made plain text for a spreadsheet when it would start a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def tabular(
    headers: Sequence[Any], rows: Iterable[Sequence[Any]], fmt: str, *, title: str, make_inert: bool = True
) -> bytes:
    """The file of ``rows`` under ``headers`` in ``fmt`` (``csv`` or ``xlsx``); ``title`` names the sheet.

    ``make_inert=False`` is for a file that is read back in (the beneficiaries' import):
    the caller then makes its free-text columns inert itself, and a phone keeps its ``+``.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")

    def text(value: Any) -> str:
        value = "" if value is None else str(value)
        return inert(value) if make_inert else value

    header_texts = [str(header) for header in headers]
    texts = ([text(value) for value in row] for row in rows)
    if fmt == "csv":
        stream = io.StringIO()
        writer = csv.writer(stream)
        writer.writerow(header_texts)
        writer.writerows(texts)
        return ("\ufeff" + stream.getvalue()).encode("utf-8")  # a byte-order mark: Excel then reads UTF-8
    return _xlsx(header_texts, texts, title)


def _xlsx(headers: list[str], rows: Iterable[list[str]], title: str) -> bytes:
    """Write-only, so a long list is streamed rather than held as cell objects; the header bold and frozen."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])  # Excel's limit on a sheet's name
    sheet.sheet_view.rightToLeft = True
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def requested_format(request: HttpRequest) -> str:
    """``?format=`` of an export: CSV unless XLSX is asked for; any other is a 404."""
    fmt = request.GET.get("format", "csv")
    if fmt not in FORMATS:
        raise Http404
    return fmt


def download(content: bytes, fmt: str, stem: str) -> HttpResponse:
    """The exported file as an attachment named ``<stem>-<today>.<fmt>``, never kept in a cache."""
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{stem}-{timezone.localdate():%Y-%m-%d}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response
