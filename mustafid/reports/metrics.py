"""What the management dashboard counts (SM-5, SM-6), declared once.

Each metric is a condition on one base list (requests, complaints,
inquiries), itself scoped to the reader and to the chosen branch. The
dashboard counts every metric of a base in one query (COUNT ... FILTER);
the list behind a number is the same base with the same condition, so a
number and its list cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mustafid.complaints.models import Complaint
from mustafid.complaints.workflow import COMPLAINT_FLOW
from mustafid.inquiries.models import Inquiry
from mustafid.inquiries.workflow import INQUIRY_FLOW
from mustafid.requests.models import ServiceRequest, Status
from mustafid.requests.workflow import REQUEST_FLOW


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    today: date


@dataclass(frozen=True)
class Base:
    key: str
    label: str | Promise
    #: the reader's records: whatever they may not see is never counted.
    scoped: Callable[[Any], QuerySet]
    #: the records of one branch
    of_branch: Callable[[int], Q]
    #: the staff member a record is with (for the officers' table)
    officer_field: str = "assigned_to"


@dataclass(frozen=True)
class Metric:
    key: str
    base: str
    label: str | Promise
    condition: Callable[[Period], Q]
    #: "danger" when the number is bad news (late, overdue), for the badge
    tone: str = ""


def _requests(user: Any) -> QuerySet:
    return ServiceRequest.objects.restrict(user, "view").exclude(status=Status.DRAFT)


BASES = {
    b.key: b
    for b in (
        Base(
            "requests",
            _("Service requests"),
            _requests,
            lambda branch: Q(beneficiary__branch_id=branch),
            officer_field="case_worker",
        ),
        Base(
            "complaints",
            _("Complaints"),
            lambda user: Complaint.objects.restrict(user, "view"),
            lambda branch: Q(beneficiary__branch_id=branch) | Q(beneficiary__isnull=True, branch_id=branch),
        ),
        Base(
            "inquiries", _("Inquiries"), lambda user: Inquiry.objects.restrict(user, "view"), lambda b: Q(branch_id=b)
        ),
    )
}


def _in(field: str, p: Period) -> Q:
    return Q(**{f"{field}__gte": p.start, f"{field}__lte": p.end})


def _aged(low: int, high: int | None) -> Callable[[Period], Q]:
    """Open, and received between ``low`` and ``high`` days ago (calendar days: how long the person has waited)."""

    def condition(p: Period) -> Q:
        q = Q(status__in=COMPLAINT_FLOW.group("open")) & Q(created_at__date__lte=p.today - timedelta(days=low))
        if high is not None:
            q &= Q(created_at__date__gt=p.today - timedelta(days=high))
        return q

    return condition


def _inquiry_aged(low: int, high: int | None) -> Callable[[Period], Q]:
    def condition(p: Period) -> Q:
        q = Q(status__in=INQUIRY_FLOW.group("open")) & Q(created_at__date__lte=p.today - timedelta(days=low))
        if high is not None:
            q &= Q(created_at__date__gt=p.today - timedelta(days=high))
        return q

    return condition


AGES = (
    (0, 7, _("up to a week")),
    (7, 15, _("one to two weeks")),
    (15, 30, _("two weeks to a month")),
    (30, None, _("over a month")),
)

METRICS: dict[str, Metric] = {
    m.key: m
    for m in (
        # HD-6: a complete request is answered within 15 working days (due_on carries the pauses).
        Metric("requests_received", "requests", _("Received complete"), lambda p: _in("completed_on", p)),
        Metric("requests_replied", "requests", _("Answered"), lambda p: _in("replied_on", p)),
        Metric(
            "requests_on_time",
            "requests",
            _("Answered within 15 working days"),
            lambda p: _in("replied_on", p) & Q(replied_on__lte=F("due_on")),
        ),
        Metric(
            "requests_late",
            "requests",
            _("Answered late"),
            lambda p: _in("replied_on", p) & Q(replied_on__gt=F("due_on")),
            tone="danger",
        ),
        Metric(
            "requests_overdue",
            "requests",
            _("Overdue now"),
            lambda p: Q(status__in=REQUEST_FLOW.group("clock_running"), due_on__lt=p.today),
            tone="danger",
        ),
        # CM-1: complaints by status, deadlines kept, and how long the open ones have waited.
        Metric("complaints_received", "complaints", _("Received"), lambda p: _in("created_at__date", p)),
        Metric("complaints_open", "complaints", _("Open now"), lambda p: Q(status__in=COMPLAINT_FLOW.group("open"))),
        Metric("complaints_closed", "complaints", _("Closed"), lambda p: _in("closed_on", p)),
        Metric(
            "complaints_acknowledged_on_time",
            "complaints",
            _("Acknowledged on time"),
            lambda p: _in("acknowledged_on", p) & Q(acknowledged_on__lte=F("acknowledge_due")),
        ),
        Metric(
            "complaints_closed_on_time",
            "complaints",
            _("Closed on time"),
            lambda p: _in("closed_on", p) & Q(closed_on__lte=F("resolve_due")),
        ),
        Metric(
            "complaints_closed_late",
            "complaints",
            _("Closed late"),
            lambda p: _in("closed_on", p) & Q(closed_on__gt=F("resolve_due")),
            tone="danger",
        ),
        Metric(
            "complaints_overdue",
            "complaints",
            _("Overdue now"),
            lambda p: Q(status__in=COMPLAINT_FLOW.group("open"), resolve_due__lt=p.today),
            tone="danger",
        ),
        Metric(
            "complaints_satisfied",
            "complaints",
            _("Satisfied with the outcome"),
            lambda p: _in("satisfaction_answered_at__date", p) & Q(satisfied=True),
        ),
        Metric(
            "complaints_unsatisfied",
            "complaints",
            _("Not satisfied"),
            lambda p: _in("satisfaction_answered_at__date", p) & Q(satisfied=False),
            tone="danger",
        ),
        *(
            Metric(
                f"complaints_age_{low}", "complaints", label, _aged(low, high), tone="danger" if high is None else ""
            )
            for low, high, label in AGES
        ),
        # HD-1, CM-2: inquiries answered, on time, and waiting.
        Metric("inquiries_received", "inquiries", _("Received"), lambda p: _in("created_at__date", p)),
        Metric("inquiries_open", "inquiries", _("Open now"), lambda p: Q(status__in=INQUIRY_FLOW.group("open"))),
        Metric("inquiries_answered", "inquiries", _("Answered"), lambda p: _in("answered_at__date", p)),
        Metric(
            "inquiries_answered_on_time",
            "inquiries",
            _("Answered on time"),
            lambda p: _in("answered_at__date", p) & Q(answered_at__date__lte=F("due_on")),
        ),
        Metric(
            "inquiries_answered_late",
            "inquiries",
            _("Answered late"),
            lambda p: _in("answered_at__date", p) & Q(answered_at__date__gt=F("due_on")),
            tone="danger",
        ),
        Metric(
            "inquiries_overdue",
            "inquiries",
            _("Overdue now"),
            lambda p: Q(status__in=INQUIRY_FLOW.group("open"), due_on__lt=p.today),
            tone="danger",
        ),
        *(
            Metric(
                f"inquiries_age_{low}",
                "inquiries",
                label,
                _inquiry_aged(low, high),
                tone="danger" if high is None else "",
            )
            for low, high, label in AGES
        ),
    )
}


def metrics_of(base: str) -> list[Metric]:
    return [m for m in METRICS.values() if m.base == base]
