"""CP-4 and CM-3: each offer and answer recorded, a settlement the beneficiary signs (Arabic PDF), then the payment."""

from __future__ import annotations

import base64
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from mustafid.compensation import services
from mustafid.compensation.models import Offer, Status
from mustafid.compensation.workflow import CLAIM_FLOW

from .helpers import PDF, PNG, fault_by_ruling, opened, settled


def codes(info) -> set[str]:
    return {e.code for e in info.value.error_list}


def drawn() -> str:
    return "data:image/png;base64," + base64.b64encode(PNG).decode()


def pay(w, claim, **kwargs):
    args = {"amount": Decimal("2500"), "paid_on": timezone.localdate(), "method": "transfer", "reference": "TRX-99812"}
    return services.record_payment(by=w["worker"], claim=claim, **{**args, **kwargs})


def pdf_text(settlement) -> str:
    settlement.refresh_from_db()
    with settlement.pdf.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF")
    return "".join(page.extract_text() or "" for page in PdfReader(BytesIO(data)).pages)


def test_cp4_each_offer_and_answer_is_kept_in_order(w):
    claim = opened(w)
    fault_by_ruling(w, claim)
    first = services.make_offer(by=w["worker"], claim=claim, party="society", amount=Decimal("1500"))
    with pytest.raises(ValidationError) as info:
        services.make_offer(by=w["worker"], claim=claim, party="claimant", amount=Decimal("4000"))
    assert codes(info) == {"pending"}
    services.answer_offer(by=w["worker"], offer=first, answer="rejected", note="المبلغ لا يغطي الضرر")
    with pytest.raises(ValidationError):
        services.answer_offer(by=w["worker"], offer=first, answer="accepted")
    counter = services.make_offer(by=w["worker"], claim=claim, party="claimant", amount=Decimal("2500"))
    services.answer_offer(by=w["worker"], offer=counter, answer="accepted")
    rows = list(Offer.objects.filter(claim=claim).values_list("party", "amount", "answer"))
    assert rows == [("society", Decimal("1500"), "rejected"), ("claimant", Decimal("2500"), "accepted")]
    claim.refresh_from_db()
    assert claim.status == Status.NEGOTIATING
    notes = [step.note for step in CLAIM_FLOW.history(claim)]
    assert any("1,500.00" in n for n in notes)  # amounts in the one format (core.formatting)


def test_cp4_no_settlement_without_an_accepted_offer(w):
    claim = opened(w)
    fault_by_ruling(w, claim)
    offer = services.make_offer(by=w["worker"], claim=claim, party="society", amount=Decimal("1000"))
    services.answer_offer(by=w["worker"], offer=offer, answer="rejected")
    with pytest.raises(ValidationError) as info:
        services.settle(by=w["worker"], claim=claim, terms="شروط")
    assert codes(info) == {"no_deal"}


def test_cp4_no_payment_without_the_beneficiarys_signature(w, django_capture_on_commit_callbacks):
    claim = opened(w)
    fault_by_ruling(w, claim)
    with django_capture_on_commit_callbacks(execute=True):
        settlement = settled(w, claim)
    claim.refresh_from_db()
    with pytest.raises(ValidationError) as info:
        pay(w, claim)
    assert codes(info) == {"unsigned"}
    # The society's representative signing is not the beneficiary's acceptance.
    services.sign_settlement(by=w["worker"], claim=claim, party="society", signer_name="مدير الجمعية", drawn=drawn())
    with pytest.raises(ValidationError) as info:
        pay(w, claim)
    assert codes(info) == {"unsigned"}

    with django_capture_on_commit_callbacks(execute=True):
        services.sign_settlement(by=w["worker"], claim=claim, party="other", signer_name="نورة بنت سعد", drawn=drawn())
    with pytest.raises(ValidationError) as info:
        pay(w, claim, amount=Decimal("2000"), reference="")
    assert len(info.value.messages) == 2  # not the settled amount, no reference
    pay(w, claim)
    claim.refresh_from_db()
    assert claim.status == Status.PAID and claim.payment_reference == "TRX-99812"
    services.close_claim(by=w["worker"], claim=claim)
    claim.refresh_from_db()
    assert claim.status == Status.CLOSED

    text = pdf_text(settlement)
    assert settlement.reference in text and claim.reference in text
    assert "2,500.00" in text
    assert "نورة بنت سعد" in text.replace("\u200f", "")


