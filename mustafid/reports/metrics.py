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

from django.db.models import CharField, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mustafid.compensation.models import Claim
from mustafid.compensation.models import Status as ClaimStatus
from mustafid.complaints.models import Complaint, ReceivedVia
from mustafid.complaints.workflow import COMPLAINT_FLOW
from mustafid.entitlements.models import Instalment
from mustafid.inquiries.models import Inquiry
from mustafid.inquiries.workflow import INQUIRY_FLOW
from mustafid.interactions.models import Interaction
from mustafid.notifications.models import Notification
from mustafid.requests.models import RequestDocument, ServiceRequest, Status
from mustafid.requests.workflow import REQUEST_FLOW
from mustafid.services.models import RequiredDocument


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
        # Read by the compliance report (its evidence lists), not shown on the dashboard.
        Base(
            "contacts",
            _("Contacts"),
            lambda user: Interaction.objects.restrict(user, "view"),
            lambda b: Q(beneficiary__branch_id=b),
            officer_field="recorded_by",
        ),
        Base(
            "claims",
            _("Compensation claims"),
            lambda user: Claim.objects.restrict(user, "view"),
            lambda b: Q(beneficiary__branch_id=b),
            officer_field="opened_by",
        ),
        Base(
            "instalments",
            _("Aid instalments"),
            lambda user: Instalment.objects.restrict(user, "view"),
            lambda b: Q(entitlement__beneficiary__branch_id=b),
            officer_field="delivered_by",
        ),
    )
}

#: the bases the management dashboard shows, in its order
DASHBOARD_BASES = ("requests", "complaints", "inquiries")


def _in(field: str, p: Period) -> Q:
    return Q(**{f"{field}__gte": p.start, f"{field}__lte": p.end})


def _aged(open_statuses: Any, low: int, high: int | None) -> Callable[[Period], Q]:
    """Open, and received between ``low`` and ``high`` days ago (calendar days: how long the person has waited)."""

    def condition(p: Period) -> Q:
        q = Q(status__in=open_statuses) & Q(created_at__date__lte=p.today - timedelta(days=low))
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
                f"complaints_age_{low}",
                "complaints",
                label,
                _aged(COMPLAINT_FLOW.group("open"), low, high),
                tone="danger" if high is None else "",
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
                _aged(INQUIRY_FLOW.group("open"), low, high),
                tone="danger" if high is None else "",
            )
            for low, high, label in AGES
        ),
    )
}


def _told_on_completion() -> Exists:
    """HD-5: the message that the committee will study the request went to the outbox (its dedupe key says so)."""
    key = Concat(Value("request:"), Cast(OuterRef("pk"), CharField()), Value(":completed"), output_field=CharField())
    return Exists(Notification.objects.filter(dedupe_key=key))


def _every_required_document_attached() -> Q:
    """HD-3: no required document of the request's service version is missing from the request."""
    attached = RequestDocument.objects.filter(request=OuterRef(OuterRef("pk"))).values("required_document")
    missing = RequiredDocument.objects.filter(version=OuterRef("version"), required=True).exclude(pk__in=attached)
    return ~Q(Exists(missing))


def _opened_a_claim() -> Exists:
    """CM-3: a claim names the complaint it came from (by content type and id)."""
    from django.contrib.contenttypes.models import ContentType

    kind = ContentType.objects.get_for_model(Complaint)
    return Exists(Claim.objects.filter(origin_type=kind, origin_id=OuterRef("pk")))


def _channel(channel: str) -> Callable[[Period], Q]:
    return lambda p: _in("occurred_at__date", p) & Q(channel=channel)


