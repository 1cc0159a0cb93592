"""Reads of supervisory visits and corrective actions, scoped to the reader (SM-3)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mustafid.core.hijri import gregorian_text
from mustafid.core.home import HOME_ROWS, HomeItem, HomeSection
from mustafid.core.permissions import get_visible_or_404

from .models import ActionStatus, CorrectiveAction, Finding, Visit
from .workflow import ACTION_FLOW


def visits_for(user: Any, *, branch: int | None = None, status: str = "") -> QuerySet[Visit]:
    """The visits the user may read, newest first, with what the worklist shows in a bounded number of queries."""
    visits = (
        Visit.objects.restrict(user, "view")
        .select_related("branch", "template")
        .prefetch_related("visitors")
        .annotate(
            finding_count=Count("findings", distinct=True),
            open_actions=Count(
                "findings__actions", filter=~Q(findings__actions__status=ActionStatus.CLOSED), distinct=True
            ),
        )
    )
    if branch:
        visits = visits.filter(branch_id=branch)
    if status:
        visits = visits.filter(status=status)
    return visits.order_by("-visit_on", "-id")


def visit_for(user: Any, pk: int, today: date | None = None) -> Visit:
    """One visit the user may read, with its answers, findings and their actions; otherwise a 404."""
    actions = CorrectiveAction.objects.select_related("owner").with_overdue(today or timezone.localdate())
    return get_visible_or_404(
        Visit.objects.select_related("branch", "template", "planned_by").prefetch_related(
            "visitors",
            "answers",
            Prefetch(
                "findings",
                queryset=Finding.objects.select_related("answer").prefetch_related(
                    Prefetch("actions", queryset=actions)
                ),
            ),
        ),
        user,
        "view",
        pk=pk,
    )


def finding_for(user: Any, pk: int) -> Finding:
    """A finding of a visit the user may read; otherwise a 404."""
    visits = Visit.objects.restrict(user, "view")
    try:
        return Finding.objects.select_related("visit__branch").get(pk=pk, visit__in=visits)
    except Finding.DoesNotExist as exc:
        raise Http404 from exc


def action_for(user: Any, pk: int) -> CorrectiveAction:
    """An action its owner, or a reader of the visits of its branch, may open; otherwise a 404."""
    try:
        return (
            CorrectiveAction.objects.readable_by(user)
            .select_related("owner", "assigned_by", "finding__visit__branch")
            .prefetch_related("escalations")
            .get(pk=pk)
        )
    except CorrectiveAction.DoesNotExist as exc:
        raise Http404 from exc


def actions_of(user: Any, today: date | None = None) -> QuerySet[CorrectiveAction]:
    """The corrective actions ``user`` owns, the ones still to do first, soonest due first, overdue flagged."""
    return (
        CorrectiveAction.objects.filter(owner=user)
        .with_overdue(today or timezone.localdate())
        .select_related("finding__visit__branch")
        .order_by("status", "due_on", "id")
    )


def home_section(user: Any, today: date) -> HomeSection | None:
    """The staff home page: the person's corrective actions not yet closed, overdue ones flagged (SM-3)."""
    mine = CorrectiveAction.objects.filter(owner=user, status__in=ACTION_FLOW.group("not_closed"))
    rows = list(mine.select_related("finding__visit__branch").order_by("due_on", "id")[:HOME_ROWS])
    if not rows:
        return None
    return HomeSection(
        key="oversight",
        title=_("My corrective actions"),
        icon="clipboard-check",
        count=mine.count(),
        url=reverse("oversight:my_actions"),
        items=[
            HomeItem(
                label=action.text[:80],
                url=reverse("oversight:action", args=[action.pk]),
                meta=_("Due on %(date)s") % {"date": gregorian_text(action.due_on)},
                tone="danger" if action.is_overdue(today) else "",
            )
            for action in rows
        ],
        order=15,
    )
