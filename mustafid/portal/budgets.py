"""Budgets of codes: how many a device, an address, an ID number or everyone may ask for in a window.

The counts live in the database (``CodeBudget``), not in a worker's memory, so
every gunicorn worker sees the same numbers. Windows are fixed (a window of an
hour starts on the hour), so a refusal can say exactly when to come back.

Taking is all or nothing: a request refused by one budget takes from none, so
an attacker whose device or address has run out no longer wears down the
budget of the ID number they are hammering.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from mustafid.core.crypto import blind_index

from .models import CodeBudget

# Rows older than this are of no use to any window.
KEEP = timedelta(days=1)


@dataclass(frozen=True)
class Limit:
    count: int
    window: timedelta

    def window_start(self, now: datetime) -> datetime:
        length = int(self.window.total_seconds())
        epoch = int(now.timestamp())
        return datetime.fromtimestamp(epoch - epoch % length, tz=UTC)


@dataclass(frozen=True)
class Budget:
    """One limit applied to one key (already a keyed hash, see ``key``)."""

    limit: Limit
    key: str


@dataclass(frozen=True)
class Refusal:
    """No code: a budget has run out until ``until``."""

    until: datetime

    def minutes(self, now: datetime | None = None) -> int:
        seconds = (self.until - (now or timezone.now())).total_seconds()
        return max(1, math.ceil(seconds / 60))


class _Refused(Exception):
    def __init__(self, until: datetime):
        self.until = until


def key(kind: str, value: str) -> str:
    """A keyed hash, so the table holds neither addresses nor ID numbers."""
    return blind_index(f"{kind}:{value}", "portal_budget")


def take(budgets: Sequence[Budget], *, now: datetime | None = None) -> Refusal | None:
    """Take one from every budget, or, if any has run out, from none and say until when.

    Race-safe: each budget is taken with a conditional UPDATE (``count < limit``),
    which PostgreSQL re-checks on the row after waiting for its lock, so two
    workers can never both take the last one. It runs in its own transaction so
    the row locks are held for a moment, not while a message is written.
    """
    now = now or timezone.now()
    try:
        with transaction.atomic():
            refused: list[datetime] = []
            for budget in budgets:
                start = budget.limit.window_start(now)
                row, created = CodeBudget.objects.get_or_create(key=budget.key, window_start=start)
                if created:
                    _forget_old(now)
                taken = CodeBudget.objects.filter(pk=row.pk, count__lt=budget.limit.count).update(count=F("count") + 1)
                if not taken:
                    refused.append(start + budget.limit.window)
            if refused:
                raise _Refused(max(refused))
    except _Refused as refusal:
        return Refusal(until=refusal.until)
    return None


def _forget_old(now: datetime) -> None:
    CodeBudget.objects.filter(window_start__lt=now - KEEP).delete()
