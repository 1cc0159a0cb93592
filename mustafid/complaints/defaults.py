"""The first complaint categories and their deadlines in working days (CM-1); the administrator edits them.

Seeded after every ``migrate`` (and every ``flush``, which tests use) while
the table is empty: once the society has its own list, it is never touched.
"""

from __future__ import annotations

from typing import Any

CATEGORIES = [
    # name, working days to acknowledge, to resolve
    ("اعتراض على قرار", 2, 10),
    ("جودة الخدمة", 2, 10),
    ("سلوك موظف", 1, 5),
    ("الدعم الفني للبوابة", 1, 3),
    ("أخرى", 3, 15),
]


def seed_categories(sender: Any = None, **kwargs: Any) -> None:
    from django.db import connections

    from .models import ComplaintCategory

    using = kwargs.get("using", "default")
    # Only where the table is: after a migration back to before complaints existed
    # (a test of an older data migration does that), a flush still sends this signal.
    if ComplaintCategory._meta.db_table not in connections[using].introspection.table_names():
        return
    if ComplaintCategory.objects.using(using).exists():
        return
    ComplaintCategory.objects.using(using).bulk_create(
        ComplaintCategory(name=name, acknowledge_days=acknowledge, resolve_days=resolve)
        for name, acknowledge, resolve in CATEGORIES
    )