# The compliance report's evidence: each a list the report links to.
EVIDENCE: dict[str, Metric] = {
    m.key: m
    for m in (
        Metric(
            "requests_without_receipt",
            "requests",
            _("Received complete without a receipt"),
            lambda p: _in("completed_on", p) & Q(receipt=""),
            tone="danger",
        ),
        Metric(
            "requests_with_receipt",
            "requests",
            _("Received complete with the receipt listing what was received"),
            lambda p: _in("completed_on", p) & ~Q(receipt=""),
        ),
        Metric(
            "requests_complete_documents",
            "requests",
            _("Received complete with every required document"),
            lambda p: _in("completed_on", p) & _every_required_document_attached(),
        ),
        Metric(
            "requests_attested",
            "requests",
            _("Received complete with the signed attestation"),
            lambda p: _in("completed_on", p) & Q(attestation__isnull=False),
        ),
        Metric(
            "requests_told",
            "requests",
            _("Told that the committee will study the request"),
            lambda p: _in("completed_on", p) & Q(_told_on_completion()),
        ),
        Metric(
            "complaints_by_fax",
            "complaints",
            _("Complaints received by fax"),
            lambda p: _in("created_at__date", p) & Q(received_via=ReceivedVia.FAX),
        ),
        Metric(
            "complaints_by_fax_scanned",
            "complaints",
            _("Faxed complaints kept with their scanned image"),
            lambda p: _in("created_at__date", p) & Q(received_via=ReceivedVia.FAX) & ~Q(scan=""),
        ),
        Metric(
            "complaints_on_portal",
            "complaints",
            _("Complaints filed on the portal"),
            lambda p: _in("created_at__date", p) & Q(received_via=ReceivedVia.PORTAL),
        ),
        Metric(
            "complaints_settled",
            "complaints",
            _("Complaints settled amicably"),
            lambda p: _in("settlement__agreed_on", p),
        ),
        Metric(
            "complaints_to_claims",
            "complaints",
            _("Complaints that opened a compensation claim"),
            lambda p: _in("created_at__date", p) & Q(_opened_a_claim()),
        ),
        Metric(
            "support_received",
            "inquiries",
            _("Technical support requests received"),
            lambda p: _in("created_at__date", p) & Q(kind="support"),
        ),
        Metric(
            "support_answered",
            "inquiries",
            _("Technical support requests answered"),
            lambda p: _in("created_at__date", p) & Q(kind="support", answered_at__isnull=False),
        ),
        Metric("contacts_interview", "contacts", _("Interviews"), _channel("interview")),
        Metric("contacts_letter", "contacts", _("Letters"), _channel("letter")),
        Metric(
            "contacts_letter_in_registered",
            "contacts",
            _("Incoming letters registered with a number and the scan"),
            lambda p: _channel("letter")(p) & Q(direction="in") & ~Q(reference="") & ~Q(attachment=""),
        ),
        Metric(
            "contacts_letter_in", "contacts", _("Incoming letters"), lambda p: _channel("letter")(p) & Q(direction="in")
        ),
        Metric("contacts_phone", "contacts", _("Phone calls"), _channel("phone")),
        Metric("contacts_fax", "contacts", _("Faxes"), _channel("fax")),
        Metric(
            "contacts_fax_in_scanned",
            "contacts",
            _("Received faxes registered with the scanned image"),
            lambda p: _channel("fax")(p) & Q(direction="in") & ~Q(attachment=""),
        ),
        Metric("contacts_fax_in", "contacts", _("Received faxes"), lambda p: _channel("fax")(p) & Q(direction="in")),
        Metric(
            "contacts_web_email",
            "contacts",
            _("Website and email contacts"),
            lambda p: _in("occurred_at__date", p) & Q(channel__in=("web", "email")),
        ),
        Metric("contacts_volunteer", "contacts", _("Contacts made by volunteers"), _channel("volunteer")),
        Metric(
            "claims_past_fault",
            "claims",
            _("Claims negotiated, settled or paid"),
            lambda p: (
                Q(
                    status__in=(ClaimStatus.NEGOTIATING, ClaimStatus.SETTLED, ClaimStatus.PAID, ClaimStatus.CLOSED),
                    fault_established_on__lte=p.end,
                )
                & ~Q(status=ClaimStatus.CLOSED, paid_on__isnull=True)
            ),
        ),
        Metric(
            "claims_fault_proved",
            "claims",
            _("... with the fault established by an approved minute or a ruling"),
            lambda p: EVIDENCE["claims_past_fault"].condition(p) & Q(fault_basis__in=("minute", "ruling")),
        ),
        Metric(
            "claims_by_minute",
            "claims",
            _("Fault established by an approved minute of the investigation committee"),
            lambda p: _in("fault_established_on", p) & Q(fault_basis="minute"),
        ),
        Metric(
            "claims_by_ruling",
            "claims",
            _("Fault established by a judicial ruling or a final decision"),
            lambda p: _in("fault_established_on", p) & Q(fault_basis="ruling"),
        ),
        Metric("claims_paid", "claims", _("Claims paid"), lambda p: _in("paid_on", p)),
        Metric(
            "claims_paid_signed",
            "claims",
            _("... after a settlement the beneficiary signed"),
            lambda p: _in("paid_on", p) & Q(settlement__signatures__party="other"),
        ),
        Metric("instalments_due", "instalments", _("Aid instalments due"), lambda p: _in("due_on", p)),
        Metric(
            "instalments_delivered",
            "instalments",
            _("... delivered"),
            lambda p: _in("due_on", p) & Q(status=Instalment.Status.DELIVERED),
        ),
        Metric(
            "instalments_late",
            "instalments",
            _("... not delivered by the end of the period"),
            lambda p: _in("due_on", p) & Q(status=Instalment.Status.DUE),
            tone="danger",
        ),
    )
}


def metric(key: str) -> Metric | None:
    """A dashboard number or a compliance evidence list, by its key."""
    return METRICS.get(key) or EVIDENCE.get(key)


def metrics_of(base: str) -> list[Metric]:
    return [m for m in METRICS.values() if m.base == base]
