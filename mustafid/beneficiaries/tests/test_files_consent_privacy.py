"""Documents kept privately, consent for provided items (RL-1), data-subject requests (RL-2)."""

import json
from io import BytesIO

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mustafid.accounts.roles import Role
from mustafid.audit.models import AccessLog
from mustafid.beneficiaries import services
from mustafid.beneficiaries.models import BeneficiaryDocument, ConsentPurpose, CorrectionRequest, ItemUse
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff, valid_national_id

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%fake but well-started\n"


@pytest.fixture
def b(db):
    return BeneficiaryFactory(full_name="هند بنت سالم", national_id=valid_national_id(321), phone="+966557654321")


@pytest.fixture
def worker(b):
    return scoped_staff(Role.CASE_WORKER, b)


def test_a_document_is_checked_by_its_content_not_its_name(client, b, worker):
    client.force_login(worker)
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(
        reverse("beneficiaries:document_add", args=[b.pk]), {"kind": "medical", "title": "تقرير", "file": fake}
    )
    assert response.status_code == 200
    assert not BeneficiaryDocument.objects.exists()
    real = SimpleUploadedFile("scan.jpg", PNG, content_type="image/jpeg")  # really a PNG
    response = client.post(
        reverse("beneficiaries:document_add", args=[b.pk]), {"kind": "identity", "title": "الهوية", "file": real}
    )
    assert response.status_code == 302
    doc = BeneficiaryDocument.objects.get()
    assert doc.content_type == "image/png"


def test_documents_live_outside_the_web_root_and_are_served_only_through_a_logged_view(client, b, worker):
    doc = services.attach_document(
        by=worker, beneficiary=b, kind="income", title="تعريف بالراتب", upload=SimpleUploadedFile("a.pdf", PDF)
    )
    path = doc.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.STATIC_ROOT))
    with pytest.raises(ValueError):
        doc.file.url  # noqa: B018 - no public URL exists
    client.force_login(worker)
    response = client.get(reverse("beneficiaries:document", args=[doc.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AccessLog.objects.filter(action="download", object_id=str(b.pk)).count() == 1
    outsider = scoped_staff(Role.CASE_WORKER, BeneficiaryFactory())
    client.force_login(outsider)
    assert client.get(reverse("beneficiaries:document", args=[doc.pk])).status_code == 404


def test_rl1_an_item_without_consent_for_a_purpose_cannot_be_marked_for_it(b, worker):
    item = services.record_provided_item(by=worker, beneficiary=b, data={"kind": "story", "title": "قصة نجاح"})
    services.record_consent(
        by=worker,
        item=item,
        data={"purpose": ConsentPurpose.ANNUAL_REPORT, "granted_on": "2026-11-01", "evidence_kind": "signed_form"},
    )
    with pytest.raises(ValidationError) as info:
        services.mark_item_for_use(by=worker, item=item, purpose=ConsentPurpose.SOCIAL_MEDIA)
    assert info.value.code == "no_consent"
    use = services.mark_item_for_use(by=worker, item=item, purpose=ConsentPurpose.ANNUAL_REPORT)
    assert use.consent.purpose == ConsentPurpose.ANNUAL_REPORT


def test_rl1_withdrawn_consent_stops_its_uses_and_refuses_new_ones(b, worker):
    item = services.record_provided_item(by=worker, beneficiary=b, data={"kind": "photo", "title": "صورة"})
    consent = services.record_consent(
        by=worker,
        item=item,
        data={"purpose": ConsentPurpose.WEBSITE, "granted_on": "2026-11-01", "evidence_kind": "email"},
    )
    use = services.mark_item_for_use(by=worker, item=item, purpose=ConsentPurpose.WEBSITE)
    services.withdraw_consent(by=worker, consent=consent, note="طلبت إزالة الصورة")
    use.refresh_from_db()
    assert use.is_stopped
    with pytest.raises(ValidationError):
        services.mark_item_for_use(by=worker, item=item, purpose=ConsentPurpose.WEBSITE)
    assert ItemUse.objects.count() == 1


def test_rl1_the_consent_page_refuses_a_use_in_arabic(client, b, worker):
    item = services.record_provided_item(by=worker, beneficiary=b, data={"kind": "work", "title": "لوحة"})
    client.force_login(worker)
    response = client.post(reverse("beneficiaries:item_use", args=[item.pk]), {"purpose": "fundraising"})
    assert response.status_code == 200
    assert "لم يوافق المستفيد" in response.content.decode()
    assert not ItemUse.objects.exists()


def test_rl2_data_subject_copy_in_json_holds_their_data_and_is_logged(client, b, worker):
    client.force_login(worker)
    response = client.get(reverse("beneficiaries:copy", args=[b.pk, "json"]))
    assert response.status_code == 200
    data = json.loads(response.content)
    (person,) = data["sections"]["person"]["records"]
    assert person["national_id"] == valid_national_id(321)
    assert person["full_name"] == "هند بنت سالم"
    assert AccessLog.objects.filter(action="export", object_id=str(b.pk)).exists()


def test_rl2_data_subject_copy_as_an_arabic_pdf(client, b, worker):
    from pypdf import PdfReader

    client.force_login(worker)
    response = client.get(reverse("beneficiaries:copy", args=[b.pk, "pdf"]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert b.file_number in text
    fonts = {str(f) for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert fonts


def test_rl2_a_role_without_export_cannot_take_a_copy(client, b):
    client.force_login(scoped_staff(Role.RECEPTIONIST, b))
    assert client.get(reverse("beneficiaries:copy", args=[b.pk, "json"])).status_code == 403


def test_rl2_a_correction_request_is_recorded_and_handled_once(client, b, worker):
    client.force_login(worker)
    response = client.post(
        reverse("beneficiaries:correction_add", args=[b.pk]),
        {"received_on": "2026-11-20", "field_label": "الحي", "requested_change": "الحي الصحيح: النسيم"},
    )
    assert response.status_code == 302
    correction = CorrectionRequest.objects.get()
    response = client.post(
        reverse("beneficiaries:correction_resolve", args=[correction.pk]), {"status": "done", "resolution": "صُحّح الحي"}
    )
    assert response.status_code == 302
    correction.refresh_from_db()
    assert (correction.status, correction.resolved_by) == ("done", worker)
    with pytest.raises(ValidationError):
        services.resolve_correction_request(by=worker, correction=correction, status="rejected", resolution="x")
