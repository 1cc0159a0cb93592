"""Counts of fixed time windows shared by every worker, each spent in one statement.

A cache's ``incr`` (the database cache's in particular) reads then writes, so
two workers can both read N and both write N+1 and a flood gets through. Here
one ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` creates or advances
the window's row: the database serialises concurrent callers on that row
(SQLite serialises all writers anyway), and each gets its own count. Call it
outside long transactions: on PostgreSQL the row stays locked until the
caller's transaction ends.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from .crypto import blind_index
from .models import RateBudget


@dataclass(frozen=True)
class Spent:
    """The window's count including this one, and the seconds until the window ends."""

    count: int
    seconds_left: int


def spend(name: str, *, window_seconds: int, now: float) -> Spent:
    """Count one against ``name`` in the fixed window of ``window_seconds`` holding ``now`` (epoch seconds)."""
    start = int(now) - int(now) % window_seconds
    ends = dt.datetime.fromtimestamp(start + window_seconds, tz=dt.UTC)
    key = blind_index(f"{name}:{start}", "rate_budget")
    table = connection.ops.quote_name(RateBudget._meta.db_table)
    key_column, ends_column, count_column = (connection.ops.quote_name(c) for c in ("key", "window_ends", "count"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key_column}, {ends_column}, {count_column}) VALUES (%s, %s, 1) "  # noqa: S608 - names are ours
            f"ON CONFLICT ({key_column}) DO UPDATE SET {count_column} = {table}.{count_column} + 1 "
            f"RETURNING {count_column}",
            [
                key,
                connection.ops.adapt_datetimefield_value(ends),
            ],
        )
        (count,) = cursor.fetchone()
    return Spent(count=count, seconds_left=start + window_seconds - int(now))


def purge_ended() -> int:
    """Delete the rows of windows that have ended; how many."""
    deleted, _ = RateBudget.objects.filter(window_ends__lte=timezone.now()).delete()
    return deleted
