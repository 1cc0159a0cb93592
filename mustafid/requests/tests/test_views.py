"""The staff pages of the request cycle, through the test client (HD-2..HD-6, RL-2, RL-4)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import CategoryFactory, UserFactory
from mustafid.audit.models import AccessLog
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.core import workdays
from mustafid.core.templatetags.mustafid import dual_date as dual_date_markup
from mustafid.requests import services
from mustafid.requests.models import Attestation, Pause, ServiceRequest, Status
from mustafid.requests.tests.factories import filled_draft, pdf_upload, png_bytes, signature_data_url
from mustafid.services.tests.factories import published_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def b():
    return BeneficiaryFactory(full_name="سارة بنت محمد", preferred_channel="sms")


@pytest.fixture
def version():
    return published_service()


@pytest.fixture
def desk(b):
    return scoped_staff(Role.RECEPTIONIST, b, full_name="موظفة الاستقبال")


@pytest.fixture
def worker(b):
    return scoped_staff(Role.CASE_WORKER, b, full_name="الباحثة الاجتماعية")


@pytest.fixture
def completed(b, version, desk):
    return services.complete_request(by=desk, request=filled_draft(by=desk, beneficiary=b, version=version))


def page(response) -> str:
    return response.content.decode()


def committee_member(b, committee):
    """A committee member in ``b``'s scope with a seat on ``committee`` (they read what is before it, issue 9.2)."""
    from mustafid.committees.tests.factories import add_member

    member = scoped_staff(Role.COMMITTEE_MEMBER, b)
    add_member(committee, member)
    return member


def criteria_ids(version) -> list[int]:
    return list(version.criteria.values_list("pk", flat=True))


# --- intake: HD-2, HD-3, HD-4 ---------------------------------------------------


