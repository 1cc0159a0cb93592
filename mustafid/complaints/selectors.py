"""Reads on complaints."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from mustafid.accounts.models import SYSTEM_ACCOUNT_NAMES, User
from mustafid.beneficiaries.timeline import TimelineEntry
from mustafid.compensation.models import Claim
from mustafid.core.hijri import dual_date
from mustafid.core.home import HOME_ROWS, HomeItem, HomeSection
from mustafid.core.permissions import get_visible_or_404

from .models import Complaint, ComplaintNote
from .workflow import COMPLAINT_FLOW


@dataclass(frozen=True)
class PublicStep:
    """A step as the complainant sees it: what happened and when, not who on the staff did it."""

    label: str | Promise
    to_label: str
    at: datetime


def public_history(complaint: Complaint) -> list[PublicStep]:
    return [PublicStep(s.label, s.to_label, s.at) for s in COMPLAINT_FLOW.history(complaint)]


def public_responses(complaint: Complaint) -> QuerySet[ComplaintNote]:
    """What the society answered the complainant; its working notes stay with the staff."""
    return complaint.notes.filter(kind=ComplaintNote.Kind.RESPONSE).only("text", "created_at", "complaint_id")


def visible_complaints(user: Any) -> QuerySet[Complaint]:
    return Complaint.objects.restrict(user, "view").select_related("category", "assigned_to", "beneficiary")


def get_complaint(user: Any, pk: int) -> Complaint:
    """A complaint in the reader's scope; a 404 otherwise, as for one that does not exist."""
    return get_visible_or_404(
        Complaint.objects.select_related("category", "assigned_to", "service", "staff_member"), user, "view", pk=pk
    )


def officers_for(complaint: Complaint) -> QuerySet[User]:
    """Who may be assigned: active staff who handle complaints and whose scope holds the complaint."""
    handlers = User.objects.filter(is_active=True, groups__permissions__codename="handle_complaint").distinct()
    if complaint.branch_id is None:
        return handlers.filter(scope_all=True).order_by("full_name")
    return (
        handlers.filter(models.Q(scope_all=True) | models.Q(branches=complaint.branch_id))
        .distinct()
        .order_by("full_name")
    )


#: The worklist's views: by stage, mine, overdue, due soon (CM-1, issue 11.7).
DUE_SOON_DAYS = 3


def worklist(user: Any, view: str, today: date) -> QuerySet[Complaint]:
    qs = visible_complaints(user).filter(status__in=COMPLAINT_FLOW.group("open"))
    if view == "mine":
        return qs.filter(assigned_to=user)
    if view == "overdue":
        return qs.filter(resolve_due__lt=today)
    if view == "due_soon":
        return qs.filter(resolve_due__gte=today, resolve_due__lte=today + timedelta(days=DUE_SOON_DAYS))
    if view in COMPLAINT_FLOW.states:
        return qs.filter(status=view)
    return qs.order_by("resolve_due", "id")


def timeline_entries(beneficiary: Any, user: Any, limit: int) -> list[TimelineEntry]:
    """The beneficiary's complaints on their timeline (one query), for those who may read complaints."""
    if not user.has_perm("complaints.view_complaint"):
        return []
    rows = list(
        visible_complaints(user)
        .filter(beneficiary=beneficiary)
        .select_related("settlement")
        .order_by("-created_at")[:limit]
    )
    # CM-3: an amicable settlement is an event of its own on the file's timeline.
    settlements = [
        TimelineEntry(
            at=c.settlement.created_at,
            kind=_("Amicable settlement"),
            title=f"{c.settlement.reference} — {c.reference}",
            icon="pen",
            meta=[str(c.get_status_display())],
            url=reverse("complaints:detail", args=[c.pk]),
            badge=c.status,
        )
        for c in rows
        if c.settlement is not None
    ]
    return settlements + [
        TimelineEntry(
            at=c.created_at,
            kind=_("Complaint"),
            title=f"{c.category.name} — {c.reference}",
            icon="megaphone",
            meta=[
                str(c.get_status_display()),
                str(c.get_received_via_display()),
                # CM-1: what the follow-up committee decided, once it did.
                *(
                    [f"{_('Decision of the follow-up committee')}: {c.get_committee_decision_display()}"]
                    if c.committee_decision
                    else []
                ),
            ],
            url=reverse("complaints:detail", args=[c.pk]),
            badge=c.status,
        )
        for c in rows
    ]


def home_sections(user: Any, today: date) -> list[HomeSection]:
    """The home page's complaints (issue 11.7): the ones assigned to me, and the late ones in my scope."""
    if not user.has_perm("complaints.view_complaint"):
        return []
    sections = []
    wanted = [
        ("mine", _("Complaints assigned to me"), "megaphone", 40),
        ("overdue", _("Overdue complaints"), "alarm", 41),
    ]
    for view, title, icon, order in wanted:
        qs = worklist(user, view, today)
        rows = list(qs.order_by("resolve_due", "id")[:HOME_ROWS])
        if not rows:
            # No complaint of this kind: the section would only take room on a page about today's work.
            continue
        sections.append(
            HomeSection(
                key=f"complaints_{view}",
                title=str(title),
                icon=icon,
                count=qs.count(),
                url=f"{reverse('complaints:worklist')}?view={view}",
                items=[
                    HomeItem(
                        label=f"{c.reference} — {c.complainant_name}",
                        url=reverse("complaints:detail", args=[c.pk]),
                        meta=dual_date(c.resolve_due),
                        tone="danger" if c.resolve_due < today else "warning" if c.resolve_due == today else "",
                    )
                    for c in rows
                ],
                order=order,
            )
        )
    return sections


def claim_of(complaint: Complaint) -> Any:
    """The compensation claim this complaint opened, if any (its origin, by content type and id)."""
    return Claim.objects.filter(
        origin_type=ContentType.objects.get_for_model(Complaint), origin_id=complaint.pk
    ).first()


def staff_members() -> QuerySet[User]:
    """The staff a complaint may be about, for the registration form: active people, not the system's accounts."""
    return User.objects.filter(is_active=True).exclude(email__in=SYSTEM_ACCOUNT_NAMES).order_by("full_name")
