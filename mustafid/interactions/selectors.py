"""Reads of contacts, always through the user's scope."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mustafid.beneficiaries.models import Beneficiary
from mustafid.beneficiaries.selectors import can_see_sensitive
from mustafid.beneficiaries.timeline import FileAction, TimelineEntry
from mustafid.core.hijri import dual_date
from mustafid.core.permissions import perm_name

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
    """The contacts with ``beneficiary`` the user may see, newest first."""
    return Interaction.objects.restrict(user, "view").filter(beneficiary=beneficiary).select_related("recorded_by")


def timeline_entries(beneficiary: Beneficiary, user: Any, limit: int) -> list[TimelineEntry]:
    """Contacts on the beneficiary's timeline (one query)."""
    entries = []
    for item in interactions_of(beneficiary, user)[:limit]:
        meta = [str(item.get_direction_display())] if item.shows_direction else []
        meta.append(str(item.recorded_by))
        if item.reference:
            meta.append(item.reference)
        if item.has_open_follow_up:
            meta.append(_("Follow up on %(date)s") % {"date": dual_date(item.follow_up_on, get_language() or "ar")})
        entries.append(
            TimelineEntry(
                at=item.occurred_at,
                kind=item.kind_label,
                title=item.subject,
                icon=CHANNEL_ICONS.get(item.channel, "chat-dots"),
                body=item.summary,
                meta=meta,
                url=reverse("interactions:detail", args=[item.pk]),
                badge="outgoing" if item.direction == Direction.OUTGOING else "incoming",
            )
        )
    return entries


def get_interaction(user: Any, pk: int) -> Interaction:
    """One contact the user may see, with its beneficiary; otherwise a 404."""
    try:
        return (
            Interaction.objects.restrict(user, "view")
            .select_related("beneficiary", "beneficiary__branch", "beneficiary__category", "recorded_by")
            .get(pk=pk)
        )
    except Interaction.DoesNotExist as exc:
        raise Http404 from exc


def open_follow_ups(user: Any, *, mine: bool = False):
    """Follow-up tasks not yet done on contacts the user may see: overdue first, then due, then coming."""
    qs = (
        Interaction.objects.restrict(user, "view")
        .filter(follow_up_on__isnull=False, follow_up_done_at__isnull=True)
        .select_related("beneficiary", "recorded_by")
        .order_by("follow_up_on", "occurred_at", "pk")
    )
    if mine:
        qs = qs.filter(recorded_by=user)
    return qs


def can_record(user: Any) -> bool:
    return bool(user.has_perm(perm_name(Interaction, "add")))


def can_complete_follow_up(user: Any, interaction: Interaction) -> bool:
    """The rule ``services.complete_follow_up`` applies, for showing its button (scope is the caller's)."""
    if not interaction.has_open_follow_up or not can_record(user):
        return False
    return not user.is_volunteer_only or interaction.channel == Channel.VOLUNTEER


def shows_counterpart(user: Any, interaction: Interaction) -> bool:
    """A phone or fax number may be the beneficiary's own: masked like their phone (RL-2)."""
    if interaction.channel in (Channel.PHONE, Channel.FAX):
        return can_see_sensitive(user)
    return True


def file_actions(beneficiary: Beneficiary, user: Any) -> list[FileAction]:
    """ "Record a contact" links on the beneficiary's page, one per form the user may use."""
    from .forms import kinds_for

    if not can_record(user):
        return []
    group = _("Record a contact")
    base = reverse("interactions:create", args=[beneficiary.pk])
    return [
        FileAction(group=group, label=str(kind.title), url=f"{base}?{kind.query}", icon=kind.icon)
        for kind in kinds_for(volunteer_only=user.is_volunteer_only)
    ]
