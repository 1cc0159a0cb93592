"""Reads of the outbox for staff: open tasks in their scope, messages needing attention."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Notification


def open_tasks(user: Any) -> QuerySet[Notification]:
    """Phone calls to make and letters to send, oldest first."""
    return (
        Notification.objects.restrict(user, "view")
        .filter(status=Notification.Status.TASK_OPEN)
        .select_related("branch")
        .order_by("created_at", "id")
    )


def outbox(user: Any, *, status: str | None = None) -> QuerySet[Notification]:
    qs = Notification.objects.restrict(user, "view").select_related("branch")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")
