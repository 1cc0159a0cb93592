"""The committee's minute (محضر) as a printable Arabic PDF (RL-4)."""

from __future__ import annotations

from mustafid.core.pdf import render_pdf

from .models import Meeting
from .selectors import minute_context


def render_minute(meeting: Meeting) -> bytes:
    """The committee, the date (Gregorian and Hijri), who attended, and each request's record."""
    return render_pdf("pdf/committee_minute.html", minute_context(meeting))
