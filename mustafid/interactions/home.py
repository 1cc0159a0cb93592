"""The home page's section of follow-ups due (issue 10.1, CH-3): the ones the user recorded, due today or late."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from mustafid.core.hijri import dual_date
from mustafid.core.home import HOME_ROWS, HomeItem, HomeSection

from .selectors import open_follow_ups


def follow_ups_due(user: Any, today: date) -> HomeSection | None:
    if not user.has_perm("interactions.view_interaction"):
        return None
    due = (
        open_follow_ups(user, mine=True)
        .filter(follow_up_on__lte=today)
        .only(
            "id",
            "subject",
            "follow_up_on",
            "follow_up_note",
            "beneficiary__id",
            "beneficiary__full_name",
            "recorded_by",
        )
    )
    rows = list(due[:HOME_ROWS])
    return HomeSection(
        key="follow_ups",
        title=_("Follow-ups due"),
        icon="telephone-forward",
        count=len(rows) if len(rows) < HOME_ROWS else due.count(),
        url=reverse("interactions:follow_ups") + "?mine=1",
        items=[
            HomeItem(
                label=f"{item.beneficiary.full_name}: {item.follow_up_note or item.subject}",
                url=reverse("interactions:detail", args=[item.pk]),
                meta=dual_date(item.follow_up_on),
                tone="danger" if item.follow_up_on < today else "warning",
            )
            for item in rows
        ],
        order=20,
    )