def test_hd2_to_hd6_the_desk_takes_a_request_from_draft_to_complete(
    client, b, version, desk, django_capture_on_commit_callbacks
):
    client.force_login(desk)
    # HD-2: the beneficiary's page offers the services the category may use.
    new_url = reverse("requests:new", args=[b.pk])
    assert f"{new_url}?version={version.pk}" in page(client.get(reverse("beneficiaries:detail", args=[b.pk])))
    response = client.get(f"{new_url}?version={version.pk}")
    assert response.status_code == 200 and version.service.name in page(response)

    response = client.post(new_url, {"version": version.pk, "received_via": "interview"})
    draft = ServiceRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("requests:intake", args=[draft.pk])
    assert (draft.status, draft.received_via, draft.created_by) == (Status.DRAFT, "interview", desk)

    # The criteria, the required documents and the attestation are shown up front.
    intake_url = reverse("requests:intake", args=[draft.pk])
    body = page(client.get(intake_url))
    for text in ["أن يكون المتقدم مقيمًا في نطاق الجمعية", "صورة الهوية الوطنية", "عدد أفراد الأسرة"]:
        assert text in body
    assert services.ATTESTATION_TEXT in body
    assert "data-signature-canvas" in body and "js/signature.js" in body and "signature_pad.umd.min.js" in body

    # Saving as draft keeps what was typed; a wrong value stays on the page with its error.
    first, second = criteria_ids(version)
    response = client.post(
        intake_url, {"action": "save", "f_family_size": "ستة", "f_reason": "فقدان العمل", f"c_{first}": "yes"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["f_family_size"]
    assert 'value="ستة"' in page(response) and "فقدان العمل" in page(response)
    draft.refresh_from_db()
    assert draft.answers == {"reason": "فقدان العمل"}
    assert draft.criteria_answers == {str(first): True}

    # HD-3: completion is refused, listing exactly what is missing, and nothing is lost.
    response = client.post(intake_url, {"action": "complete", "f_family_size": "6"})
    assert response.status_code == 200
    draft.refresh_from_db()
    with translation.override("ar"):
        expected = services.missing_items(draft)
    assert response.context["refusal"] == expected
    assert len(expected) == 3  # the second criterion, the ID document, the signature
    assert 'data-testid="refusal"' in page(response)
    for item in expected:
        assert escape(item) in page(response)
    assert (draft.status, draft.reference) == (Status.DRAFT, "")
    assert draft.answers == {"reason": "فقدان العمل", "family_size": "6"}

    # HD-4: asking to sign with nothing drawn is refused; drawn on screen, it is kept.
    response = client.post(intake_url, {"action": "sign", "signer_name": "سارة بنت محمد", "method": "screen"})
    assert response.status_code == 200 and response.context["attestation_form"].non_field_errors()
    assert not Attestation.objects.exists()
    document = version.documents.get(required=True)
    response = client.post(
        intake_url,
        {
            "action": "sign",
            f"c_{second}": "no",
            f"d_{document.pk}": pdf_upload("id.pdf"),
            "signer_name": "سارة بنت محمد",
            "method": "screen",
            "signature": signature_data_url(),
        },
    )
    assert response.status_code == 302
    attestation = Attestation.objects.get(request=draft)
    assert (attestation.signer_name, attestation.method, attestation.witnessed_by) == ("سارة بنت محمد", "screen", desk)
    assert attestation.text == services.ATTESTATION_TEXT
    assert draft.documents.get().required_document == document

    # HD-6: registered complete: the reference, the completion and due dates (Gregorian and Hijri), the receipt.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(intake_url, {"action": "complete"})
    draft.refresh_from_db()
    assert draft.status == Status.COMPLETE and draft.reference.startswith("REQ-")
    assert response["Location"] == reverse("requests:detail", args=[draft.pk])
    body = page(client.get(response["Location"]))
    assert AccessLog.objects.filter(actor=desk, action=AccessLog.Action.VIEW, detail__contains=draft.reference).exists()
    assert draft.reference in body
    assert dual_date_markup(draft.completed_on, "ar") in body and dual_date_markup(draft.due_on, "ar") in body
    assert draft.due_on == workdays.add_working_days(draft.completed_on, 15)
    receipt_url = reverse("requests:receipt", args=[draft.pk])
    assert receipt_url in body

    response = client.get(receipt_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"]
    log = AccessLog.objects.filter(action=AccessLog.Action.DOWNLOAD).get()
    assert (log.actor, log.object_id) == (desk, str(b.pk)) and "receipt" in log.detail

    # Registered complete, the answers cannot change any more: the intake page sends to the request page.
    assert client.get(intake_url)["Location"] == reverse("requests:detail", args=[draft.pk])


def test_hd4_a_signed_paper_may_be_uploaded_instead_and_is_served_only_through_a_checked_view(client, b, version, desk):
    draft = services.create_draft(by=desk, beneficiary=b, version=version, received_via="letter")
    client.force_login(desk)
    response = client.post(
        reverse("requests:intake", args=[draft.pk]),
        {"action": "sign", "signer_name": "سارة", "method": "scan", "scan": pdf_upload("signed.pdf")},
    )
    assert response.status_code == 302
    attestation = Attestation.objects.get(request=draft)
    assert attestation.method == Attestation.Method.SCAN
    response = client.get(reverse("requests:signature", args=[draft.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" not in response["Content-Disposition"]


def test_hd4_the_request_page_shows_the_attestation_with_its_fingerprint_and_signature(client, completed, worker):
    client.force_login(worker)
    body = page(client.get(reverse("requests:detail", args=[completed.pk])))
    attestation = completed.attestation
    assert services.ATTESTATION_TEXT in body and attestation.sha256 in body and attestation.signer_name in body
    assert 'data-testid="intact"' in body and reverse("requests:signature", args=[completed.pk]) in body
    response = client.get(reverse("requests:signature", args=[completed.pk]))
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png_bytes()


# --- the study: return and resume (HD-6), notes, recommendation (RL-4) ------------


def test_hd6_return_for_information_stops_the_clock_and_resume_moves_the_due_date(client, completed, worker):
    client.force_login(worker)
    detail = reverse("requests:detail", args=[completed.pk])
    response = client.post(reverse("requests:return", args=[completed.pk]), {"reason": ""})
    assert response.status_code == 200 and response.context["return_form"].errors
    response = client.post(reverse("requests:return", args=[completed.pk]), {"reason": "صك الإعالة محدث"})
    assert response.status_code == 302
    completed.refresh_from_db()
    assert completed.status == Status.RETURNED
    # The beneficiary was asked eight days ago: the waiting time is shown while the clock is stopped.
    started = timezone.localdate() - timedelta(days=8)
    Pause.objects.filter(request=completed).update(started_on=started)
    waited = workdays.working_days_between(started, timezone.localdate())
    body = page(client.get(detail))
    assert "صك الإعالة محدث" in body
    assert f'data-testid="paused-days">{waited}' in body
    assert reverse("requests:resume", args=[completed.pk]) in body
    assert reverse("requests:recommend", args=[completed.pk]) not in body  # not while waiting

    due_before = completed.due_on
    assert client.post(reverse("requests:resume", args=[completed.pk])).status_code == 302
    completed.refresh_from_db()
    assert completed.status == Status.IN_STUDY
    assert completed.paused_working_days == waited
    assert completed.due_on == workdays.add_working_days(completed.completed_on, 15 + waited)
    assert completed.due_on >= due_before
    assert f'data-testid="paused-days">{waited}' in page(client.get(detail))
    # Resuming twice is refused by the state machine, with a message.
    response = client.post(reverse("requests:resume", args=[completed.pk]), follow=True)
    assert response.status_code == 200 and completed.pauses.count() == 1


def test_rl4_the_case_worker_studies_and_recommends_to_the_competent_committee(client, completed, worker, desk):
    client.force_login(worker)
    detail = reverse("requests:detail", args=[completed.pk])
    response = client.post(reverse("requests:assign", args=[completed.pk]), {"case_worker": worker.pk})
    assert response.status_code == 302
    completed.refresh_from_db()
    assert (completed.case_worker, completed.status) == (worker, Status.IN_STUDY)
    # The receptionist does not study: they are not offered as case workers.
    response = client.post(reverse("requests:assign", args=[completed.pk]), {"case_worker": desk.pk})
    assert response.status_code == 200 and response.context["assign_form"].errors

    note_url = reverse("requests:note", args=[completed.pk])
    response = client.post(note_url, {"kind": "visit", "text": "زيارة منزلية"})
    assert response.status_code == 200 and response.context["note_form"].errors["visited_on"]
    today = timezone.localdate().isoformat()
    response = client.post(
        note_url,
        {
            "kind": "visit",
            "text": "زيارة منزلية: الأسرة تسكن في شقة مستأجرة",
            "visited_on_0": "gregorian",
            "visited_on_1": today,
        },
    )
    assert response.status_code == 302
    note = completed.study_notes.get()
    assert (note.kind, note.visited_on.isoformat(), note.author) == ("visit", today, worker)
    assert "الأسرة تسكن في شقة مستأجرة" in page(client.get(detail))

    response = client.post(
        reverse("requests:recommend", args=[completed.pk]), {"recommendation": "approved", "note": "تستحق المساعدة"}
    )
    assert response.status_code == 302
    completed.refresh_from_db()
    assert (completed.status, completed.recommendation) == (Status.AT_COMMITTEE, "approved")
    body = page(client.get(detail))
    assert completed.version.committee.name in body
    assert reverse("requests:recommend", args=[completed.pk]) not in body

    # The receptionist may not recommend.
    client.force_login(desk)
    assert (
        client.post(
            reverse("requests:recommend", args=[completed.pk]), {"recommendation": "approved", "note": "x"}
        ).status_code
        == 403
    )


def test_hd6_the_reply_issues_the_decision_letter_counted_on_time(
    client, completed, worker, desk, django_capture_on_commit_callbacks
):
    services.recommend(by=worker, request=completed, recommendation="approved", note="تستحق")
    services.record_decision(
        by=scoped_staff(Role.COMMITTEE_MEMBER, completed.beneficiary),
        request=completed,
        decision="approved",
        reasons="",
        approved_amount=Decimal("1500"),
        decided_on=timezone.localdate(),
    )
    client.force_login(desk)
    detail = reverse("requests:detail", args=[completed.pk])
    body = page(client.get(detail))
    assert 'data-testid="decision"' in body and "1,500.00 ريال" in body  # issue 10.2: one amount format
    assert reverse("requests:reply", args=[completed.pk]) in body

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("requests:reply", args=[completed.pk])).status_code == 302
    completed.refresh_from_db()
    assert completed.status == Status.REPLIED and completed.replied_on_time is True
    assert completed.letter_reference.startswith("DEC-")
    body = page(client.get(detail))
    letter_url = reverse("requests:letter", args=[completed.pk])
    assert letter_url in body and completed.letter_reference in body
    response = client.get(letter_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert AccessLog.objects.filter(actor=desk, action=AccessLog.Action.DOWNLOAD, detail__contains="letter").exists()

    response = client.get(reverse("requests:worklist"))
    assert response.context["timeliness"] == {"on_time": 1, "late": 0}
    # A second reply is refused by the state machine.
    client.post(reverse("requests:reply", args=[completed.pk]))
    completed.refresh_from_db()
    assert completed.status == Status.REPLIED


# --- worklist (HD-6) ------------------------------------------------------------


def make_request(b, version, status, *, due_on=None, **extra):
    return ServiceRequest.objects.create(
        beneficiary=b,
        version=version,
        received_via="interview",
        status=status,
        completed_on=timezone.localdate() - timedelta(days=30) if due_on else None,
        due_on=due_on,
        **extra,
    )


def test_hd6_the_worklist_shows_overdue_due_soon_returned_and_drafts(client, b, version, desk):
    """Adapted to issue 10.1: every open request is in its stage, overdue and due soon marked on the row."""
    today = timezone.localdate()
    overdue = make_request(b, version, Status.IN_STUDY, due_on=today - timedelta(days=2), reference="REQ-1")
    soon = make_request(b, version, Status.COMPLETE, due_on=workdays.add_working_days(today, 1), reference="REQ-2")
    later = make_request(b, version, Status.IN_STUDY, due_on=today + timedelta(days=60), reference="REQ-3")
    returned = make_request(b, version, Status.RETURNED, due_on=today + timedelta(days=5), reference="REQ-4")
    Pause.objects.create(request=returned, started_on=today, reason="صك", created_by=desk)
    draft = make_request(b, version, Status.DRAFT)
    replied = make_request(
        b, version, Status.REPLIED, due_on=today - timedelta(days=9), replied_on_time=False, reference="REQ-5"
    )
    client.force_login(desk)
    response = client.get(reverse("requests:worklist"))
    assert response.status_code == 200
    assert response.context["counts"] == {
        "unassigned": 1,
        "in_study": 2,
        "at_committee": 0,
        "on_agenda": 0,
        "decided": 0,
        "returned": 1,
        "drafts": 1,
    }

    def rows(stage, **params):
        page_obj = client.get(reverse("requests:worklist"), {"stage": stage, **params}).context["page"]
        return [(r.pk, r.overdue, r.due_soon) for r in page_obj.object_list]

    assert rows("in_study") == [(overdue.pk, True, False), (later.pk, False, False)]
    assert rows("unassigned") == [(soon.pk, False, True)]
    assert rows("returned") == [(returned.pk, False, False)]  # the clock is stopped: not marked
    assert rows("drafts") == [(draft.pk, False, False)]
    assert rows("in_study", due="overdue") == [(overdue.pk, True, False)]
    assert response.context["timeliness"] == {"on_time": 0, "late": 1}
    body = page(response)
    assert replied.reference not in body
    assert 'data-testid="late">1' in body
    # The navigation leads here.
    assert f'href="{reverse("requests:worklist")}"' in body
    for stage in ("in_study", "unassigned", "returned", "drafts"):
        assert replied.pk not in [r[0] for r in rows(stage)]
    # "Assigned to me": the requests the case worker studies (the receptionist does not study: no tab).
    worker = scoped_staff(Role.CASE_WORKER, b)
    ServiceRequest.objects.filter(pk=soon.pk).update(case_worker=worker)
    client.force_login(worker)
    assert rows("mine") == [(soon.pk, False, True)]


def test_the_worklist_costs_the_same_queries_at_3_and_at_60_rows(client, b, version, desk):
    client.force_login(desk)
    overdue_on = timezone.localdate() - timedelta(days=3)

    def add(n):
        for _ in range(n):
            make_request(b, version, Status.IN_STUDY, due_on=overdue_on, case_worker=desk)
            make_request(b, version, Status.DRAFT, created_by=desk)
            returned = make_request(b, version, Status.RETURNED, due_on=overdue_on)
            Pause.objects.create(request=returned, started_on=overdue_on, reason="x", created_by=desk)

    def queries(stage):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("requests:worklist"), {"stage": stage}).status_code == 200
        return len(ctx.captured_queries)

    add(3)
    small = {stage: queries(stage) for stage in ("in_study", "drafts", "returned")}
    add(57)
    # Issue 10.1: one page of one stage, every count in one query: the same number whatever the rows.
    assert {stage: queries(stage) for stage in small} == small


# --- the beneficiary's timeline ---------------------------------------------------


def test_requests_appear_on_the_beneficiarys_timeline(client, completed, worker):
    client.force_login(worker)
    body = page(client.get(reverse("beneficiaries:detail", args=[completed.beneficiary_id])))
    assert reverse("requests:detail", args=[completed.pk]) in body
    assert completed.reference in body


def test_hd2_only_services_for_the_beneficiarys_category_are_offered(client, b, version, desk):
    # Categories are set before publishing: a published version never changes.
    other = published_service(published_at=None)
    other.categories.set([CategoryFactory()])
    type(other).objects.filter(pk=other.pk).update(published_at=timezone.now())
    client.force_login(desk)
    new_url = reverse("requests:new", args=[b.pk])
    body = page(client.get(new_url))
    assert version.service.name in body and other.service.name not in body
    response = client.post(new_url, {"version": other.pk, "received_via": "phone"})
    assert response.status_code == 200 and not ServiceRequest.objects.exists()


# --- scope (404) and permission (403) -----------------------------------------------


def test_a_request_outside_the_scope_is_a_404_on_every_page(client, completed):
    outsider = scoped_staff(Role.CASE_WORKER, BeneficiaryFactory())
    client.force_login(outsider)
    document = completed.documents.first()
    for url in [
        reverse("requests:detail", args=[completed.pk]),
        reverse("requests:intake", args=[completed.pk]),
        reverse("requests:receipt", args=[completed.pk]),
        reverse("requests:signature", args=[completed.pk]),
        reverse("requests:letter", args=[completed.pk]),
        reverse("requests:document", args=[document.pk]),
        reverse("requests:new", args=[completed.beneficiary_id]),
    ]:
        assert client.get(url).status_code == 404, url
    for name in ["return", "resume", "assign", "note", "recommend", "reply"]:
        assert client.post(reverse(f"requests:{name}", args=[completed.pk]), {"reason": "x"}).status_code == 404, name
    assert completed.reference not in page(client.get(reverse("requests:worklist")))
    assert not AccessLog.objects.filter(actor=outsider).exists()


def test_a_role_without_the_permission_is_refused_with_403(client, completed, b):
    hr = UserFactory(role=Role.HR, scope_all=True)
    client.force_login(hr)
    for url in [
        reverse("requests:worklist"),
        reverse("requests:detail", args=[completed.pk]),
        reverse("requests:receipt", args=[completed.pk]),
        reverse("requests:new", args=[b.pk]),
    ]:
        assert client.get(url).status_code == 403, url
    # A liaison officer reads the request but takes no desk or study step (a committee member
    # reads only the requests before their committee, issue 9.2).
    liaison = scoped_staff(Role.LIAISON_OFFICER, b)
    client.force_login(liaison)
    body = page(client.get(reverse("requests:detail", args=[completed.pk])))
    assert reverse("requests:return", args=[completed.pk]) not in body
    assert reverse("requests:recommend", args=[completed.pk]) not in body
    assert client.post(reverse("requests:return", args=[completed.pk]), {"reason": "x"}).status_code == 403
    assert (
        client.post(reverse("requests:recommend", args=[completed.pk]), {"recommendation": "approved"}).status_code
        == 403
    )
    completed.refresh_from_db()
    assert completed.status == Status.COMPLETE


def test_anonymous_visitors_are_sent_to_sign_in(client, completed):
    response = client.get(reverse("requests:receipt", args=[completed.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_issue_9_2_documents_a_request_document_follows_the_files_document_rule(client, b, version, desk):
    """issue 9.2: a committee member is refused the ID copy of a request as on /beneficiaries/documents/."""
    from mustafid.requests.models import RequestDocument

    draft = services.create_draft(by=desk, beneficiary=b, version=version, received_via="letter")
    document = RequestDocument.objects.create(
        request=draft, title="صورة الهوية", file=pdf_upload("id.pdf"), content_type="application/pdf", sha256="0" * 64
    )
    ServiceRequest.objects.filter(pk=draft.pk).update(status=Status.AT_COMMITTEE)
    client.force_login(committee_member(b, version.committee))  # who reads the request, before their committee
    assert client.get(reverse("requests:document", args=[document.pk])).status_code == 403
    client.force_login(desk)
    assert client.get(reverse("requests:document", args=[document.pk])).status_code == 200


def test_issue_9_2_masking_a_sensitive_answer_is_masked_as_on_the_file(client, completed, b):
    """issue 9.2: the answer to a sensitive field is masked for whoever may not see the file's sensitive values."""
    from mustafid.beneficiaries.selectors import MASK
    from mustafid.services.models import FormField

    FormField._base_manager.filter(version=completed.version, key="reason").update(sensitive=True)
    secret = "دخل شهري سري 9931"
    ServiceRequest.objects.filter(pk=completed.pk).update(
        answers={**completed.answers, "reason": secret}, status=Status.AT_COMMITTEE
    )
    client.force_login(committee_member(b, completed.version.committee))
    body = page(client.get(reverse("requests:detail", args=[completed.pk])))
    assert secret not in body and MASK in body
    client.force_login(scoped_staff(Role.CASE_WORKER, b))
    assert secret in page(client.get(reverse("requests:detail", args=[completed.pk])))
