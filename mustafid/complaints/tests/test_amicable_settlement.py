"""CM-3: a complaint can end in an amicable settlement: its terms, both parties' signatures (on screen or
scanned), an Arabic PDF; it closes as settled only once both parties signed."""

from __future__ import annotations

import base64
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse

from mustafid.accounts.roles import Role
from mustafid.audit.models import AccessLog
from mustafid.beneficiaries.data_subject import data_subject_copy_json
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.committees.tests.test_pdf_text_layer import pdf_text, squeezed
from mustafid.compensation.tests.helpers import PDF, PNG
from mustafid.complaints import services
from mustafid.complaints.models import Complaint, Status
from mustafid.notifications.models import Notification

from .factories import filed

pytestmark = pytest.mark.django_db

TERMS = "تعتذر الجمعية للمشتكية وتنجز طلبها خلال خمسة أيام عمل، وتتنازل المشتكية عن شكواها"


def drawn() -> str:
    return "data:image/png;base64," + base64.b64encode(PNG).decode()


@pytest.fixture
def w(db):
    beneficiary = BeneficiaryFactory(full_name="نورة بنت سعد")
    worker = scoped_staff(Role.CASE_WORKER, beneficiary, full_name="مسؤول الشكاوى")
    complaint = filed(beneficiary=beneficiary, complainant_name="نورة بنت سعد").complaint
    services.assign(by=worker, complaint=complaint, officer=worker)
    services.add_note(by=worker, complaint=complaint, text="تواصلت مع المشتكية")
    complaint.refresh_from_db()
    return {"b": beneficiary, "worker": worker, "complaint": complaint}


def settled(w, **kwargs):
    return services.settle_complaint(by=w["worker"], complaint=w["complaint"], terms=TERMS, **kwargs)


def sign(w, party, name, **kwargs):
    kwargs = kwargs or {"drawn": drawn()}
    return services.sign_complaint_settlement(
        by=w["worker"], complaint=w["complaint"], party=party, signer_name=name, **kwargs
    )


