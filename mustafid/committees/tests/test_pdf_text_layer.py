"""Every PDF's text layer is the Arabic that was written (issue 10.3).

A document is read by copy and paste, by search and by screen readers through
its text layer, not through what the page looks like. With the font the PDFs
used before, WeasyPrint wrote a ToUnicode map in which dotted letters that
share a glyph came back as one another (ت→ة, ن→ض, ب→ج; see
../shared/notes/arabic-pdf-text.md). Each document kind is rendered here with
Arabic full of those letters and its extracted text must hold every phrase.

Lives with the committee tests because the committee's world (request,
meeting, decision) builds every document kind; the receipt, letter and copy
belong to other apps.
"""

from __future__ import annotations

import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.conf import settings
from pypdf import PdfReader

from mustafid.beneficiaries.data_subject import data_subject_copy_pdf
from mustafid.committees import services
from mustafid.committees.documents import render_minute
from mustafid.interactions.models import Channel, Direction
from mustafid.interactions.services import render_outgoing_letter
from mustafid.interactions.tests.factories import InteractionFactory
from mustafid.requests.documents import render_decision_letter, render_receipt

from .helpers import at_committee, declare_and_vote, in_session

# Bidi marks and every kind of space: the extractor may break a line or a run
# anywhere, so phrases are compared letter by letter, in order.
_NOT_LETTERS = re.compile(r"[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]+")


def squeezed(text: str) -> str:
    return _NOT_LETTERS.sub("", text)


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    return squeezed("".join(page.extract_text() or "" for page in PdfReader(BytesIO(data)).pages))


def assert_reads_back(data: bytes, *phrases: str) -> None:
    text = pdf_text(data)
    missing = [p for p in phrases if squeezed(p) not in text]
    assert not missing, f"not in the PDF's text layer: {missing}\n--- extracted ---\n{text[:600]}"


# Words where Amiri joins lam to the next letter (لك, لق, لت...): with the font's
# required ligatures, WeasyPrint mapped the shared lam glyph to the first text it
# drew, so «القرار» came back «اقرار» and «الكفاية» «ا لكفاية» (pdftotext).
REASONS = "ثبتت حاجة الأسرة وفق القرار ومعيار الكفاية، ولها التظلم عبر البريد الإلكتروني"


@pytest.fixture
def decided(c):
    request = at_committee(c)
    meeting, (item,) = in_session(c, [request])
    declare_and_vote(c, item, {"chair": "approved", "m1": "approved", "m2": "approved"})
    services.decide_item(
        by=c["chair"], item=item, decision="approved", reasons=REASONS, approved_amount=Decimal("9000")
    )
    request.refresh_from_db()
    return request, meeting


def arabic_service_name(request) -> str:
    """A service name without digits: a digit starts a left-to-right run the extractor may put anywhere."""
    service = request.version.service
    service.name = "مساعدة بدل إيجار المسكن"
    service.save(update_fields=["name"])
    return service.name


SOCIETY = settings.MUSTAFID_SOCIETY_NAME  # «الجمعية التعاونية متعددة الأغراض بالمستجدة» by default


def test_the_receipt_reads_back_in_arabic(c):
    request = at_committee(c)
    service = arabic_service_name(request)
    assert_reads_back(render_receipt(request), SOCIETY, "سارة بنت محمد", service)


def test_the_decision_letter_reads_back_in_arabic(decided):
    request, _meeting = decided
    assert_reads_back(render_decision_letter(request), SOCIETY, "سارة بنت محمد", REASONS)


def test_the_minute_reads_back_in_arabic(c, decided):
    _request, meeting = decided
    assert_reads_back(render_minute(meeting), SOCIETY, "اللجنة المختصة بالمساعدات", "سارة بنت محمد", REASONS)


def test_the_outgoing_letter_reads_back_in_arabic(c):
    letter = InteractionFactory(
        beneficiary=c["b"],
        channel=Channel.LETTER,
        direction=Direction.OUTGOING,
        subject="إشعار بموعد الزيارة الميدانية",
        summary="نفيدكم بأن موعد الزيارة يوم الثلاثاء",
        recorded_by=c["desk"],
    )
    assert_reads_back(render_outgoing_letter(letter), SOCIETY, "سارة بنت محمد", "إشعار بموعد الزيارة الميدانية")


def test_the_data_subject_copy_reads_back_in_arabic(c):
    assert_reads_back(data_subject_copy_pdf(c["b"]), SOCIETY, "سارة بنت محمد", "المستجدة")
