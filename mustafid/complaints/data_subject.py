"""The person's complaints and objections, for their data-subject copy (RL-2, CM-1).

What they complained of, how it was handled and what they were told. The
staff's investigation notes are working notes about the case, not answers
to the person: the copy lists the responses and escalations, and the steps.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from mustafid.beneficiaries.data_subject import DataSubjectSection, Record, display, field_labels, register_section
from mustafid.beneficiaries.models import Beneficiary

from .models import Complaint, ComplaintAttachment, ComplaintNote

_FIELDS = (
    "reference",
    "received_via",
    "subject_kind",
    "subject_detail",
    "text",
    "status",
    "acknowledge_due",
    "resolve_due",
    "acknowledged_on",
    "outcome",
    "closed_on",
    "satisfied",
    "follow_up",
)
_CHOICES = {"received_via", "subject_kind", "status", "follow_up"}


def complaints(beneficiary: Beneficiary) -> list[Record]:
    rows = []
    qs = (
        Complaint.objects.filter(beneficiary=beneficiary)
        .select_related("category")
        .prefetch_related("notes", "attachments")
        .order_by("created_at", "id")
    )
    for complaint in qs:
        row: Record = {
            name: display(complaint, name) if name in _CHOICES else getattr(complaint, name) for name in _FIELDS
        }
        row["category"] = complaint.category.name
        row["filed_on"] = complaint.created_at.date()
        row["attachments"] = len(complaint.attachments.all())
        row["answers"] = [
            {"on": note.created_at.date(), "kind": display(note, "kind"), "text": note.text}
            for note in complaint.notes.all()
            if note.kind != ComplaintNote.Kind.NOTE
        ]
        rows.append(row)
    return rows


register_section(
    DataSubjectSection(
        key="complaints",
        title=_("Complaints and objections"),
        models=(Complaint, ComplaintAttachment, ComplaintNote),
        collect=complaints,
        order=60,
        labels={
            **field_labels(Complaint, *_FIELDS, "category"),
            "filed_on": _("Filed on"),
            "attachments": _("attachments"),
            "answers": _("Responses and escalations"),
            "on": _("date"),
            "kind": _("kind"),
        },
    )
)
