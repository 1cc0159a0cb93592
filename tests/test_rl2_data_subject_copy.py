"""RL-2: a beneficiary's copy of everything the society holds about them is complete.

Cross-app: the file is built through the real services of every app (intake,
attestation, study, committee, decision letter, aid and its delivery), then
the copy is read as JSON, as the HTML the PDF is made from, and as the PDF's
text layer. Arabic is checked in the HTML: with the vendored Noto Naskh font
the PDF's text layer garbles Arabic letters (see the notes on Arabic PDF
text), so the PDF is checked for the references, numbers and amounts.
"""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.apps import apps
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import UserFactory
from mustafid.beneficiaries import data_subject
from mustafid.beneficiaries.models import Beneficiary
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, HouseholdMemberFactory, scoped_staff
from mustafid.committees import services as committee_services
from mustafid.committees.models import CommitteeMember
from mustafid.committees.tests.factories import CommitteeFactory, add_member
from mustafid.entitlements import services as entitlement_services
from mustafid.interactions.tests.factories import InteractionFactory
from mustafid.portal import codes
from mustafid.requests import services as request_services
from mustafid.requests.tests.factories import filled_draft
from mustafid.services.tests.factories import published_service

# Models that refer to a beneficiary and yet hold nothing about the person.
# Each needs a reason; today there is none: every such model is in a section.
NOT_ABOUT_THE_PERSON: tuple[type[models.Model], ...] = ()


@pytest.fixture(autouse=True)
def private_files(tmp_path, monkeypatch):
    """Every private file the services write goes to a temporary folder."""
    storage = FileSystemStorage(location=str(tmp_path / "private"), base_url=None)
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                monkeypatch.setattr(field, "storage", storage)
    return storage


def member(committee, name, role=CommitteeMember.Role.MEMBER):
    user = UserFactory(role=Role.COMMITTEE_MEMBER, full_name=name)
    add_member(committee, user, role)
    return user


def full_file(b: Beneficiary, *, requests: int = 1) -> dict:
    """``requests`` service requests taken through the whole cycle, each with aid delivered once."""
    committee = CommitteeFactory(name="لجنة المساعدات", quorum=2)
    chair = member(committee, "رئيس اللجنة", CommitteeMember.Role.CHAIR)
    m1, m2 = member(committee, "العضو الأول"), member(committee, "العضو الثاني")
    desk = scoped_staff(Role.RECEPTIONIST, b, full_name="موظف الاستقبال")
    worker = scoped_staff(Role.CASE_WORKER, b, full_name="الباحثة الاجتماعية")
    version = published_service(committee=committee)
    HouseholdMemberFactory(beneficiary=b, full_name="سالم الابن")
    InteractionFactory(beneficiary=b, subject="استفسار عن موعد الصرف", recorded_by=desk)
    done = []
    for n in range(requests):
        request = filled_draft(by=desk, beneficiary=b, version=version)
        request = request_services.complete_request(by=desk, request=request)
        request_services.return_for_information(by=worker, request=request, reason="صورة عقد الإيجار")
        request = request_services.resume(by=worker, request=request)
        request_services.add_study_note(
            by=worker, request=request, kind="visit", text="زيارة ميدانية للأسرة", visited_on=timezone.localdate()
        )
        request = request_services.recommend(by=worker, request=request, recommendation="approved", note="مستحقة")
        meeting = committee_services.schedule_meeting(
            by=chair, committee=committee, held_on=timezone.localdate(), location="قاعة الاجتماعات"
        )
        (item,) = committee_services.add_to_agenda(by=chair, meeting=meeting, cases=[request])
        committee_services.record_attendance(by=chair, meeting=meeting, present=[chair, m1, m2])
        for who, conflicted in ((chair, False), (m1, False), (m2, True)):
            committee_services.declare_conflict(by=who, item=item, has_conflict=conflicted, note="قريب")
        committee_services.cast_vote(by=chair, item=item, choice="approved")
        committee_services.cast_vote(by=m1, item=item, choice="approved")
        committee_services.decide_item(
            by=chair, item=item, decision="approved", reasons="الأسرة مستحقة", approved_amount=Decimal("9000")
        )
        meeting = committee_services.close_meeting(by=chair, meeting=meeting)
        request.refresh_from_db()
        request = request_services.send_reply(by=desk, request=request)
        entitlement = entitlement_services.create_entitlement(
            by=worker,
            request=request,
            kind="scheduled",
            description="إعانة إيجار",
            total_amount=Decimal("9000"),
            instalments=3,
            first_due_on=request.decided_on,
        )
        first = entitlement.instalments.order_by("due_on").first()
        instalment = entitlement_services.deliver_instalment(
            by=desk,
            instalment=first,
            method="bank",
            receipt_number=f"TRX-{n}-7781",
            receipt_file=SimpleUploadedFile("r.pdf", b"%PDF-1.4\n% receipt\n", content_type="application/pdf"),
        )
        done.append({"request": request, "instalment": instalment, "meeting": meeting})
    return {"desk": desk, "worker": worker, "chair": chair, "done": done}


