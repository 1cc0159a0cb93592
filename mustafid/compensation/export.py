"""The claims worklist as CSV or XLSX: scoped like the list, one access log line per file exported (RL-2)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from mustafid.audit.models import AccessLog
from mustafid.audit.services import record_access_many

from .models import Claim

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _rows(claims: list[Claim]) -> tuple[list[str], list[list[str]]]:
    """No national ID, phone or income: the list's own columns, amounts as plain numbers."""
    headers = [
        _("Reference number"),
        _("File number"),
        _("Beneficiary"),
        _("Status"),
        _("Opened on"),
        _("Due on"),
        _("Fault established by"),
        _("Size of the harm"),
        _("Amount"),
        _("Payment date"),
    ]

    def number(value: Any) -> str:
        return "" if value is None else f"{value:.2f}"

    rows = [
        [
            c.reference,
            c.beneficiary.file_number,
            c.beneficiary.full_name,
            str(c.get_status_display()),
            c.created_at.date().isoformat(),
            c.due_on.isoformat() if c.due_on else "",
            str(c.get_fault_basis_display()) if c.fault_basis else "",
            number(c.harm_size),
            number(c.paid_amount),
            c.paid_on.isoformat() if c.paid_on else "",
        ]
        for c in claims
    ]
    return headers, rows


def _xlsx(headers: list[str], rows: list[list[str]]) -> bytes:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title="claims")
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


def export_claims(*, request: HttpRequest, claims: QuerySet[Claim], fmt: str) -> tuple[bytes, str, str]:
    """``(content, content_type, filename)`` of the claims the caller already scoped; each file read is logged."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    listed = list(claims.select_related("beneficiary"))
    headers, rows = _rows(listed)
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(headers)
        # A cell starting with = + - @ would be a formula in a spreadsheet: quoted as text.
        writer.writerows([[f"'{v}" if v[:1] in "=+-@" else v for v in row] for row in rows])
        content = ("\ufeff" + text.getvalue()).encode("utf-8")  # a byte-order mark: Excel reads UTF-8
    else:
        content = _xlsx(headers, rows)
    record_access_many(
        request=request, objs=[c.beneficiary for c in listed], action=AccessLog.Action.EXPORT, detail=fmt.upper()
    )
    return content, FORMATS[fmt], f"compensation-claims-{timezone.localdate():%Y-%m-%d}.{fmt}"
