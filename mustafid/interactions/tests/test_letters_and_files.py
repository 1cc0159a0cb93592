"""CH-2 outgoing letters as real Arabic PDFs; files only through a checked, logged view (RL-2)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from mustafid.accounts.roles import Role
from mustafid.audit.models import AccessLog
from mustafid.beneficiaries.selectors import present
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.core.files import private_storage
from mustafid.core.hijri import dual_date
from mustafid.core.templatetags.mustafid import dual_date as dual_date_markup
from mustafid.interactions import services
from mustafid.interactions.models import Interaction

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def beneficiary():
    return BeneficiaryFactory(
        full_name="نورة عبدالله القحطاني", city="المستجدة", district="حي الروضة", address="شارع الملك فهد، منزل 12"
    )


@pytest.fixture
def worker(beneficiary):
    return scoped_staff(Role.CASE_WORKER, beneficiary, full_name="خالد الشمري")


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_ch2_outgoing_letter_is_a_real_pdf_carrying_its_reference_number(
    beneficiary, worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        letter = services.issue_outgoing_letter(
            by=worker, beneficiary=beneficiary, subject="إشعار بموعد", body="نفيدكم بأن موعد المقابلة يوم الأحد."
        )
    letter.refresh_from_db()
    with letter.attachment.open("rb") as fh:
        data = fh.read()
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    assert letter.reference.startswith("OUT-") and letter.reference in pdf_text(data)
    # The Arabic font is embedded: the letter looks the same on any computer.
    fonts = {
        str(font["/BaseFont"]) for page in reader.pages for font in page["/Resources"]["/Font"].get_object().values()
    }
    # The embedded Arabic font is Amiri, whose text layer reads back (issue 10.3, notes/arabic-pdf-text.md).
    assert any("Amiri" in name for name in fonts), fonts


def test_ch2_outgoing_letter_template_has_the_dual_date_name_address_subject_and_body(beneficiary, worker):
    letter = Interaction(
        beneficiary=beneficiary,
        reference="OUT-2026-000042",
        occurred_at=timezone.now(),
        subject="إشعار بموعد",
        summary="السطر الأول\nالسطر الثاني",
        recorded_by=worker,
    )
    with translation.override("ar"):
        html = render_to_string(
            "pdf/outgoing_letter.html",
            {"letter": letter, "beneficiary": present(beneficiary, worker), "signed_by": worker},
        )
    today = dual_date(letter.occurred_at, "ar")
    assert "الموافق" in today and "هـ" in today
    for expected in (
        "OUT-2026-000042",
        dual_date_markup(letter.occurred_at, "ar"),  # the page's |dual_date: the words in a <bdi> (issue 10.4)
        "نورة عبدالله القحطاني",
        "شارع الملك فهد، منزل 12",
        "حي الروضة",
        "إشعار بموعد",
        "السطر الأول<br>السطر الثاني",
        "خالد الشمري",
    ):
        assert expected in html, expected


def test_ch2_each_outgoing_letter_gets_the_next_number(beneficiary, worker):
    first = services.issue_outgoing_letter(by=worker, beneficiary=beneficiary, subject="أ", body="نص")
    second = services.issue_outgoing_letter(by=worker, beneficiary=beneficiary, subject="ب", body="نص")
    assert first.reference[:-6] == second.reference[:-6]
    assert int(second.reference[-6:]) == int(first.reference[-6:]) + 1


def test_download_serves_the_file_and_writes_the_access_log(client, beneficiary, worker):
    fax = services.record_fax(
        by=worker,
        beneficiary=beneficiary,
        direction="in",
        subject="فاكس",
        image=SimpleUploadedFile("fax.png", PNG, content_type="image/png"),
    )
    reader = scoped_staff(Role.RECEPTIONIST, beneficiary)
    client.force_login(reader)
    response = client.get(reverse("interactions:attachment", args=[fax.pk]), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    (entry,) = AccessLog.objects.filter(action=AccessLog.Action.DOWNLOAD)
    assert entry.actor == reader
    assert entry.object_id == str(beneficiary.pk)
    assert str(fax.pk) in entry.detail
    assert entry.ip_address == "10.1.2.3"


def test_a_contact_without_a_file_has_no_download(client, beneficiary, worker):
    call = services.record_phone_call(by=worker, beneficiary=beneficiary, direction="in", subject="x", summary="y")
    client.force_login(worker)
    assert client.get(reverse("interactions:attachment", args=[call.pk])).status_code == 404
    assert not AccessLog.objects.filter(action=AccessLog.Action.DOWNLOAD).exists()


def test_files_are_kept_in_the_private_storage_outside_the_web_root(settings):
    field = Interaction._meta.get_field("attachment")
    assert field._storage_callable is private_storage
    assert settings.STORAGES["private"]["OPTIONS"]["location"] != str(settings.MEDIA_ROOT)


def test_reading_a_contact_is_written_to_the_access_log(client, beneficiary, worker):
    call = services.record_phone_call(by=worker, beneficiary=beneficiary, direction="in", subject="x", summary="y")
    client.force_login(worker)
    client.get(reverse("interactions:detail", args=[call.pk]))
    (entry,) = AccessLog.objects.filter(action=AccessLog.Action.VIEW)
    assert (entry.actor, entry.object_id) == (worker, str(beneficiary.pk))
