"""Approved aid: scheduling it and recording its delivery (RL-3).

An entitlement is created from a request the committee approved (in full or
in part), for no more than the approved amount, and split into instalments
whose amounts add up to the total to the halala. Delivering an instalment
records who delivered it, when, how and against which receipt; an instalment
is delivered once.
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mustafid.accounts.models import User
from mustafid.core.files import DOCUMENT_KINDS, check_upload
from mustafid.core.formatting import format_number
from mustafid.core.permissions import require
from mustafid.requests.models import Decision, ServiceRequest
from mustafid.requests.workflow import REQUEST_FLOW

from .models import Entitlement, Instalment
from .workflow import INSTALMENT_FLOW

# A request's decision can be turned into aid only once the committee approved it.
ENTITLING_DECISIONS = frozenset({Decision.APPROVED, Decision.PARTLY})
MAX_INSTALMENTS = 60
MAX_EVERY_MONTHS = 12
CENT = Decimal("0.01")


def add_months(start: date, months: int) -> date:
    """``start`` moved by ``months`` calendar months; the day is kept, or the month's last day."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def split_amount(total: Decimal, parts: int) -> list[Decimal]:
    """``total`` in ``parts`` equal amounts to the halala; the last one takes the rounding.

    ``split_amount(Decimal("1000"), 3)`` is 333.33, 333.33, 333.34: the sum is
    always exactly the total.
    """
    halalas = int((total / CENT).to_integral_value())
    each = halalas // parts
    amounts = [each] * parts
    amounts[-1] += halalas - each * parts
    return [Decimal(a).scaleb(-2) for a in amounts]


def due_dates(first_due_on: date, count: int, every_months: int) -> list[date]:
    """Each computed from the first date (31 Jan, 28 Feb, 31 Mar...), never from the previous one."""
    return [add_months(first_due_on, i * every_months) for i in range(count)]


def check_entitling(request: ServiceRequest) -> None:
    """Refuse a request whose decision does not give aid, or that already has its entitlement."""
    if request.status not in REQUEST_FLOW.group("decided") or request.decision not in ENTITLING_DECISIONS:
        raise ValidationError(
            _("Aid can be scheduled only for a request the committee approved in full or in part."),
            code="not_approved",
        )
    if Entitlement.objects.filter(request=request).exists():
        raise ValidationError(_("The aid of this request is already scheduled."), code="exists")


def _clean_total(total_amount: Decimal | str | int, approved: Decimal | None) -> Decimal:
    try:
        total = Decimal(str(total_amount))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(_("Enter the amount in riyals."), code="bad_amount") from exc
    if not total.is_finite() or total <= 0:
        raise ValidationError(_("The amount must be more than zero."), code="bad_amount")
    if total != total.quantize(CENT):
        raise ValidationError(_("The amount has at most two decimal places (halalas)."), code="bad_amount")
    if approved is None or total > approved:
        raise ValidationError(
            _("The total cannot exceed the amount the committee approved (%(approved)s SAR).")
            % {"approved": format_number(approved if approved is not None else 0)},
            code="over_approved",
        )
    return total.quantize(CENT)


@transaction.atomic
def create_entitlement(
    *,
    by: User,
    request: ServiceRequest,
    kind: str,
    description: str,
    total_amount: Decimal,
    instalments: int = 1,
    first_due_on: date,
    every_months: int = 1,
) -> Entitlement:
    """Schedule the aid a committee approved on ``request`` (RL-3).

    A one-off entitlement is one instalment; a scheduled one two or more,
    ``every_months`` apart from ``first_due_on``. The total is at most the
    approved amount and the instalments add up to it exactly.
    """
    require(by, "view", request)
    if not by.has_perm("entitlements.add_entitlement"):
        raise PermissionDenied
    request = ServiceRequest.objects.select_for_update().get(pk=request.pk)
    check_entitling(request)
    if kind not in Entitlement.Kind.values:
        raise ValidationError(_("Choose whether the aid is given once or in instalments."), code="bad_kind")
    if not description.strip():
        raise ValidationError(_("Say what is due (for example: monthly food basket)."), code="no_description")
    if kind == Entitlement.Kind.ONE_OFF and instalments != 1:
        raise ValidationError(_("A one-off aid is delivered in one instalment."), code="bad_instalments")
    if kind == Entitlement.Kind.SCHEDULED and not 2 <= instalments <= MAX_INSTALMENTS:
        raise ValidationError(
            _("Scheduled aid has from 2 to %(max)s instalments.") % {"max": MAX_INSTALMENTS},
            code="bad_instalments",
        )
    if not 1 <= every_months <= MAX_EVERY_MONTHS:
        raise ValidationError(
            _("Instalments are 1 to %(max)s months apart.") % {"max": MAX_EVERY_MONTHS}, code="bad_interval"
        )
    total = _clean_total(total_amount, request.approved_amount)
    if total / CENT < instalments:
        raise ValidationError(_("The amount is too small for this many instalments."), code="bad_instalments")
    if request.decided_on and first_due_on < request.decided_on:
        raise ValidationError(_("The first instalment cannot fall before the decision date."), code="before_decision")
    entitlement = Entitlement.objects.create(
        request=request,
        beneficiary=request.beneficiary,
        kind=kind,
        description=description.strip(),
        total_amount=total,
        created_by=by,
    )
    # One by one rather than bulk: each row goes through the change history.
    for due_on, amount in zip(
        due_dates(first_due_on, instalments, every_months), split_amount(total, instalments), strict=True
    ):
        Instalment.objects.create(entitlement=entitlement, due_on=due_on, amount=amount)
    return entitlement


@transaction.atomic
def deliver_instalment(
    *, by: User, instalment: Instalment, method: str, receipt_number: str, receipt_file=None
) -> Instalment:
    """Record that ``instalment`` reached the beneficiary: by whom, when, how, against which receipt.

    Refused for an instalment already delivered (evidence is never overwritten).
    """
    require(by, "change", instalment)
    instalment = Instalment.objects.select_for_update().get(pk=instalment.pk)
    INSTALMENT_FLOW.start("deliver", instalment, by=by)
    if method not in Instalment.Method.values:
        raise ValidationError(_("Choose how the aid was delivered."), code="bad_method")
    receipt_number = (receipt_number or "").strip()
    if not receipt_number:
        raise ValidationError(_("Enter the receipt number."), code="no_receipt")
    if receipt_file is not None:
        check_upload(receipt_file, allowed=DOCUMENT_KINDS)
        instalment.receipt_file = receipt_file
    INSTALMENT_FLOW.move("deliver", instalment, by=by)
    instalment.delivered_at = timezone.now()
    instalment.delivered_by = by
    instalment.method = method
    instalment.receipt_number = receipt_number
    instalment.save()
    return instalment
