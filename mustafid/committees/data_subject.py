"""The committee meetings that studied the person's requests, for their data-subject copy (RL-2, RL-4).

The person learns which committee studied each request, when, and under
which minute, and how the votes fell; never who voted how, nor which member
declared a conflict of interest: those are the members' own records.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from mustafid.beneficiaries.data_subject import DataSubjectSection, Record, display, field_labels, register_section
from mustafid.beneficiaries.models import Beneficiary

from .models import AgendaItem, ConflictDeclaration, Meeting, Vote


def committee_items(beneficiary: Beneficiary) -> list[Record]:
    items = (
        AgendaItem.objects.filter(request__beneficiary=beneficiary)
        .select_related("meeting__committee", "request")
        .prefetch_related("votes", "declarations")
        .order_by("meeting__held_on", "id")
    )
    rows = []
    for item in items:
        votes = [vote.choice for vote in item.votes.all()]
        rows.append(
            {
                "request": item.request.reference,
                "committee": item.meeting.committee.name,
                "held_on": item.meeting.held_on,
                "location": item.meeting.location,
                "meeting_status": display(item.meeting, "status"),
                "minute_reference": item.meeting.minute_reference,
                "votes_approve": votes.count(Vote.Choice.APPROVE),
                "votes_partly": votes.count(Vote.Choice.PARTLY),
                "votes_reject": votes.count(Vote.Choice.REJECT),
                "conflicts_declared": sum(1 for d in item.declarations.all() if d.has_conflict),
            }
        )
    return rows


# Registered when the app is ready (its AppConfig imports this module).
register_section(
    DataSubjectSection(
        key="committee",
        title=_("Committee study of your requests"),
        models=(AgendaItem, Vote, ConflictDeclaration),
        collect=committee_items,
        order=55,
        labels={
            "request": _("service request"),
            "committee": _("committee"),
            **field_labels(Meeting, "held_on", "location", "minute_reference"),
            "meeting_status": _("meeting status"),
            "votes_approve": _("members who voted to approve"),
            "votes_partly": _("members who voted to approve in part"),
            "votes_reject": _("members who voted to reject"),
            "conflicts_declared": _("members who declared a conflict of interest and did not vote"),
        },
    )
)