@pytest.fixture
def hind(db):
    return BeneficiaryFactory(full_name="هند بنت سالم", email="hind@example.org")


def records(copy: dict, key: str) -> list[dict]:
    return copy["sections"][key]["records"]


# --- every model is in the copy ---------------------------------------------------


def _dependents(start: set[type[models.Model]]) -> set[type[models.Model]]:
    """``start`` and every project model with a foreign key (or one-to-one) to one of them, transitively."""
    project = [m for m in apps.get_models() if m.__module__.startswith("mustafid.")]
    found = set(start)
    grew = True
    while grew:
        grew = False
        for model in project:
            if model in found:
                continue
            targets = {
                f.related_model
                for f in model._meta.get_fields()
                if f.concrete and (f.many_to_one or f.one_to_one) and f.related_model
            }
            if targets & found:
                found.add(model)
                grew = True
    return found


def models_referring_to_beneficiaries() -> set[type[models.Model]]:
    """Project models with a foreign key (or one-to-one) to a beneficiary, or to such a model, transitively."""
    return _dependents({Beneficiary})


def models_referring_to_anything() -> set[type[models.Model]]:
    """Project models that name a row by content type and id (a case on an agenda, a workflow step, the
    outbox, the access log), and the models that hang from them: any of them may be about the person."""
    from django.contrib.contenttypes.models import ContentType

    generic = {
        m
        for m in apps.get_models()
        if m.__module__.startswith("mustafid.")
        and any(f.concrete and f.many_to_one and f.related_model is ContentType for f in m._meta.get_fields())
    }
    return _dependents(generic)


def test_rl2_every_model_that_refers_to_a_beneficiary_belongs_to_a_section_of_the_copy():
    referring = models_referring_to_beneficiaries()
    generic = models_referring_to_anything()
    # The walk is not empty-handed: it reaches rows two and three steps away, and through generic references.
    from mustafid.committees.models import AgendaItem, Vote
    from mustafid.entitlements.models import Instalment

    assert Instalment in referring
    assert {AgendaItem, Vote} <= generic
    covered = {model for section in data_subject.sections() for model in section.models}
    missing = sorted(m._meta.label for m in (referring | generic) - covered - set(NOT_ABOUT_THE_PERSON))
    assert not missing, f"in no section of the data-subject copy (RL-2): {missing}"
    # The copy finds the same rows when it follows generic references (outbox, access log).
    assert set(data_subject.beneficiary_lookups()) == referring


def test_rl2_every_label_of_the_copy_is_in_arabic(hind):
    full_file(hind)
    copy = data_subject.data_subject_copy_json(hind)

    def keys(value) -> set[str]:
        if isinstance(value, dict):
            return set(value) | {k for item in value.values() for k in keys(item)}
        if isinstance(value, list):
            return {k for item in value for k in keys(item)}
        return set()

    with translation.override("ar"):
        for section in data_subject.sections():
            assert any("\u0600" <= ch <= "\u06ff" for ch in str(section.title)), section.key
            used = keys(records(copy, section.key))
            unlabelled = used - set(section.labels)
            assert not unlabelled, (section.key, unlabelled)
            for key in used:
                label = str(section.labels[key])
                assert any("\u0600" <= ch <= "\u06ff" for ch in label), (section.key, key, label)


