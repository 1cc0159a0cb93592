"""CH-5 with HD-2..HD-6: the beneficiary's requests on the portal, filing and tracking."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from mustafid.accounts.roles import Role
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.portal.services import PORTAL_EMAIL, portal_user
from mustafid.portal.session import SESSION_KEY, TRACK_KEY
from mustafid.requests import services as request_services
from mustafid.requests.models import Attestation, ServiceRequest
from mustafid.requests.tests.factories import filled_draft, signature_data_url
from mustafid.services.tests.factories import published_service

from .sent import code_messages, sent_code


@pytest.fixture
def setup(db):
    beneficiary = BeneficiaryFactory(full_name="نورة بنت سعد", phone="+966551112233", preferred_channel="sms")
    version = service_for(beneficiary.category)
    return {"b": beneficiary, "version": version, "desk": scoped_staff(Role.RECEPTIONIST, beneficiary)}


def service_for(category):
    """A published service offered to ``category`` (a version's categories are set before publishing)."""
    version = published_service(published_at=None)
    version.categories.add(category)
    version.published_at = timezone.now()
    version.save(update_fields=["published_at"])
    return version


def sign_in(client, beneficiary, sms, capture):
    with capture(execute=True):
        client.post(reverse("portal:identify"), {"national_id": beneficiary.national_id})
    client.post(reverse("portal:verify"), {"code": sent_code(sms)})
    assert client.session[SESSION_KEY]["id"] == beneficiary.pk


def completed_request(setup, beneficiary=None):
    beneficiary = beneficiary or setup["b"]
    desk = setup["desk"] if beneficiary == setup["b"] else scoped_staff(Role.RECEPTIONIST, beneficiary)
    request = filled_draft(by=desk, beneficiary=beneficiary, version=setup["version"])
    # The receipt is drawn once the completion commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        request = request_services.complete_request(by=desk, request=request)
    request.refresh_from_db()
    return request


def pdf(name="id.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n% scan\n", content_type="application/pdf")


def answers(version, *, with_document=True, signature=True):
    data = {"f_family_size": "5", "f_reason": "انقطاع الدخل"}
    for criterion in version.criteria.all():
        data[f"c_{criterion.pk}"] = "yes"
    if with_document:
        data[f"d_{version.documents.get(required=True).pk}"] = pdf()
    if signature:
        data["signature"] = signature_data_url()
    return data


def test_ch5_a_beneficiary_sees_their_own_requests_with_dates_and_letters_and_no_one_elses(
    client, setup, sms, django_capture_on_commit_callbacks
):
    mine = completed_request(setup)
    theirs = completed_request(setup, beneficiary=BeneficiaryFactory(category=setup["b"].category))
    sign_in(client, setup["b"], sms, django_capture_on_commit_callbacks)

    listing = client.get(reverse("portal:requests"))
    assert [r.pk for r in listing.context["page"]] == [mine.pk]
    detail = client.get(reverse("portal:request", args=[mine.pk]))
    html = detail.content.decode()
    assert mine.reference in html
    assert "الموافق" in html  # the completion and due dates, Gregorian with Hijri
    download = client.get(reverse("portal:receipt", args=[mine.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")

    for name in ("portal:request", "portal:receipt", "portal:decision_letter", "portal:continue"):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 404, name
    # No letter yet: a 404 rather than an empty file.
    assert client.get(reverse("portal:decision_letter", args=[mine.pk])).status_code == 404


def test_ch5_an_anonymous_visitor_is_asked_to_identify_and_cannot_download(client, setup):
    request = completed_request(setup)
    assert client.get(reverse("portal:requests"))["Location"] == reverse("portal:identify")
    assert client.get(reverse("portal:receipt", args=[request.pk])).status_code == 404
    assert client.get(reverse("portal:home")).status_code == 200


def test_hd3_filing_everything_from_the_portal_registers_a_complete_request(
    client, setup, sms, django_capture_on_commit_callbacks
):
    sign_in(client, setup["b"], sms, django_capture_on_commit_callbacks)
    services_page = client.get(reverse("portal:services"))
    assert list(services_page.context["versions"]) == [setup["version"]]
    url = reverse("portal:apply", args=[setup["version"].pk])
    page = client.get(url)
    assert "صورة الهوية الوطنية" in page.content.decode()  # HD-2: the requirements are shown first
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, answers(setup["version"]))
    request = ServiceRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("portal:request", args=[request.pk])
    assert (request.status, request.received_via) == ("complete", "portal")
    assert request.reference and request.completed_on and request.due_on
    assert request.created_by == portal_user()
    assert request.attestation.signer_name == "نورة بنت سعد"
    assert request.receipt
    # HD-5: told through the agreed channel, at the registered phone.
    assert sms.outbox[-1]["to"] == "+966551112233" and request.reference in sms.outbox[-1]["body"]


def test_hd3_filing_with_something_missing_keeps_what_was_given_and_lists_what_is_missing(
    client, setup, sms, django_capture_on_commit_callbacks
):
    sign_in(client, setup["b"], sms, django_capture_on_commit_callbacks)
    response = client.post(
        reverse("portal:apply", args=[setup["version"].pk]), answers(setup["version"], with_document=False)
    )
    request = ServiceRequest.objects.get()
    assert response["Location"] == reverse("portal:continue", args=[request.pk])
    assert request.status == "draft" and request.reference == ""
    assert request.answers["family_size"] == "5"
    # HD-4: the beneficiary signs last, over complete data: no signature kept on an incomplete request.
    assert not Attestation.objects.filter(request=request).exists()
    page = client.get(response["Location"])
    missing = page.context["missing"]
    assert len(missing) == 2 and "صورة الهوية الوطنية" in missing[0]
    assert "صورة الهوية الوطنية" in page.content.decode()

    # Coming back with the document and the signature completes it.
    done = client.post(
        response["Location"],
        {f"d_{setup['version'].documents.get(required=True).pk}": pdf(), "signature": signature_data_url()},
    )
    request.refresh_from_db()
    assert done["Location"] == reverse("portal:request", args=[request.pk])
    assert request.status == "complete"
    assert ServiceRequest.objects.count() == 1


def test_hd4_without_a_signature_the_request_stays_a_draft(client, setup, sms, django_capture_on_commit_callbacks):
    sign_in(client, setup["b"], sms, django_capture_on_commit_callbacks)
    client.post(reverse("portal:apply", args=[setup["version"].pk]), answers(setup["version"], signature=False))
    request = ServiceRequest.objects.get()
    assert request.status == "draft"
    page = client.get(reverse("portal:continue", args=[request.pk]))
    assert len(page.context["missing"]) == 1  # only the signature


def test_ch5_a_service_not_offered_to_the_beneficiarys_category_cannot_be_filed(
    client, setup, sms, django_capture_on_commit_callbacks
):
    other = service_for(BeneficiaryFactory().category)
    sign_in(client, setup["b"], sms, django_capture_on_commit_callbacks)
    assert other not in list(client.get(reverse("portal:services")).context["versions"])
    assert client.get(reverse("portal:apply", args=[other.pk])).status_code == 404
    assert client.post(reverse("portal:apply", args=[other.pk]), answers(other)).status_code == 404
    assert not ServiceRequest.objects.exists()


def test_ch5_a_request_is_tracked_with_its_reference_the_id_number_and_a_code(
    client, setup, sms, django_capture_on_commit_callbacks
):
    request = completed_request(setup)
    sms.reset()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:track"), {"reference": request.reference.lower(), "national_id": setup["b"].national_id}
        )
    assert response["Location"] == reverse("portal:track_verify")
    assert [m["to"] for m in code_messages(sms)] == ["+966551112233"]
    response = client.post(reverse("portal:track_verify"), {"code": sent_code(sms)})
    assert response["Location"] == reverse("portal:track_result")
    result = client.get(response["Location"])
    assert result.context["r"] == request and request.reference in result.content.decode()
    assert client.get(reverse("portal:receipt", args=[request.pk])).status_code == 200
    # Tracking one request opens that request only, not the beneficiary's other pages.
    assert SESSION_KEY not in client.session and TRACK_KEY in client.session
    assert client.get(reverse("portal:requests")).status_code == 302


def test_ch5_tracking_someone_elses_reference_sends_nothing_and_opens_nothing(
    client, setup, sms, django_capture_on_commit_callbacks
):
    theirs = completed_request(setup, beneficiary=BeneficiaryFactory(category=setup["b"].category))
    sms.reset()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:track"), {"reference": theirs.reference, "national_id": setup["b"].national_id}
        )
    assert response["Location"] == reverse("portal:track_verify")
    assert code_messages(sms) == []
    client.post(reverse("portal:track_verify"), {"code": "123456"})
    assert TRACK_KEY not in client.session
    assert client.get(reverse("portal:track_result"))["Location"] == reverse("portal:track")


def test_the_portal_system_account_cannot_sign_in_and_acts_with_the_receptionist_role(db):
    user = portal_user()
    assert user.email == PORTAL_EMAIL
    assert not user.has_usable_password() and not user.is_staff
    assert user.scope_all and user.has_role(Role.RECEPTIONIST)
    assert portal_user().pk == user.pk  # created once


def test_the_beneficiary_withdraws_their_request_on_the_portal(client, setup, sms, django_capture_on_commit_callbacks):
    from mustafid.core.models import WorkflowEvent
    from mustafid.notifications.models import Notification

    request = completed_request(setup)
    other = completed_request(setup, BeneficiaryFactory(category=setup["b"].category))
    sign_in(client, setup["b"], sms, django_capture_on_commit_callbacks)
    page = client.get(reverse("portal:request", args=[request.pk])).content.decode()
    assert reverse("portal:withdraw", args=[request.pk]) in page
    # Another beneficiary's request is a 404 and stays as it was.
    assert client.post(reverse("portal:withdraw", args=[other.pk])).status_code == 404
    assert client.post(reverse("portal:withdraw", args=[request.pk]), {"reason": ""}).status_code == 302
    request.refresh_from_db()
    other.refresh_from_db()
    assert request.status == "withdrawn" and other.status == "complete"
    assert Notification.objects.filter(dedupe_key=f"request:{request.pk}:withdrawn").exists()
    page = client.get(reverse("portal:request", args=[request.pk])).content.decode()
    assert 'data-testid="withdrawn"' in page and reverse("portal:withdraw", args=[request.pk]) not in page
    assert WorkflowEvent.objects.get(object_id=request.pk, action="withdraw").by is None
    # A second withdrawal is refused with the reason, in the portal's words.
    response = client.post(reverse("portal:withdraw", args=[request.pk]), follow=True)
    assert "غير ممكنة" in response.content.decode() or "لا يمكن" in response.content.decode()
