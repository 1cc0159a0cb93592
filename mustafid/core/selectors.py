"""Reads of the shared calendar."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from .models import Holiday


def upcoming_holidays(today: date, limit: int = 10) -> QuerySet[Holiday]:
    return Holiday.objects.filter(date__gte=today).order_by("date")[:limit]


def holiday_on(day: date) -> Holiday | None:
    """The official holiday on ``day``, if it is one."""
    return Holiday.objects.filter(date=day).first()
