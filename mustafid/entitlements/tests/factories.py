"""Approved requests and their aid, for the entitlement tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from mustafid.accounts.roles import Role
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.entitlements.models import Entitlement, Instalment
from mustafid.requests import services as request_services
from mustafid.requests.models import ServiceRequest, Status
from mustafid.requests.tests.factories import filled_draft
from mustafid.services.tests.factories import published_service


def approved_through_the_cycle(*, beneficiary, amount=Decimal("1200"), decision="approved", decided_on=None):
    """A request taken through the real services: filed, completed, recommended, decided."""
    desk = scoped_staff(Role.RECEPTIONIST, beneficiary)
    worker = scoped_staff(Role.CASE_WORKER, beneficiary)
    request = filled_draft(by=desk, beneficiary=beneficiary, version=published_service())
    request = request_services.complete_request(by=desk, request=request)
    request_services.recommend(by=worker, request=request, recommendation=decision, note="")
    return request_services.record_decision(
        by=scoped_staff(Role.COMMITTEE_MEMBER, beneficiary),
        request=request,
        decision=decision,
        reasons="حسب الدراسة",
        approved_amount=amount if decision != "rejected" else None,
        decided_on=decided_on or request.completed_on,
    )


def decided_request(
    *, beneficiary=None, version=None, amount=Decimal("1200"), decision="approved", decided_on=date(2026, 11, 1)
) -> ServiceRequest:
    """A request in the state the committee leaves it (written directly: fast, for reads and views)."""
    beneficiary = beneficiary or BeneficiaryFactory()
    return ServiceRequest.objects.create(
        beneficiary=beneficiary,
        version=version or published_service(),
        received_via="interview",
        status=Status.DECIDED,
        reference=f"REQ-2026-{ServiceRequest.objects.count() + 900000}",
        decision=decision,
        approved_amount=amount if decision != "rejected" else None,
        decided_on=decided_on,
    )


def entitlement_with(request: ServiceRequest, *, by, dues: list[date], amount=Decimal("100")) -> Entitlement:
    entitlement = Entitlement.objects.create(
        request=request,
        beneficiary=request.beneficiary,
        kind="scheduled" if len(dues) > 1 else "one_off",
        description="سلة غذائية",
        total_amount=amount * len(dues),
        created_by=by,
    )
    for due_on in dues:
        Instalment.objects.create(entitlement=entitlement, due_on=due_on, amount=amount)
    return entitlement
