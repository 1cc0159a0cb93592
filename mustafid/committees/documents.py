"""The committee's minute (محضر) as a printable Arabic PDF (RL-4)."""

from __future__ import annotations

from mustafid.core import documents
from mustafid.core.pdf import render_pdf

from .models import Meeting
from .selectors import minute_context


def render_minute(meeting: Meeting) -> bytes:
    """The committee, the date (Gregorian and Hijri), who attended, and each request's record."""
    return render_pdf("pdf/committee_minute.html", minute_context(meeting))


def register_documents() -> None:
    documents.register(
        documents.DocumentKind(
            key="committees.minute",
            model="committees.Meeting",
            field="minute_pdf",
            render=render_minute,
            filename=lambda m: f"{m.minute_reference}.pdf",
        )
    )
