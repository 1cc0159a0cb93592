"""Reads on complaints."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.utils.functional import Promise

from mustafid.accounts.models import User
from mustafid.core.permissions import get_visible_or_404

from .models import Complaint
from .workflow import COMPLAINT_FLOW


@dataclass(frozen=True)
class PublicStep:
    """A step as the complainant sees it: what happened and when, not who on the staff did it."""

    label: str | Promise
    to_label: str
    at: datetime


def public_history(complaint: Complaint) -> list[PublicStep]:
    return [PublicStep(s.label, s.to_label, s.at) for s in COMPLAINT_FLOW.history(complaint)]


def visible_complaints(user: Any) -> QuerySet[Complaint]:
    return Complaint.objects.restrict(user, "view").select_related("category", "assigned_to", "beneficiary")


def get_complaint(user: Any, pk: int) -> Complaint:
    """A complaint in the reader's scope; a 404 otherwise, as for one that does not exist."""
    return get_visible_or_404(Complaint.objects.select_related("category", "assigned_to"), user, "view", pk=pk)


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
