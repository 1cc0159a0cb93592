"""The claims worklist as CSV or XLSX: scoped like the list, one access log line per file exported (RL-2)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from mustafid.audit.models import AccessLog
from mustafid.audit.services import record_access_many
from mustafid.core import exports

from .models import Claim


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


def export_claims(*, request: HttpRequest, claims: QuerySet[Claim], fmt: str) -> bytes:
    """The file of the claims the caller already scoped (``core.exports`` formats); each file read is logged."""
    listed = list(claims.select_related("beneficiary"))
    headers, rows = _rows(listed)
    content = exports.tabular(headers, rows, fmt, title="claims")
    record_access_many(
        request=request, objs=[c.beneficiary for c in listed], action=AccessLog.Action.EXPORT, detail=fmt.upper()
    )
    return content
