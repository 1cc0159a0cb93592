"""The person's complaints and objections, for their data-subject copy (RL-2, CM-1).

What they complained of, how it was handled and what they were told. The
staff's investigation notes are working notes about the case, not answers
to the person: the copy lists the responses and escalations, and the steps.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from mustafid.beneficiaries.data_subject import (
    DataSubjectSection,
    Record,
    display,
    field_labels,
    register_section,
    verbose_name,
    verbose_name_plural,
)
from mustafid.beneficiaries.models import Beneficiary
from mustafid.compensation.models import Settlement, SettlementSignature

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
        .select_related("settlement")
        .prefetch_related("notes", "attachments", "settlement__signatures")
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
        settlement = complaint.settlement
        # CM-3: the amicable settlement the person signed, as the claims' section shows a claim's.
        row["settlement"] = (
            None
            if settlement is None
            else {
                "settlement_reference": settlement.reference,
                "terms": settlement.terms,
                "amount": settlement.amount,
                "agreed_on": settlement.agreed_on,
                "settlement_abandoned": complaint.settlement_abandoned,
                "signatures": [
                    {"signer_name": s.signer_name, "party": display(s, "party"), "signed_at": s.signed_at}
                    for s in settlement.signatures.all()
                ],
            }
        )
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
            "settlement": verbose_name(Settlement),
            "settlement_reference": _("settlement number"),
            **field_labels(Complaint, "settlement_abandoned"),
            **field_labels(Settlement, "terms", "amount", "agreed_on"),
            "signatures": verbose_name_plural(SettlementSignature),
            **field_labels(SettlementSignature, "signer_name", "party", "signed_at"),
        },
    )
)
