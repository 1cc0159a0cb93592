"""Reading claims: a claim page, the worklist by stage, the timeline and the home page (CP-1..CP-4)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from mustafid.beneficiaries.timeline import FileAction, TimelineEntry
from mustafid.core.formatting import format_amount
from mustafid.core.home import HOME_ROWS, HomeItem, HomeSection

from .models import Claim
from .workflow import CLAIM_FLOW

VIEW = "compensation.view_claim"


def claims_for(user: Any) -> QuerySet[Claim]:
    """The claims the user may open (their files' scope)."""
    if not user.has_perm(VIEW):
        return Claim.objects.none()
    return Claim.objects.visible_to(user).select_related("beneficiary")


def worklist(user: Any, stage: str = "") -> QuerySet[Claim]:
    """The open claims, or those of one stage (a workflow state), oldest first."""
    claims = claims_for(user)
    if stage in CLAIM_FLOW.states:
        claims = claims.filter(status=stage)
    else:
        claims = claims.filter(status__in=CLAIM_FLOW.group("open"))
    return claims.order_by("created_at", "id")


def stage_counts(user: Any) -> dict[str, int]:
    """How many claims stand at each state (one query)."""
    rows = claims_for(user).order_by().values("status").annotate(n=Count("id"))
    counts = dict.fromkeys(CLAIM_FLOW.states, 0)
    counts.update({r["status"]: r["n"] for r in rows})
    return counts


def claims_of(beneficiary: Any, user: Any) -> QuerySet[Claim]:
    return claims_for(user).filter(beneficiary=beneficiary).order_by("-created_at", "-id")


def timeline_entries(beneficiary: Any, user: Any, limit: int) -> list[TimelineEntry]:
    """Claims on the beneficiary's timeline (one query)."""
    entries = []
    for c in claims_of(beneficiary, user)[:limit]:
        meta = [str(c.get_status_display())]
        if c.paid_amount:
            meta.append(_("paid %(amount)s") % {"amount": format_amount(c.paid_amount)})
        entries.append(
            TimelineEntry(
                at=c.created_at,
                kind=_("Compensation claim"),
                title=c.reference,
                icon="shield-exclamation",
                body=c.alleged_harm[:200],
                meta=meta,
                url=reverse("compensation:detail", args=[c.pk]),
                badge=c.status,
            )
        )
    return entries


def home_sections(user: Any, today: date) -> HomeSection | None:
    """The home page's open claims (the count by the workflow's "open" group)."""
    if not user.has_perm(VIEW):
        return None
    claims = worklist(user)
    count = claims.count()
    if not count:
        return None  # nothing to follow: the page shows no empty section
    rows = list(claims[:HOME_ROWS])
    return HomeSection(
        key="compensation_open",
        title=_("Open compensation claims"),
        icon="shield-exclamation",
        count=count,
        url=reverse("compensation:worklist"),
        items=[
            HomeItem(
                label=f"{c.reference} — {c.beneficiary.full_name}",
                url=reverse("compensation:detail", args=[c.pk]),
                meta=str(c.get_status_display()),
            )
            for c in rows
        ],
        order=40,
    )


def file_actions(beneficiary: Any, user: Any) -> list[FileAction]:
    """The "Open a compensation claim" link on the beneficiary's page."""
    if not user.has_perm("compensation.add_claim"):
        return []
    return [
        FileAction(
            group=_("Compensation"),
            label=_("Open a compensation claim"),
            url=reverse("compensation:new", args=[beneficiary.pk]),
            icon="shield-exclamation",
        )
    ]
