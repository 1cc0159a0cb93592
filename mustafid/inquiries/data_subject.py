"""The person's inquiries and the answers they were given, for their data-subject copy (RL-2)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from mustafid.beneficiaries.data_subject import DataSubjectSection, Record, display, field_labels, register_section
from mustafid.beneficiaries.models import Beneficiary

from .models import Inquiry


def inquiries(beneficiary: Beneficiary) -> list[Record]:
    return [
        {
            "reference": i.reference,
            "created_at": i.created_at,
            "kind": display(i, "kind"),
            "source": display(i, "source"),
            "status": display(i, "status"),
            "subject": i.subject,
            "question": i.question,
            "contact": i.contact,
            "reply_channel": display(i, "reply_channel"),
            "answer": i.answer,
            "answered_at": i.answered_at,
        }
        for i in Inquiry.objects.filter(beneficiary=beneficiary).order_by("created_at", "id")
    ]


register_section(
    DataSubjectSection(
        key="inquiries",
        title=_("Inquiries and technical support"),
        models=(Inquiry,),
        collect=inquiries,
        order=45,
        labels=field_labels(
            Inquiry,
            "reference",
            "created_at",
            "kind",
            "source",
            "status",
            "subject",
            "question",
            "contact",
            "reply_channel",
            "answer",
            "answered_at",
        ),
    )
)
