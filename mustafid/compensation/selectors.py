"""Reading claims: a claim page, the worklist by stage, the timeline and the home page (CP-1..CP-4)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mustafid.beneficiaries.timeline import FileAction, TimelineEntry
from mustafid.core import workdays
from mustafid.core.formatting import format_amount
from mustafid.core.hijri import dual_date
from mustafid.core.home import HOME_ROWS, HomeItem, HomeSection

from .models import Claim
from .workflow import CLAIM_FLOW

VIEW = "compensation.view_claim"


def claims_for(user: Any) -> QuerySet[Claim]:
    """The claims the user may open (their files' scope)."""
    if not user.has_perm(VIEW):
        return Claim.objects.none()
    return Claim.objects.visible_to(user).select_related("beneficiary")


#: The worklist's views beside its stages (issue 11.7): like the complaints' and the requests'.
VIEWS = ("mine", "overdue", "due_soon")
#: "Due soon": due within this many working days, as for service requests.
DUE_SOON_WORKING_DAYS = 3


def _views(user: Any, today: date) -> dict[str, Q]:
    """Each view as a condition on the open claims."""
    soon = workdays.add_working_days(today, DUE_SOON_WORKING_DAYS)
    return {
        "mine": Q(assigned_to=user),
        "overdue": Q(due_on__lt=today),
        "due_soon": Q(due_on__gte=today, due_on__lte=soon),
    }


def worklist(user: Any, view: str = "", today: date | None = None) -> QuerySet[Claim]:
    """The open claims, those of one view (mine, overdue, due soon) or of one stage, the earliest due first."""
    today = today or timezone.localdate()
    claims = claims_for(user).select_related("assigned_to")
    if view in CLAIM_FLOW.states:
        claims = claims.filter(status=view)
    else:
        claims = claims.filter(status__in=CLAIM_FLOW.group("open"))
        if view in VIEWS:
            claims = claims.filter(_views(user, today)[view])
    return claims.order_by(F("due_on").asc(nulls_last=True), "created_at", "id")


def worklist_counts(user: Any, today: date | None = None) -> dict[str, int]:
    """How many claims stand at each state and in each view (one query)."""
    today = today or timezone.localdate()
    is_open = Q(status__in=CLAIM_FLOW.group("open"))
    counts = {s: Count("id", filter=Q(status=s)) for s in CLAIM_FLOW.states}
    counts.update({v: Count("id", filter=is_open & q) for v, q in _views(user, today).items()})
    counts["open"] = Count("id", filter=is_open)
    return claims_for(user).order_by().aggregate(**counts)


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


def _tone(claim: Claim, today: date, soon: date) -> str:
    """Red once overdue, amber while due soon, as the requests' and complaints' rows are."""
    if claim.due_on is None:
        return ""
    return "danger" if claim.due_on < today else "warning" if claim.due_on <= soon else ""


def may_follow(user: Any, claim: Claim) -> bool:
    """Whether ``user`` can be the claim's responsible staff member: they handle claims and can open this one."""
    return bool(
        user.is_active
        and user.has_perm("compensation.negotiate_claim")
        and Claim.objects.visible_to(user).filter(pk=claim.pk).exists()
    )


def home_sections(user: Any, today: date) -> list[HomeSection]:
    """The home page's open claims and, apart, the overdue ones, as for complaints (issue 11.7)."""
    if not user.has_perm(VIEW):
        return []
    counts = worklist_counts(user, today)
    wanted = [
        ("", "compensation_open", _("Open compensation claims"), "shield-exclamation", counts["open"], 42),
        ("overdue", "compensation_overdue", _("Overdue compensation claims"), "alarm", counts["overdue"], 43),
    ]
    soon = workdays.add_working_days(today, DUE_SOON_WORKING_DAYS)
    sections = []
    for view, key, title, icon, count, order in wanted:
        if not count:
            continue  # nothing to follow: the page shows no empty section
        url = reverse("compensation:worklist")
        sections.append(
            HomeSection(
                key=key,
                title=title,
                icon=icon,
                count=count,
                url=f"{url}?view={view}" if view else url,
                items=[
                    HomeItem(
                        label=f"{c.reference} — {c.beneficiary.full_name}",
                        url=reverse("compensation:detail", args=[c.pk]),
                        meta=dual_date(c.due_on) if c.due_on else str(c.get_status_display()),
                        tone=_tone(c, today, soon),
                    )
                    for c in worklist(user, view, today)[:HOME_ROWS]
                ],
                order=order,
            )
        )
    return sections


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
