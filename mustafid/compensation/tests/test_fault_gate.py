"""CP-1..CP-3: a claim reaches negotiation only once the society's fault is established, and the server enforces it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from mustafid.accounts.roles import Role
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.committees import services as committee_services
from mustafid.committees.models import MinuteApproval
from mustafid.compensation import services
from mustafid.compensation.models import Status
from mustafid.compensation.workflow import CLAIM_FLOW

from .helpers import HARM_FOUND, PNG, decided_by_committee, fault_by_ruling, opened, ruling_pdf


def codes(info) -> set[str]:
    return {e.code for e in info.value.error_list}


def test_cp1_no_offer_while_the_fault_is_not_established(w):
    claim = opened(w)
    with pytest.raises(ValidationError) as info:
        services.make_offer(by=w["worker"], claim=claim, party="society", amount=Decimal("100"))
    assert codes(info) == {"bad_transition"}
    assert not claim.offers.exists()


def test_cp2_no_fault_by_minute_without_the_committees_finding(w):
    claim = opened(w)
    with pytest.raises(ValidationError) as info:
        services.establish_fault_by_minute(by=w["worker"], claim=claim)
    assert codes(info) == {"no_finding"}
    claim.refresh_from_db()
    assert claim.status == Status.OPENED


def test_cp2_the_fault_counts_only_once_every_eligible_member_approved_the_minute(w):
    claim = opened(w)
    meeting = decided_by_committee(w, claim)
    claim.refresh_from_db()
    # The minute states the harm, its size and its causes, dated.
    assert claim.finding == "established" and claim.harm_found == HARM_FOUND
    assert claim.harm_size == Decimal("2500") and claim.finding_on == meeting.held_on
    assert claim.status == Status.OPENED

    with pytest.raises(ValidationError) as info:
        services.establish_fault_by_minute(by=w["worker"], claim=claim)
    assert codes(info) == {"minute_not_approved"}
    committee_services.approve_minute(by=w["chair"], meeting=meeting)
    with pytest.raises(ValidationError) as info:
        services.establish_fault_by_minute(by=w["worker"], claim=claim)
    assert "العضو الأول" in str(info.value)  # who is still awaited is named

    committee_services.approve_minute(by=w["m1"], meeting=meeting)
    services.establish_fault_by_minute(by=w["worker"], claim=claim)
    claim.refresh_from_db()
    assert claim.status == Status.FAULT_ESTABLISHED and claim.fault_basis == "minute"
    # Each approval is recorded, and the step is on the claim's history with the minute's number.
    assert set(MinuteApproval.objects.filter(meeting=meeting).values_list("member__full_name", flat=True)) == {
        "رئيس لجنة التحقيق",
        "العضو الأول",
    }
    assert meeting.minute_reference in CLAIM_FLOW.history(claim)[-1].note


def test_cp2_a_member_with_a_declared_conflict_cannot_approve_the_minute(w):
    claim = opened(w)
    meeting = decided_by_committee(w, claim, conflicts=("m2",))
    with pytest.raises(ValidationError) as info:
        committee_services.approve_minute(by=w["m2"], meeting=meeting)
    assert codes(info) == {"conflicted"}
    assert not MinuteApproval.objects.filter(meeting=meeting, member=w["m2"]).exists()


def test_cp2_a_finding_that_the_fault_is_not_established_opens_no_negotiation(w):
    claim = opened(w)
    meeting = committee_services.schedule_meeting(
        by=w["chair"], committee=w["committee"], held_on=claim.created_at.date()
    )
    (item,) = committee_services.add_to_agenda(by=w["chair"], meeting=meeting, cases=[claim])
    committee_services.record_attendance(by=w["chair"], meeting=meeting, present=[w["chair"], w["m1"]])
    for key in ("chair", "m1"):
        committee_services.declare_conflict(by=w[key], item=item, has_conflict=False)
        committee_services.cast_vote(by=w[key], item=item, choice="not_established")
    committee_services.decide_item(by=w["chair"], item=item, decision="not_established", reasons="لا خطأ")
    committee_services.close_meeting(by=w["chair"], meeting=meeting)
    for key in ("chair", "m1"):
        committee_services.approve_minute(by=w[key], meeting=meeting)
    with pytest.raises(ValidationError) as info:
        services.establish_fault_by_minute(by=w["worker"], claim=claim)
    assert codes(info) == {"no_finding"}


def test_cp3_a_ruling_establishes_the_fault_with_its_authority_number_date_and_document(w):
    claim = opened(w)
    with pytest.raises(ValidationError) as info:
        services.establish_fault_by_ruling(
            by=w["worker"], claim=claim, authority="", number="", ruling_date=None, document=None
        )
    assert len(info.value.messages) == 4
    with pytest.raises(ValidationError) as info:
        services.establish_fault_by_ruling(
            by=w["worker"],
            claim=claim,
            authority="المحكمة العامة",
            number="1/ق",
            ruling_date=claim.created_at.date(),
            document=ruling_pdf(b"MZ\x90\x00 not a document", "حكم.pdf"),
        )
    assert codes(info) == {"file_type"}  # checked by its content, not its name
    fault_by_ruling(w, claim)
    claim.refresh_from_db()
    assert claim.status == Status.FAULT_ESTABLISHED and claim.fault_basis == "ruling"
    assert claim.ruling_number == "4512/ق" and claim.ruling_document_name == "حكم.pdf"
    assert PNG  # the helpers' image is used by the settlement tests


def test_the_gate_checks_scope_and_permission(w):
    claim = opened(w)
    outsider = scoped_staff(Role.CASE_WORKER, BeneficiaryFactory())
    with pytest.raises(Http404):
        fault_by_ruling({**w, "worker": outsider}, claim)
    desk = scoped_staff(Role.RECEPTIONIST, w["b"])
    with pytest.raises((PermissionDenied, Http404)):
        fault_by_ruling({**w, "worker": desk}, claim)


def test_a_claim_keeps_the_case_it_came_from_without_importing_its_app(w):
    """The complaint that revealed the harm (CM-3) is named by content type and id; a contact stands in here."""
    from django.contrib.contenttypes.models import ContentType

    from mustafid.interactions.tests.factories import InteractionFactory

    origin = InteractionFactory(beneficiary=w["b"], recorded_by=w["worker"])
    claim = services.open_claim(by=w["worker"], beneficiary=w["b"], harm=HARM_FOUND, origin=origin)
    assert (claim.origin_type, claim.origin_id) == (ContentType.objects.get_for_model(origin), origin.pk)
    with pytest.raises(ValidationError) as info:
        services.open_claim(by=w["worker"], beneficiary=w["b"], harm="  ")
    assert codes(info) == {"no_harm"}
