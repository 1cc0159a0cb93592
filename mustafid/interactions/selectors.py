"""Reads of contacts, always through the user's scope."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from mustafid.beneficiaries.models import Beneficiary
from mustafid.beneficiaries.timeline import TimelineEntry

from .models import Channel, Direction, Interaction

CHANNEL_ICONS = {
    Channel.INTERVIEW: "people",
    Channel.LETTER: "envelope-paper",
    Channel.PHONE: "telephone",
    Channel.FAX: "printer",
    Channel.WEB: "globe2",
    Channel.EMAIL: "envelope-at",
    Channel.VOLUNTEER: "heart",
}


def interactions_of(beneficiary: Beneficiary, user: Any):
    return (
        Interaction.objects.restrict(user, "view")
        .filter(beneficiary=beneficiary)
        .select_related("recorded_by")
    )


def timeline_entries(beneficiary: Beneficiary, user: Any, limit: int) -> list[TimelineEntry]:
    """Contacts on the beneficiary's timeline (one query)."""
    entries = []
    for item in interactions_of(beneficiary, user)[:limit]:
        meta = [str(item.get_direction_display()), str(item.recorded_by)]
        if item.reference:
            meta.append(item.reference)
        entries.append(
            TimelineEntry(
                at=item.occurred_at,
                kind=str(item.get_channel_display()),
                title=item.subject,
                icon=CHANNEL_ICONS.get(item.channel, "chat-dots"),
                body=item.summary,
                meta=meta,
                url=reverse("interactions:detail", args=[item.pk]),
                badge="outgoing" if item.direction == Direction.OUTGOING else "incoming",
            )
        )
    return entries
