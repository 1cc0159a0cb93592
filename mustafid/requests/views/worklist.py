"""The worklist (HD-6)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.utils import timezone

from .. import selectors, services
from . import VIEW


@login_required
@permission_required(VIEW, raise_exception=True)
def worklist(request):
    """Overdue, due within three working days, returned and draft requests; replies on time and late."""
    mine = request.GET.get("mine") == "1"
    return render(
        request,
        "requests/worklist.html",
        {
            "buckets": selectors.worklist_page(request.user, mine=mine),
            "timeliness": selectors.reply_timeliness(request.user),
            "mine": mine,
            "due_soon_days": selectors.DUE_SOON_WORKING_DAYS,
            "reply_working_days": services.REPLY_WORKING_DAYS,
            "today": timezone.localdate(),
        },
    )