# --- what the copy holds ------------------------------------------------------------


def test_rl2_copy_json_has_every_registered_section(hind):
    copy = data_subject.data_subject_copy_json(hind)
    assert list(copy["sections"]) == [s.key for s in data_subject.sections()]
    assert {"person", "requests", "committee", "entitlements", "contacts", "messages", "access_log"} <= set(
        copy["sections"]
    )
    json.dumps(copy)  # JSON-safe as it is


def test_rl2_copy_includes_service_requests_and_decisions(hind):
    made = full_file(hind)
    request = made["done"][0]["request"]
    instalment = made["done"][0]["instalment"]
    copy = data_subject.data_subject_copy_json(hind)

    (row,) = records(copy, "requests")
    assert row["reference"] == request.reference
    assert row["service"] == request.version.service.name
    assert row["status"] == "تم الرد"
    assert row["received_via"] == "المقابلة في الاستقبال"
    assert {"question": "عدد أفراد الأسرة", "answer": "5"} in row["answers"]
    assert all(c["met"] is True for c in row["criteria_answers"]) and len(row["criteria_answers"]) == 2
    assert [d["title"] for d in row["documents"]] == ["صورة الهوية الوطنية"]
    assert row["attestation"]["signer_name"] == "هند بنت سالم"
    assert row["attestation"]["attestation_text"] == request.attestation.text
    assert row["attestation"]["signed_at"] == request.attestation.signed_at.isoformat()
    assert row["pauses"][0]["reason"] == "صورة عقد الإيجار"
    assert row["study_notes"][0]["notes"] == "زيارة ميدانية للأسرة"
    assert (row["recommendation"], row["decision"]) == ("موافق عليه", "موافق عليه")
    assert row["decision_reasons"] == "الأسرة مستحقة"
    assert row["approved_amount"] == "9000.00"
    assert row["letter_reference"] == request.letter_reference and request.letter_reference
    assert row["replied_on"] == request.replied_on.isoformat()

    (item,) = records(copy, "committee")
    assert item["minute_reference"] == made["done"][0]["meeting"].minute_reference != ""
    assert (item["votes_approve"], item["votes_reject"], item["conflicts_declared"]) == (2, 0, 1)
    assert "رئيس اللجنة" not in json.dumps(item, ensure_ascii=False)  # who voted how stays with the committee

    (aid,) = records(copy, "entitlements")
    assert (aid["request"], aid["total_amount"]) == (request.reference, "9000.00")
    assert [i["amount"] for i in aid["instalments"]] == ["3000.00", "3000.00", "3000.00"]
    delivered = aid["instalments"][0]
    assert delivered["receipt_number"] == instalment.receipt_number == "TRX-0-7781"
    assert delivered["method"] == "تحويل بنكي"
    assert delivered["delivered_at"] == instalment.delivered_at.isoformat()

    assert records(copy, "household")[0]["full_name"] == "سالم الابن"
    assert records(copy, "contacts")[0]["subject"] == "استفسار عن موعد الصرف"
    subjects = [m["subject"] for m in records(copy, "messages")]
    assert any(request.letter_reference in m["body"] for m in records(copy, "messages")), subjects
    assert records(copy, "person")[0]["national_id"] == hind.national_id


