"""Reads on complaints."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.functional import Promise

from .models import Complaint
from .workflow import COMPLAINT_FLOW


@dataclass(frozen=True)
class PublicStep:
    """A step as the complainant sees it: what happened and when, not who on the staff did it."""

    label: str | Promise
    to_label: str
    at: datetime


def public_history(complaint: Complaint) -> list[PublicStep]:
    return [PublicStep(s.label, s.to_label, s.at) for s in COMPLAINT_FLOW.history(complaint)]
