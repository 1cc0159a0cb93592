"""CH-1..CH-6: every contact is recorded through its own form and shows on the beneficiary's timeline."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from mustafid.accounts.roles import Role
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.beneficiaries.timeline import timeline
from mustafid.core.workdays import add_working_days
from mustafid.interactions import services
from mustafid.interactions.models import Channel, Direction, Interaction

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
TIFF = b"II*\x00" + b"\x00" * 32


def when(**delta) -> str:
    """A moment in the past as the datetime-local input sends it."""
    return (timezone.localtime() - timedelta(**delta)).strftime("%Y-%m-%dT%H:%M")


def create_url(beneficiary, query: str) -> str:
    return reverse("interactions:create", args=[beneficiary.pk]) + "?" + query


@pytest.fixture
def beneficiary():
    return BeneficiaryFactory(email="beneficiary@example.sa", address="ص.ب 123", district="حي النخيل")


@pytest.fixture
def worker(beneficiary):
    return scoped_staff(Role.CASE_WORKER, beneficiary, full_name="سارة الحربي")


@pytest.fixture
def desk(client, worker):
    client.force_login(worker)
    return client


def only_contact(beneficiary) -> Interaction:
    (interaction,) = Interaction.objects.filter(beneficiary=beneficiary)
    return interaction


def timeline_titles(beneficiary, user) -> list[str]:
    return [entry.title for entry in timeline(beneficiary, user)]


def test_ch1_interview_notes_recorded_and_on_timeline(desk, beneficiary, worker):
    response = desk.post(
        create_url(beneficiary, "channel=interview"),
        {"occurred_at": when(hours=1), "subject": "مقابلة تعريفية", "summary": "حضر المستفيد وشرح وضع أسرته."},
    )
    interaction = only_contact(beneficiary)
    assert response.status_code == 302 and response["Location"] == interaction.get_absolute_url()
    assert interaction.channel == Channel.INTERVIEW
    assert interaction.summary == "حضر المستفيد وشرح وضع أسرته."
    assert interaction.recorded_by == worker
    (entry,) = timeline(beneficiary, worker)
    assert entry.title == "مقابلة تعريفية"
    assert entry.kind == "المقابلة"
    assert entry.url == reverse("interactions:detail", args=[interaction.pk])


def test_ch1_the_record_page_offers_every_channel_in_the_policys_words(desk, beneficiary):
    body = desk.get(reverse("interactions:create", args=[beneficiary.pk])).content.decode()
    for word in ("المقابلة", "خطاب وارد", "خطاب صادر", "الاتصال الهاتفي", "الفاكس", "البريد الإلكتروني", "خدمة التطوع"):
        assert word in body, word
    assert 'data-testid="contact-form"' not in body  # nothing chosen yet


def test_ch2_incoming_letter_registered_with_a_number_and_its_scan(desk, beneficiary, worker):
    scan = SimpleUploadedFile("رسالة المستفيد.pdf", PDF, content_type="application/pdf")
    response = desk.post(
        create_url(beneficiary, "channel=letter&direction=in"),
        {"occurred_at": when(days=1), "subject": "طلب مساعدة", "summary": "", "attachment": scan},
    )
    assert response.status_code == 302
    letter = only_contact(beneficiary)
    year = timezone.localdate().year
    assert letter.channel == Channel.LETTER and letter.direction == Direction.INCOMING
    assert letter.reference == f"INL-{year}-000001"
    assert letter.attachment_type == "application/pdf"
    # The person's file name is not kept; the number names the download, the stored path is random (issue 9.5).
    assert letter.attachment_name == f"INL-{year}-000001.pdf"
    assert "رسالة" not in letter.attachment.name and letter.reference not in letter.attachment.name
    with letter.attachment.open("rb") as fh:
        assert fh.read() == PDF
    (entry,) = timeline(beneficiary, worker)
    assert letter.reference in entry.meta


def test_ch2_incoming_letter_refuses_a_file_that_is_not_pdf_or_image_and_writes_nothing(desk, beneficiary):
    fake = SimpleUploadedFile("letter.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    response = desk.post(
        create_url(beneficiary, "channel=letter&direction=in"),
        {"occurred_at": when(days=1), "subject": "طلب مساعدة", "attachment": fake},
    )
    assert response.status_code == 200
    assert "نوع الملف غير مقبول" in response.content.decode()
    assert not Interaction.objects.exists()


def test_ch2_incoming_letter_service_refuses_a_tiff_scan(beneficiary, worker):
    # Letters are PDF, PNG or JPEG; TIFF is accepted for faxes only.
    with pytest.raises(ValidationError) as refused:
        services.register_incoming_letter(
            by=worker, beneficiary=beneficiary, subject="خطاب", scan=SimpleUploadedFile("a.tif", TIFF)
        )
    assert "attachment" in refused.value.error_dict
    assert not Interaction.objects.exists()


def test_ch2_outgoing_letter_generated_with_reference_and_on_timeline(
    desk, beneficiary, worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(
            create_url(beneficiary, "channel=letter&direction=out"),
            {"subject": "إفادة باستلام الطلب", "body": "نفيدكم باستلام طلبكم وسيعرض على اللجنة المختصة."},
        )
    assert response.status_code == 302
    letter = only_contact(beneficiary)
    assert letter.direction == Direction.OUTGOING
    assert letter.reference == f"OUT-{timezone.localdate().year}-000001"
    assert letter.attachment_type == "application/pdf"
    with letter.attachment.open("rb") as fh:
        assert fh.read(5) == b"%PDF-"
    assert timeline_titles(beneficiary, worker) == ["إفادة باستلام الطلب"]


def test_ch3_phone_call_with_follow_up_appears_on_timeline(desk, beneficiary, worker):
    # A working day: a closed one would first be questioned (test_closed_day_warning.py).
    follow_up = add_working_days(timezone.localdate(), 3)
    response = desk.post(
        create_url(beneficiary, "channel=phone"),
        {
            "direction": "out",
            "occurred_at": when(minutes=30),
            "counterpart": "0551234567",
            "subject": "تذكير بالمستندات",
            "summary": "طلبنا صورة الهوية وتعريف الراتب.",
            "follow_up_on_0": "gregorian",
            "follow_up_on_1": follow_up.isoformat(),
            "follow_up_note": "التأكد من وصول المستندات",
        },
    )
    assert response.status_code == 302
    call = only_contact(beneficiary)
    assert (call.channel, call.direction) == (Channel.PHONE, Direction.OUTGOING)
    assert call.counterpart == "0551234567"
    assert call.follow_up_on == follow_up and call.follow_up_note == "التأكد من وصول المستندات"
    assert call.has_open_follow_up
    (entry,) = timeline(beneficiary, worker)
    assert entry.title == "تذكير بالمستندات" and entry.badge == "outgoing"
    assert any("متابعة" in m for m in entry.meta)


def test_ch3_follow_up_needs_both_a_date_and_a_task(desk, beneficiary):
    response = desk.post(
        create_url(beneficiary, "channel=phone"),
        {
            "direction": "in",
            "occurred_at": when(minutes=5),
            "subject": "استفسار",
            "summary": "سأل عن موعد الصرف",
            "follow_up_note": "معاودة الاتصال",
        },
    )
    assert response.status_code == 200
    assert 'data-testid="error-follow_up_on"' in response.content.decode()
    assert not Interaction.objects.exists()


def test_ch3_a_contact_in_the_future_is_refused(beneficiary, worker):
    with pytest.raises(ValidationError) as refused:
        services.record_phone_call(
            by=worker,
            beneficiary=beneficiary,
            direction=Direction.INCOMING,
            subject="x",
            summary="y",
            occurred_at=timezone.now() + timedelta(days=1),
        )
    assert "occurred_at" in refused.value.error_dict


def test_ch4_received_fax_registered_with_its_tiff_image(desk, beneficiary, worker):
    image = SimpleUploadedFile("fax.tif", TIFF, content_type="image/tiff")
    response = desk.post(
        create_url(beneficiary, "channel=fax"),
        {
            "direction": "in",
            "occurred_at": when(hours=2),
            "counterpart": "0114567890",
            "subject": "فاكس من المستفيد",
            "attachment": image,
        },
    )
    assert response.status_code == 302
    fax = only_contact(beneficiary)
    assert (fax.channel, fax.direction, fax.attachment_type) == (Channel.FAX, Direction.INCOMING, "image/tiff")
    assert timeline_titles(beneficiary, worker) == ["فاكس من المستفيد"]


def test_ch4_received_fax_without_its_image_is_refused(desk, beneficiary):
    response = desk.post(
        create_url(beneficiary, "channel=fax"),
        {"direction": "in", "occurred_at": when(hours=2), "subject": "فاكس"},
    )
    assert response.status_code == 200
    assert 'data-testid="error-attachment"' in response.content.decode()
    assert not Interaction.objects.exists()


def test_ch4_sent_fax_is_logged_without_an_image(beneficiary, worker):
    fax = services.record_fax(
        by=worker, beneficiary=beneficiary, direction=Direction.OUTGOING, subject="إرسال نموذج", number="0114567890"
    )
    assert not fax.attachment
    assert timeline_titles(beneficiary, worker) == ["إرسال نموذج"]


def test_ch5_outgoing_email_is_sent_to_the_beneficiary_and_recorded(
    desk, beneficiary, worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(
            create_url(beneficiary, "channel=email&direction=out"),
            {"subject": "موعد المقابلة", "body": "نأمل حضوركم يوم الأحد الساعة العاشرة."},
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["beneficiary@example.sa"]
    assert message.subject == "موعد المقابلة"
    assert "يوم الأحد" in message.body
    email = only_contact(beneficiary)
    assert (email.channel, email.direction, email.counterpart) == (
        Channel.EMAIL,
        Direction.OUTGOING,
        "beneficiary@example.sa",
    )
    assert timeline_titles(beneficiary, worker) == ["موعد المقابلة"]


def test_ch5_no_email_is_sent_when_the_beneficiary_has_no_address(
    beneficiary, worker, django_capture_on_commit_callbacks
):
    beneficiary.email = ""
    beneficiary.save()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.send_email(by=worker, beneficiary=beneficiary, subject="x", body="y")
    assert mail.outbox == []
    assert not Interaction.objects.exists()


def test_ch5_incoming_email_is_registered_and_nothing_is_sent(
    desk, beneficiary, worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(
            create_url(beneficiary, "channel=email&direction=in"),
            {
                "occurred_at": when(hours=3),
                "counterpart": "someone@example.sa",
                "subject": "استفسار عن الطلب",
                "summary": "متى يصدر القرار؟",
            },
        )
    assert response.status_code == 302
    email = only_contact(beneficiary)
    assert (email.direction, email.counterpart) == (Direction.INCOMING, "someone@example.sa")
    assert mail.outbox == []
    assert timeline_titles(beneficiary, worker) == ["استفسار عن الطلب"]


def test_ch6_staff_record_a_contact_made_by_a_volunteer(desk, beneficiary, worker):
    response = desk.post(
        create_url(beneficiary, "channel=volunteer"),
        {"occurred_at": when(days=2), "subject": "زيارة منزلية", "summary": "تمت زيارة الأسرة وإيصال السلة."},
    )
    assert response.status_code == 302
    assert only_contact(beneficiary).channel == Channel.VOLUNTEER
    assert timeline_titles(beneficiary, worker) == ["زيارة منزلية"]


def test_timeline_is_newest_first_across_channels(beneficiary, worker):
    now = timezone.now()
    services.record_interview(
        by=worker, beneficiary=beneficiary, subject="أولا", notes="-", occurred_at=now - timedelta(days=2)
    )
    services.record_phone_call(
        by=worker,
        beneficiary=beneficiary,
        direction=Direction.INCOMING,
        subject="ثانيا",
        summary="-",
        occurred_at=now - timedelta(days=1),
    )
    services.record_volunteer_contact(by=worker, beneficiary=beneficiary, subject="ثالثا", summary="-")
    assert timeline_titles(beneficiary, worker) == ["ثالثا", "ثانيا", "أولا"]


def test_the_detail_page_shows_the_contact_with_gregorian_and_hijri_dates(desk, beneficiary, worker):
    call = services.record_phone_call(
        by=worker, beneficiary=beneficiary, direction=Direction.INCOMING, subject="اتصال وارد", summary="سطر أول"
    )
    body = desk.get(reverse("interactions:detail", args=[call.pk])).content.decode()
    assert "اتصال وارد" in body and "سطر أول" in body
    assert "الموافق" in body and "هـ" in body
    assert beneficiary.full_name in body
