"""Human-readable reference numbers: ``REQ-2027-000042``.

One counter row per prefix and year, advanced by a single
``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` statement: the database
serialises concurrent callers on the row, so two requests created at the
same moment on PostgreSQL never get the same number (SQLite serialises all
writers anyway), and a block reserved for an import never overlaps another
caller's numbers. The number is taken inside the caller's transaction, so a
rolled-back creation gives its number (or its block) back.
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from .models import ReferenceCounter

WIDTH = 6


def reserve_references(prefix: str, count: int, *, year: int | None = None) -> list[str]:
    """``count`` consecutive reference numbers, taken in one statement."""
    prefix = prefix.upper()
    if not prefix.isalpha() or len(prefix) > 10:
        raise ValueError("a reference prefix is up to 10 Latin letters")
    if count < 1:
        return []
    year = year or timezone.localdate().year
    table = connection.ops.quote_name(ReferenceCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (prefix, year, last_value) VALUES (%s, %s, %s) "  # noqa: S608 - table name is ours
            f"ON CONFLICT (prefix, year) DO UPDATE SET last_value = {table}.last_value + %s "
            "RETURNING last_value",
            [prefix, year, count, count],
        )
        (last,) = cursor.fetchone()
    return [f"{prefix}-{year}-{value:0{WIDTH}d}" for value in range(last - count + 1, last + 1)]


def next_reference(prefix: str, *, year: int | None = None) -> str:
    """The next reference number for ``prefix`` (this year unless ``year``)."""
    return reserve_references(prefix, 1, year=year)[0]