def test_rl2_copy_pdf_renders_every_section_with_dual_dates_and_amounts(hind):
    made = full_file(hind)
    request = made["done"][0]["request"]
    html = data_subject.data_subject_copy_html(hind)
    with translation.override("ar"):
        for section in data_subject.sections():
            assert f"<h2>{section.title}</h2>" in html
    for arabic in ("هند بنت سالم", "موافق عليه", "الأسرة مستحقة", "صورة عقد الإيجار", "عدد أفراد الأسرة", "تحويل بنكي"):
        assert arabic in html
    assert "9,000.00 ريال" in html and "3,000.00 ريال" in html
    assert "الموافق" in html and "هـ" in html  # Gregorian and Hijri, from the one dual-date helper

    pdf = data_subject.data_subject_copy_pdf(hind)
    assert pdf.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    for ascii_value in (
        hind.file_number,
        request.reference,
        request.letter_reference,
        made["done"][0]["instalment"].receipt_number,
        made["done"][0]["meeting"].minute_reference,
        "9,000.00",
    ):
        assert ascii_value in text, ascii_value


def test_rl2_copy_views_serve_the_complete_copy_and_log_the_export(client, hind):
    made = full_file(hind)
    request = made["done"][0]["request"]
    client.force_login(made["worker"])
    data = json.loads(client.get(reverse("beneficiaries:copy", args=[hind.pk, "json"])).content)
    assert records(data, "requests")[0]["reference"] == request.reference
    response = client.get(reverse("beneficiaries:copy", args=[hind.pk, "pdf"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert request.letter_reference in text


# --- transparency without leaking ------------------------------------------------------


def test_rl2_copy_lists_who_opened_the_file_by_role_not_by_name(client, hind):
    reader = scoped_staff(Role.CASE_WORKER, hind, full_name="نورة الباحثة")
    client.force_login(reader)
    assert client.get(reverse("beneficiaries:detail", args=[hind.pk])).status_code == 200
    copy = data_subject.data_subject_copy_json(hind)
    (entry,) = records(copy, "access_log")
    assert (entry["action"], entry["by"]) == ("اطّلع", "الباحث الاجتماعي")
    assert "نورة" not in json.dumps(copy["sections"]["access_log"], ensure_ascii=False)


def test_rl2_copy_shows_when_portal_codes_were_asked_for_but_never_a_code(hind):
    from mustafid.notifications.models import Notification
    from mustafid.portal.models import OneTimeCode

    codes.issue_code(national_id=hind.national_id, device_hash="d" * 64, address="192.0.2.10")
    stored = OneTimeCode.objects.get()
    sms = Notification.objects.get(dedupe_key__startswith=codes.DEDUPE_PREFIX)
    code = "".join(ch for ch in sms.body if ch.isdigit())[:6]
    copy = data_subject.data_subject_copy_json(hind)
    (row,) = records(copy, "portal_codes")
    assert row["asked_at"] == stored.created_at.isoformat() and row["used_at"] is None
    dumped = json.dumps(copy, ensure_ascii=False)
    assert code not in dumped
    assert stored.code_hash not in dumped and stored.national_id_hash not in dumped


def test_rl2_messages_are_those_sent_to_the_person_not_staff_alerts_about_them(hind):
    made = full_file(hind)
    supervisor = UserFactory(role=Role.SENIOR_MANAGEMENT, email="boss@society.example", full_name="المشرفة")
    pending = request_services.complete_request(
        by=made["desk"],
        request=filled_draft(by=made["desk"], beneficiary=hind, version=made["done"][0]["request"].version),
    )
    assert request_services.flag_overdue(today=pending.due_on + timedelta(days=1)) == 1
    copy = data_subject.data_subject_copy_json(hind)
    dumped = json.dumps(records(copy, "messages"), ensure_ascii=False)
    assert pending.reference in dumped  # the receipt of the second request was sent to her
    assert supervisor.email not in dumped and "المشرفة" not in dumped


# --- bounded ---------------------------------------------------------------------------


def test_rl2_copy_costs_the_same_number_of_queries_for_one_request_or_three(db):
    one, three = BeneficiaryFactory(), BeneficiaryFactory()
    full_file(one, requests=1)
    full_file(three, requests=3)

    def count(b) -> int:
        with CaptureQueriesContext(connection) as ctx:
            data_subject.data_subject_copy_json(b)
        return len(ctx.captured_queries)

    assert count(one) == count(three)
