"""Reads of approved aid, always through the user's scope (RL-3)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mustafid.beneficiaries.models import Beneficiary
from mustafid.beneficiaries.timeline import FileAction, TimelineEntry
from mustafid.core.formatting import format_number
from mustafid.core.permissions import perm_name

from .models import Entitlement, Instalment
from .workflow import INSTALMENT_FLOW

# The list of aid to deliver shows what is overdue and what falls due in the next two weeks.
DUE_WINDOW_DAYS = 14


def visible_instalments(user: Any, action: str = "view") -> QuerySet[Instalment]:
    return Instalment.objects.restrict(user, action).select_related(
        "entitlement__beneficiary", "entitlement__request", "delivered_by"
    )


def overdue_instalments(user: Any, *, today: date | None = None) -> QuerySet[Instalment]:
    """Instalments past their due date and not delivered, oldest first: the ones to flag."""
    today = today or timezone.localdate()
    return (
        visible_instalments(user)
        .filter(due_on__lt=today, status__in=INSTALMENT_FLOW.group("open"))
        .order_by("due_on", "id")
    )


def due_instalments(
    user: Any, *, today: date | None = None, window_days: int = DUE_WINDOW_DAYS
) -> QuerySet[Instalment]:
    """Undelivered instalments due up to ``window_days`` from today, overdue ones first."""
    today = today or timezone.localdate()
    return (
        visible_instalments(user)
        .filter(status__in=INSTALMENT_FLOW.group("open"), due_on__lte=today + timedelta(days=window_days))
        .order_by("due_on", "id")
    )


def beneficiary_schedule(user: Any, beneficiary: Beneficiary) -> list[Entitlement]:
    """The beneficiary's entitlements, each with its instalments in date order (two queries)."""
    return list(
        Entitlement.objects.restrict(user, "view")
        .filter(beneficiary=beneficiary)
        .select_related("request__version__service", "created_by")
        .prefetch_related(
            Prefetch("instalments", queryset=Instalment.objects.select_related("delivered_by").order_by("due_on", "id"))
        )
        .order_by("-id")
    )


def get_instalment(user: Any, pk: int, action: str = "view") -> Instalment:
    try:
        return visible_instalments(user, action).get(pk=pk)
    except Instalment.DoesNotExist as exc:
        raise Http404 from exc


def can_deliver(user: Any) -> bool:
    return bool(user.has_perm(perm_name(Instalment, "change")))


def can_create(user: Any) -> bool:
    return bool(user.has_perm(perm_name(Entitlement, "add")))


def timeline_entries(beneficiary: Beneficiary, user: Any, limit: int) -> list[TimelineEntry]:
    """Deliveries of aid on the beneficiary's timeline (one query)."""
    delivered = (
        visible_instalments(user)
        .filter(entitlement__beneficiary=beneficiary, status=Instalment.Status.DELIVERED)
        .order_by("-delivered_at", "-id")[:limit]
    )
    url = reverse("entitlements:beneficiary", args=[beneficiary.pk])
    entries = []
    for item in delivered:
        assert item.delivered_at is not None  # the query keeps delivered instalments only
        meta = [str(item.get_method_display()), _("Receipt %(number)s") % {"number": item.receipt_number}]
        if item.delivered_by:
            meta.append(str(item.delivered_by))
        if item.entitlement.request.reference:
            meta.append(item.entitlement.request.reference)
        entries.append(
            TimelineEntry(
                at=item.delivered_at,
                kind=_("Aid delivered"),
                title=_("%(amount)s SAR: %(what)s")
                % {"amount": format_number(item.amount), "what": item.entitlement.description},
                icon="cash-coin",
                meta=meta,
                url=url,
            )
        )
    return entries


def file_actions(beneficiary: Beneficiary, user: Any) -> list[FileAction]:
    """A link to the beneficiary's aid schedule from their file."""
    if not user.has_perm(perm_name(Entitlement, "view")):
        return []
    return [
        FileAction(
            group=_("Approved aid"),
            label=_("Aid schedule and deliveries"),
            url=reverse("entitlements:beneficiary", args=[beneficiary.pk]),
            icon="cash-coin",
        )
    ]
