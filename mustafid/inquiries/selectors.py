"""Reads of inquiries: the worklist (stage, mine, overdue, kind), one inquiry, the answers to pick from."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from mustafid.beneficiaries.timeline import FileAction, TimelineEntry
from mustafid.core.hijri import dual_date
from mustafid.core.home import HOME_ROWS, HomeItem, HomeSection
from mustafid.core.workdays import add_working_days

from .models import ApprovedAnswer, Inquiry, Kind
from .workflow import INQUIRY_FLOW


def inquiries_for(user: Any) -> QuerySet[Inquiry]:
    return Inquiry.objects.restrict(user, "view").select_related("beneficiary", "assigned_to", "branch")


def worklist(
    user: Any,
    *,
    stage: str = "",
    mine: bool = False,
    overdue: bool = False,
    due_soon: bool = False,
    kind: str = "",
    today: date,
):
    """The inquiries ``user`` may see, narrowed by the worklist's filters.

    "Due soon" is an open inquiry whose answer is due today or on the next
    working day: the ones to answer before they become overdue.
    """
    qs = inquiries_for(user)
    if due_soon:
        qs = qs.filter(status__in=INQUIRY_FLOW.group("open"), due_on__gte=today, due_on__lte=add_working_days(today, 1))
    if kind in Kind.values:
        qs = qs.filter(kind=kind)
    if stage in INQUIRY_FLOW.states:
        qs = qs.filter(status=stage)
    if mine:
        qs = qs.filter(assigned_to=user)
    if overdue:
        qs = qs.filter(status__in=INQUIRY_FLOW.group("open"), due_on__lt=today)
    urgent_first = overdue or due_soon or stage in INQUIRY_FLOW.group("open")
    return qs.order_by("due_on", "id") if urgent_first else qs.order_by("-id")


def get_inquiry(user: Any, pk: int) -> Inquiry:
    try:
        return inquiries_for(user).get(pk=pk)
    except Inquiry.DoesNotExist as exc:
        raise Http404 from exc


def assignable_officers(inquiry: Inquiry) -> list[Any]:
    """Liaison officers who may answer ``inquiry`` by their own scope: the choices of "assign to"."""
    from mustafid.accounts.models import User
    from mustafid.accounts.roles import Role

    people = User.objects.filter(is_active=True, groups__name=Role.LIAISON_OFFICER).distinct()
    return [p for p in people if Inquiry.objects.filter(pk=inquiry.pk).in_scope_of(p).exists()]


def answers_for(inquiry: Inquiry) -> QuerySet[ApprovedAnswer]:
    """The current approved answers that fit the inquiry: its kind, and its category and domain or none."""
    return (
        ApprovedAnswer.objects.current()
        .filter(kind=inquiry.kind)
        .filter(Q(category__isnull=True) | Q(category=inquiry.category_id))
        .filter(Q(domain__isnull=True) | Q(domain=inquiry.domain_id))
    )


def timeline_entries(beneficiary: Any, user: Any, limit: int) -> list[TimelineEntry]:
    """Inquiries on the beneficiary's timeline."""
    entries = []
    for inquiry in inquiries_for(user).filter(beneficiary=beneficiary)[:limit]:
        entries.append(
            TimelineEntry(
                at=inquiry.created_at,
                kind=str(inquiry.get_kind_display()),
                title=f"{inquiry.subject} — {inquiry.reference}",
                icon="question-circle",
                meta=[str(inquiry.get_status_display()), str(inquiry.get_source_display())],
                url=reverse("inquiries:detail", args=[inquiry.pk]),
                badge=inquiry.status,
            )
        )
    return entries


def file_actions(beneficiary: Any, user: Any) -> list[FileAction]:
    """ "Register an inquiry" on the beneficiary's page: a call or visit about dealing with the society."""
    if not user.has_perm("inquiries.add_inquiry"):
        return []
    return [
        FileAction(
            group=_("Record a contact"),
            label=_("Register an inquiry"),
            url=reverse("inquiries:new") + f"?beneficiary={beneficiary.pk}",
            icon="question-circle",
        )
    ]


def my_open_inquiries(user: Any, today: date) -> HomeSection | None:
    """The home page's count: open inquiries assigned to the user, the most urgent first.

    Only for those who answer (the liaison officers): the desks register
    inquiries but are never assigned one, a section always at 0 would be noise.
    """
    if not user.has_perm("inquiries.answer_inquiry"):
        return None
    qs = worklist(user, mine=True, today=today).filter(status__in=INQUIRY_FLOW.group("open")).order_by("due_on")
    rows = list(qs[:HOME_ROWS])
    return HomeSection(
        key="inquiries",
        title=_("Inquiries to answer"),
        icon="question-circle",
        count=len(rows) if len(rows) < HOME_ROWS else qs.count(),
        url=reverse("inquiries:worklist") + "?mine=1",
        items=[
            HomeItem(
                label=f"{item.reference}: {item.subject}",
                url=reverse("inquiries:detail", args=[item.pk]),
                meta=dual_date(item.due_on),
                tone="danger" if item.due_on < today else ("warning" if item.due_on == today else ""),
            )
            for item in rows
        ],
        order=25,
    )
