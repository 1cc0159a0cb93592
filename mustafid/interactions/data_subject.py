"""Every contact with the person, for their data-subject copy (RL-2)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from mustafid.beneficiaries.data_subject import DataSubjectSection, Record, display, field_labels, register_section
from mustafid.beneficiaries.models import Beneficiary

from .models import Interaction


def contacts(beneficiary: Beneficiary) -> list[Record]:
    return [
        {
            "occurred_at": i.occurred_at,
            "kind": i.kind_label,
            "direction": display(i, "direction"),
            "subject": i.subject,
            "summary": i.summary,
            "reference": i.reference,
            "counterpart": i.counterpart,
            "attachment": bool(i.attachment),
            "follow_up_on": i.follow_up_on,
            "follow_up_note": i.follow_up_note,
            "follow_up_done_at": i.follow_up_done_at,
        }
        for i in Interaction.objects.filter(beneficiary=beneficiary).order_by("occurred_at", "id")
    ]


# Registered when the app is ready (its AppConfig imports this module).
register_section(
    DataSubjectSection(
        key="contacts",
        title=_("Contacts with the society"),
        models=(Interaction,),
        collect=contacts,
        order=40,
        labels={
            **field_labels(
                Interaction,
                "occurred_at",
                "direction",
                "subject",
                "summary",
                "reference",
                "counterpart",
                "follow_up_on",
                "follow_up_note",
                "follow_up_done_at",
            ),
            "kind": _("kind of contact"),
            "attachment": _("a scanned file is kept"),
        },
    )
)