def test_cm3_a_scanned_signed_paper_signs_too_and_a_signature_is_never_replaced(w):
    claim = opened(w)
    fault_by_ruling(w, claim)
    settled(w, claim)
    claim.refresh_from_db()
    with pytest.raises(ValidationError) as info:
        services.sign_settlement(
            by=w["worker"],
            claim=claim,
            party="other",
            signer_name="نورة",
            scan=SimpleUploadedFile("x.pdf", b"GIF89a not accepted"),
        )
    assert codes(info) == {"file_type"}
    services.sign_settlement(
        by=w["worker"], claim=claim, party="other", signer_name="نورة", scan=SimpleUploadedFile("s.pdf", PDF)
    )
    with pytest.raises(ValidationError) as info:
        services.sign_settlement(by=w["worker"], claim=claim, party="other", signer_name="نورة", drawn=drawn())
    assert codes(info) == {"signed"}


def test_cm3_an_amicable_settlement_needs_no_claim(w, django_capture_on_commit_callbacks):
    """A dispute ending amicably (a complaint) uses the same settlement and document."""
    with django_capture_on_commit_callbacks(execute=True):
        settlement = services.create_settlement(
            by=w["worker"], beneficiary=None, party_name="خالد المشتكي", terms="تعتذر الجمعية وتعيد جدولة الموعد"
        )
        services.add_signature(by=w["worker"], settlement=settlement, party="other", signer_name="خالد", drawn=drawn())
    assert settlement.signed_by_party
    assert settlement.reference in pdf_text(settlement)


def test_withdrawal_and_rejection_need_a_reason_and_end_the_claim(w):
    claim = opened(w)
    with pytest.raises(ValidationError):
        services.withdraw_claim(by=w["worker"], claim=claim, reason=" ")
    services.reject_claim(by=w["worker"], claim=claim, reason="لم يثبت الضرر")
    claim.refresh_from_db()
    assert claim.status == Status.REJECTED
    with pytest.raises(ValidationError):
        fault_by_ruling(w, claim)


def test_the_beneficiary_is_told_through_their_channel_when_the_claim_is_received_and_paid(w):
    from mustafid.notifications.models import Notification

    claim = opened(w)
    fault_by_ruling(w, claim)
    settled(w, claim)
    claim.refresh_from_db()
    services.sign_settlement(by=w["worker"], claim=claim, party="other", signer_name="نورة", drawn=drawn())
    pay(w, claim)
    messages = Notification.objects.filter(dedupe_key__startswith=f"claim:{claim.pk}:").order_by("id")
    assert [m.dedupe_key.rsplit(":", 1)[1] for m in messages] == ["opened", "paid"]
    assert {m.channel for m in messages} == {w["b"].preferred_channel}
    assert claim.reference in messages[1].body and "2,500.00" in messages[1].body


def test_cp2_the_settlement_names_the_approved_minute_that_established_the_fault(w, django_capture_on_commit_callbacks):
    from mustafid.committees import services as committee_services

    from .helpers import decided_by_committee

    claim = opened(w)
    meeting = decided_by_committee(w, claim)
    for key in ("chair", "m1"):
        committee_services.approve_minute(by=w[key], meeting=meeting)
    services.establish_fault_by_minute(by=w["worker"], claim=claim)
    with django_capture_on_commit_callbacks(execute=True):
        settlement = settled(w, claim)
    text = pdf_text(settlement)
    assert meeting.minute_reference in text