def test_cm3_settle_sign_both_close_and_the_arabic_pdf_reads_back(w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        settlement = settled(w, amount=Decimal("500"))
    complaint = Complaint.objects.get(pk=w["complaint"].pk)
    assert complaint.status == Status.SETTLEMENT and complaint.settlement == settlement
    assert settlement.party_name == "نورة بنت سعد" and settlement.beneficiary == w["b"]
    with django_capture_on_commit_callbacks(execute=True):
        sign(w, "other", "نورة بنت سعد")
        sign(w, "society", "مدير الجمعية", scan=SimpleUploadedFile("signed.pdf", PDF))
        services.close_settled(by=w["worker"], complaint=complaint)
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED and settlement.reference in complaint.outcome

    settlement.refresh_from_db()
    with settlement.pdf.open("rb") as handle:
        text = pdf_text(handle.read())
    for phrase in (settlement.reference, complaint.reference, "نورة بنت سعد", TERMS, "500.00", "تسوية ودية"):
        assert squeezed(phrase) in text, phrase
    # The complainant was told through their own channel: of the terms, then of the closure.
    bodies = [n.body for n in Notification.objects.filter(about_id=str(complaint.pk))]
    assert any(TERMS in b for b in bodies) and any(settlement.reference in b for b in bodies)


def test_cm3_no_closure_as_settled_without_both_signatures(w, client):
    settled(w)
    complaint = w["complaint"]
    with pytest.raises(ValidationError) as info:
        services.close_settled(by=w["worker"], complaint=complaint)
    assert {e.code for e in info.value.error_list} == {"unsigned"}
    sign(w, "society", "مدير الجمعية")
    with pytest.raises(ValidationError):
        services.close_settled(by=w["worker"], complaint=complaint)
    # Nor through the page; and the ordinary closure is not open to a complaint being settled.
    client.force_login(w["worker"])
    client.post(reverse("complaints:close_settled", args=[complaint.pk]))
    client.post(reverse("complaints:close", args=[complaint.pk]), {"text": "أغلقت"})
    complaint.refresh_from_db()
    assert complaint.status == Status.SETTLEMENT
    with pytest.raises(ValidationError):
        sign(w, "society", "شخص آخر")  # a signature is never replaced


def test_cm3_the_settlement_is_drawn_up_and_signed_from_the_complaint_page(
    w, client, django_capture_on_commit_callbacks
):
    complaint = w["complaint"]
    client.force_login(w["worker"])
    page = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    assert reverse("complaints:settle", args=[complaint.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("complaints:settle", args=[complaint.pk]), {"terms": TERMS, "agreed_on": "", "amount": ""})
    complaint.refresh_from_db()
    assert complaint.settlement is not None and complaint.settlement.amount is None
    page = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    assert "data-signature-canvas" in page and "js/signature.js" in page and "<script>" not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("complaints:sign_settlement", args=[complaint.pk]),
            {"party": "other", "signer_name": "نورة بنت سعد", "method": "screen", "signature": drawn()},
        )
    assert complaint.settlement.signatures.get().signer_name == "نورة بنت سعد"

    response = client.get(reverse("complaints:settlement_pdf", args=[complaint.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert AccessLog.objects.filter(action=AccessLog.Action.DOWNLOAD, actor=w["worker"]).exists()


def test_cm3_the_settlement_is_on_the_timeline_and_in_the_data_subject_copy(w, client):
    settlement = settled(w)
    sign(w, "other", "نورة بنت سعد")
    client.force_login(w["worker"])
    timeline = client.get(reverse("beneficiaries:detail", args=[w["b"].pk])).content.decode()
    assert settlement.reference in timeline
    (row,) = data_subject_copy_json(w["b"])["sections"]["complaints"]["records"]
    assert row["settlement"]["settlement_reference"] == settlement.reference
    assert row["settlement"]["terms"] == TERMS
    assert [s["signer_name"] for s in row["settlement"]["signatures"]] == ["نورة بنت سعد"]


def test_cm3_a_user_out_of_scope_gets_404(w, client):
    settled(w)
    outsider = scoped_staff(Role.CASE_WORKER, BeneficiaryFactory())
    client.force_login(outsider)
    complaint = w["complaint"]
    assert client.get(reverse("complaints:settlement_pdf", args=[complaint.pk])).status_code == 404
    response = client.post(
        reverse("complaints:sign_settlement", args=[complaint.pk]),
        {"party": "other", "signer_name": "دخيل", "method": "screen", "signature": drawn()},
    )
    assert response.status_code == 404
    complaint.refresh_from_db()
    assert not complaint.settlement.signatures.exists()
    with pytest.raises(Http404):  # the service refuses an outsider too
        services.sign_complaint_settlement(
            by=outsider, complaint=complaint, party="other", signer_name="دخيل", drawn=drawn()
        )


def test_cm3_when_the_parties_do_not_agree_the_settlement_is_abandoned_and_the_investigation_goes_on(w, client):
    settlement = settled(w)
    complaint = w["complaint"]
    with pytest.raises(ValidationError):
        services.abandon_settlement(by=w["worker"], complaint=complaint, reason="  ")
    client.force_login(w["worker"])
    client.post(reverse("complaints:abandon_settlement", args=[complaint.pk]), {"text": "رفضت المشتكية الشروط"})
    complaint.refresh_from_db()
    assert complaint.status == Status.INVESTIGATING and complaint.settlement == settlement
    assert complaint.settlement_abandoned == "رفضت المشتكية الشروط"
    page = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    assert "رفضت المشتكية الشروط" in page and reverse("complaints:settle", args=[complaint.pk]) not in page
    # One settlement per complaint: the abandoned one stays its record; the complaint is answered and closed.
    with pytest.raises(ValidationError) as info:
        settled(w)
    assert {e.code for e in info.value.error_list} == {"settled_before"}


def test_cm3_a_settlement_both_parties_signed_is_not_abandoned(w):
    settled(w)
    sign(w, "other", "نورة بنت سعد")
    sign(w, "society", "مدير الجمعية")
    with pytest.raises(ValidationError) as info:
        services.abandon_settlement(by=w["worker"], complaint=w["complaint"], reason="عدول")
    assert {e.code for e in info.value.error_list} == {"signed"}
