"""Export of the inquiries worklist as CSV or XLSX (issue 11.7): scoped, without contacts, logged.

It holds exactly the rows the worklist shows the reader with the same
filters. The inquirer's number or address is left out (the answer went
there; a spreadsheet does not need it), and every beneficiary whose inquiry
is in the file gets an "exported" line in the access log (RL-2).
"""

from __future__ import annotations

from collections.abc import Iterable

import tablib
from django.utils.translation import gettext as _

from .models import Inquiry

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXPORT_PERMISSION = "inquiries.export_inquiry"
#: Spreadsheet programs run a cell that starts with one of these as a formula (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def dataset(inquiries: Iterable[Inquiry]) -> tablib.Dataset:
    data = tablib.Dataset(
        headers=[
            _("Reference number"),
            _("Kind"),
            _("Received through"),
            _("Status"),
            _("Subject"),
            _("Inquirer"),
            _("Branch"),
            _("Received on"),
            _("Answer due on"),
            _("Assigned to"),
            _("Answered on"),
        ]
    )
    for i in inquiries:
        data.append(
            [
                i.reference,
                str(i.get_kind_display()),
                str(i.get_source_display()),
                str(i.get_status_display()),
                _inert(i.subject),
                _inert(i.beneficiary.full_name if i.beneficiary else i.inquirer_name),
                i.branch.name,
                i.created_at.date().isoformat(),
                i.due_on.isoformat(),
                i.assigned_to.get_full_name() if i.assigned_to else "",
                i.answered_at.date().isoformat() if i.answered_at else "",
            ]
        )
    return data


def export_bytes(inquiries: Iterable[Inquiry], fmt: str) -> bytes:
    data = dataset(inquiries)
    if fmt == "xlsx":
        return data.export("xlsx")
    # A byte-order mark: spreadsheet programs then read the Arabic as UTF-8.
    return ("\ufeff" + data.export("csv")).encode("utf-8")
