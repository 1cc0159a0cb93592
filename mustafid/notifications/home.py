"""The home page's section of staff tasks (issue 10.1): calls to make and letters to send.

The address is not shown here (the task list shows it, and logs it): the
recipient and the subject say what the task is.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from mustafid.core.home import HOME_ROWS, HomeItem, HomeSection

from .selectors import open_tasks


def tasks(user: Any, today: date) -> HomeSection | None:
    if not user.has_perm("notifications.view_notification"):
        return None
    queryset = open_tasks(user).only("id", "channel", "recipient_name", "subject", "created_at", "branch__id")
    rows = list(queryset[:HOME_ROWS])
    url = reverse("notifications:tasks")
    return HomeSection(
        key="tasks",
        title=_("Tasks"),
        icon="list-check",
        count=len(rows) if len(rows) < HOME_ROWS else queryset.count(),
        url=url,
        items=[HomeItem(label=f"{t.get_channel_display()} → {t.recipient_name}: {t.subject}", url=url) for t in rows],
        order=10,
    )
