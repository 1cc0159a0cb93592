"""The public complaint form and tracking page (CM-1): no account, abuse limits, checked attachments."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mustafid.beneficiaries.tests.factories import BeneficiaryFactory
from mustafid.complaints.models import Complaint, ComplaintAttachment, ComplaintCategory, ReceivedVia
from mustafid.notifications.models import Notification
from mustafid.requests.models import ServiceRequest
from mustafid.services.tests.factories import published_service

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def code_on(page: str) -> str:
    match = re.search(r'data-testid="complaint-code">([A-Z0-9]+)<', page)
    assert match is not None
    return match.group(1)


def form_data(**overrides):
    data = {
        "complainant_name": "سارة المشتكية",
        "contact_channel": "sms",
        "contact_address": "0501234567",
        "national_id": "",
        "category": ComplaintCategory.objects.get(name="جودة الخدمة").pk,
        "subject_kind": "other",
        "request_reference": "",
        "text": "تأخر الرد على طلبي دون إبلاغي بالسبب.",
        "website": "",
    }
    data.update(overrides)
    return data


def post(client, address="10.0.0.1", **overrides):
    return client.post(reverse("complaints:file"), form_data(**overrides), REMOTE_ADDR=address)


def test_a_visitor_files_a_complaint_and_gets_a_number_and_a_code(client):
    response = post(client, attachments=[SimpleUploadedFile("صورة.pdf", PDF, content_type="application/pdf")])
    assert response.status_code == 200
    complaint = Complaint.objects.get()
    page = response.content.decode()
    code = code_on(page)
    assert complaint.reference in page
    assert complaint.received_via == ReceivedVia.PORTAL
    assert complaint.contact_address == "+966501234567"
    # Only the keyed hash of the code is stored.
    assert code not in complaint.tracking_code_hash
    assert complaint.attachments.get().content_type == "pdf"
    message = Notification.objects.get(about_id=str(complaint.pk))
    assert message.channel == "sms" and message.address == "+966501234567"
    assert complaint.reference in message.body and code in message.body
    # The due dates are in working days from the category.
    assert complaint.acknowledge_due < complaint.resolve_due


def test_every_portal_page_links_to_the_complaint_form(client):
    page = client.get(reverse("portal:home")).content.decode()
    assert reverse("complaints:file") in page
    assert client.get(reverse("complaints:file")).status_code == 200


def test_the_honeypot_writes_nothing(client):
    response = post(client, website="http://spam.example")
    assert response.status_code == 400
    assert not Complaint.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("big.pdf", PDF + b"0" * (5 * 1024 * 1024), "حجم الملف كبير"),
        ("script.pdf", b"#!/bin/sh\necho hi\n", "نوع الملف غير مقبول"),
    ],
)
def test_an_oversized_or_wrong_type_attachment_is_refused_with_nothing_written(client, name, content, error):
    response = client.post(
        reverse("complaints:file"),
        {**form_data(), "attachments": [SimpleUploadedFile(name, content)]},
        REMOTE_ADDR="10.0.0.2",
    )
    assert response.status_code == 200
    assert not Complaint.objects.exists()
    assert not ComplaintAttachment.objects.exists()
    assert not Notification.objects.exists()
    page = response.content.decode()
    assert error in page
    # The form keeps what was typed.
    assert "سارة المشتكية" in page


def test_the_rate_limit_per_address_refuses_and_another_address_still_files(client, settings):
    settings.MUSTAFID_COMPLAINT_LIMITS = {**settings.MUSTAFID_COMPLAINT_LIMITS, "file": (2, 100)}
    assert post(client, address="10.0.0.3").status_code == 200
    assert post(client, address="10.0.0.3").status_code == 200
    refused = post(client, address="10.0.0.3")
    assert refused.status_code == 429
    assert Complaint.objects.count() == 2
    assert post(client, address="10.0.0.4").status_code == 200


def test_the_global_rate_limit_refuses_every_address(client, settings):
    settings.MUSTAFID_COMPLAINT_LIMITS = {**settings.MUSTAFID_COMPLAINT_LIMITS, "file": (10, 2)}
    assert post(client, address="10.0.1.1").status_code == 200
    assert post(client, address="10.0.1.2").status_code == 200
    assert post(client, address="10.0.1.3").status_code == 429
    assert Complaint.objects.count() == 2


def test_a_national_id_on_file_links_the_complaint_to_the_beneficiary(client):
    beneficiary = BeneficiaryFactory()
    post(client, national_id=beneficiary.national_id)
    complaint = Complaint.objects.get()
    assert complaint.beneficiary == beneficiary
    assert complaint.branch == beneficiary.branch


def _file(client) -> tuple[Complaint, str]:
    page = post(client, address="10.0.2.1").content.decode()
    code = code_on(page)
    return Complaint.objects.get(), code


def test_the_tracking_code_shows_the_status(client):
    complaint, code = _file(client)
    response = client.post(reverse("complaints:track"), {"reference": complaint.reference.lower(), "code": code})
    assert 'data-testid="complaint-status"' in response.content.decode()
    assert 'data-state="received"' in response.content.decode()


def test_a_wrong_code_and_an_unknown_number_get_the_same_answer(client):
    complaint, code = _file(client)
    wrong_code = client.post(reverse("complaints:track"), {"reference": complaint.reference, "code": "AAAAAAAA"})
    unknown = client.post(reverse("complaints:track"), {"reference": "CMP-2020-999999", "code": code})
    for response in (wrong_code, unknown):
        assert response.status_code == 200
        assert 'data-testid="complaint-status"' not in response.content.decode()
    assert wrong_code.content.decode().count("track-refused") == unknown.content.decode().count("track-refused") == 1


def test_an_objection_from_the_decision_links_the_request_when_the_id_number_is_its_files(client):
    beneficiary = BeneficiaryFactory()
    request = ServiceRequest.objects.create(
        beneficiary=beneficiary, version=published_service(), received_via="portal", reference="REQ-2027-000777"
    )
    page = client.get(reverse("complaints:file"), {"request": request.reference}).content.decode()
    assert 'value="REQ-2027-000777"' in page
    post(client, subject_kind="request", request_reference="req-2027-000777", national_id=beneficiary.national_id)
    assert Complaint.objects.get().service_request == request
    # Someone else's ID number: the request is not linked (the complaint is still filed).
    post(client, address="10.9.9.9", subject_kind="request", request_reference="REQ-2027-000777")
    assert Complaint.objects.order_by("-id").first().service_request is None
