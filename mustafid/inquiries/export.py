"""Export of the inquiries worklist as CSV or XLSX (issue 11.7): scoped, without contacts, logged.

It holds exactly the rows the worklist shows the reader with the same
filters. The inquirer's number or address is left out (the answer went
there; a spreadsheet does not need it), and every beneficiary whose inquiry
is in the file gets an "exported" line in the access log (RL-2).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from mustafid.core import exports

from .models import Inquiry

EXPORT_PERMISSION = "inquiries.export_inquiry"


def export_bytes(inquiries: Iterable[Inquiry], fmt: str) -> bytes:
    """The file in ``fmt`` (``core.exports``); cells that would be formulas are made text there."""
    headers = [
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
    rows = (
        [
            i.reference,
            str(i.get_kind_display()),
            str(i.get_source_display()),
            str(i.get_status_display()),
            i.subject,
            i.beneficiary.full_name if i.beneficiary else i.inquirer_name,
            i.branch.name,
            i.created_at.date().isoformat(),
            i.due_on.isoformat(),
            i.assigned_to.get_full_name() if i.assigned_to else "",
            i.answered_at.date().isoformat() if i.answered_at else "",
        ]
        for i in inquiries
    )
    return exports.tabular(headers, rows, fmt, title="inquiries")
