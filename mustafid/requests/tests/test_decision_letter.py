"""The decision letter (HD-6, issue 10.3) and the receipt's signatures (issue 10.7), read from the PDF's text.

The letter addresses the beneficiary as their gender requires, names the
service, states the decision with its reasons and amount, tells how to object
or complain and by when (working days, both calendars), and ends with the
society's signature and stamp block when an administrator configured one.
"""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import override_settings
from pypdf import PdfReader

from mustafid.beneficiaries.tests.factories import BeneficiaryFactory
from mustafid.committees.tests.test_pdf_text_layer import pdf_text, squeezed
from mustafid.core.models import LetterSignature
from mustafid.core.templatetags.mustafid import dual_date  # the markup the letter prints (<bdi>, issue 10.4)
from mustafid.entitlements.tests.factories import approved_through_the_cycle
from mustafid.requests.documents import decision_letter_context, render_decision_letter, render_receipt
from mustafid.requests.tests.factories import png_bytes

pytestmark = pytest.mark.django_db

# A Thursday; 15 working days later (Sunday to Thursday, no holiday in December) is Thursday 24 December.
LETTER_DATE = date(2026, 12, 3)
OBJECTION_BY = date(2026, 12, 24)


def letter_for(gender: str, *, decision="approved", amount=Decimal("9000"), reasons="ثبتت حاجة الأسرة"):
    beneficiary = BeneficiaryFactory(full_name="سارة بنت محمد", gender=gender)
    request = approved_through_the_cycle(beneficiary=beneficiary, amount=amount, decision=decision)
    request.decision_reasons = reasons
    request.replied_on = LETTER_DATE
    request.letter_reference = "DEC-2026-000001"
    request.save(update_fields=["decision_reasons", "replied_on", "letter_reference"])
    service = request.version.service
    service.name = "مساعدة بدل إيجار المسكن"
    service.save(update_fields=["name"])
    request.refresh_from_db()
    return request


def letter_html(request) -> str:
    return render_to_string("pdf/decision_letter.html", {**decision_letter_context(request), "society_name": "ج"})


def images_in(data: bytes) -> int:
    """Distinct images drawn (a page's resources may list those of the whole document)."""
    pages = PdfReader(BytesIO(data)).pages
    return len({getattr(image.indirect_reference, "idnum", None) for page in pages for image in page.images})


@pytest.mark.parametrize(
    ("gender", "addressed", "not_addressed"),
    [
        ("f", "المكرمة", ["المكرم/", "المكرم "]),
        ("m", "المكرم", ["المكرمة", "المكرم/ة"]),
        ("", "المكرم/ة", ["المكرمة "]),
    ],
    ids=["female", "male", "unknown"],
)
def test_the_letter_addresses_the_beneficiary_as_their_gender_requires(gender, addressed, not_addressed):
    request = letter_for(gender)
    addressee = letter_html(request).split('data-testid="addressee"', 1)[1].split("</p>", 1)[0]
    assert addressed in addressee and "سارة بنت محمد" in addressee
    assert not [word for word in not_addressed if word in addressee], addressee
    text = pdf_text(render_decision_letter(request))
    # The extractor moves the slash of «المكرم/ة» about; the HTML above holds the exact form.
    assert squeezed(addressed.split("/")[0]) in text and squeezed("سارة بنت محمد") in text


def test_the_letter_names_the_service_and_states_the_decision_its_reasons_and_amount():
    request = letter_for("f")
    text = pdf_text(render_decision_letter(request))
    for phrase in ("مساعدة بدل إيجار المسكن", "قررت الموافقة على طلبكم", "ثبتت حاجة الأسرة", "أسباب القرار"):
        assert squeezed(phrase) in text, phrase
    assert "9,000.00" in text and "9000" not in text and "9E+3" not in text


def test_a_refusal_says_so_with_its_reasons_and_no_amount():
    request = letter_for("m", decision="rejected", amount=None, reasons="الدخل أعلى من حد الاستحقاق")
    text = pdf_text(render_decision_letter(request))
    assert squeezed("قررت عدم الموافقة على طلبكم") in text
    assert squeezed("الدخل أعلى من حد الاستحقاق") in text
    assert squeezed("المبلغ المعتمد") not in text


def test_the_letter_says_how_to_object_and_by_when_in_both_calendars():
    request = letter_for("f")
    objection = letter_html(request).split('data-testid="objection"', 1)[1].split("</p>", 1)[0]
    assert dual_date(OBJECTION_BY, "ar") in objection
    assert "15 يوم عمل" in objection and "لجنة المتابعة" in objection and request.reference in objection
    text = pdf_text(render_decision_letter(request))
    assert squeezed("التظلم") in text and squeezed("لجنة المتابعة") in text
    assert "2026-12-24" not in text


@override_settings(MUSTAFID_OBJECTION_WORKING_DAYS=5)
def test_the_objection_period_is_a_setting():
    objection = letter_html(letter_for("f")).split('data-testid="objection"', 1)[1].split("</p>", 1)[0]
    assert dual_date(date(2026, 12, 10), "ar") in objection and "5 أيام عمل" in objection


def configure_block():
    block = LetterSignature(signatory_name="عبدالله بن سعد", signatory_title="رئيس مجلس الإدارة")
    # Three different images: a PDF keeps one copy of identical ones.
    for width, field in enumerate(("logo", "signature", "stamp"), start=41):
        upload = SimpleUploadedFile(f"{field}.png", png_bytes(width=width))
        getattr(block, field).save(upload.name, upload, save=False)
    block.save()


def test_without_a_configured_block_the_letter_ends_with_the_society_and_no_image():
    data = render_decision_letter(letter_for("f"))
    assert images_in(data) == 0
    assert squeezed("رئيس مجلس الإدارة") not in pdf_text(data)


def test_with_a_configured_block_the_letter_ends_with_the_signatory_signature_stamp_and_logo():
    configure_block()
    data = render_decision_letter(letter_for("f"))
    text = pdf_text(data)
    assert squeezed("عبدالله بن سعد") in text and squeezed("رئيس مجلس الإدارة") in text
    assert images_in(data) == 3


def test_the_receipt_shows_the_beneficiarys_drawn_signature_and_the_societys_block():
    request = letter_for("f")
    assert images_in(render_receipt(request)) == 1  # the signature drawn at reception (HD-4)
    configure_block()
    data = render_receipt(request)
    assert images_in(data) == 4
    assert squeezed("عبدالله بن سعد") in pdf_text(data)
