"""The Arabic data-subject copy holds no English value and no ISO date (issue 10.3).

Answers were copied as stored: ``9E+3``, a removed field's code as its
question, its date as ``2026-08-14``. They read now as on the request page.
"""

import re

import pytest
from django.utils.html import strip_tags

from mustafid.beneficiaries.data_subject import data_subject_copy_html, data_subject_copy_json, data_subject_copy_pdf
from mustafid.committees.tests.test_pdf_text_layer import pdf_text
from mustafid.core.hijri import dual_date

from .test_answers_display import MOVED_ON, answered, version

__all__ = ["answered", "version"]  # fixtures, used by name

pytestmark = pytest.mark.django_db

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# What may be Latin in an Arabic copy: reference numbers (REQ-2026-000001...), the SMS channel's name, an email.
ALLOWED_LATIN = re.compile(r"(?:REQ|BEN|DEC|MIN|TRX)-[\d-]+|SMS|[\w.+-]+@[\w.-]+")


@pytest.fixture
def copied(answered):
    request, beneficiary = answered
    # Answers to fields a later edit of the service removed are still held and copied.
    request.answers = {**request.answers, "old_visit_on": "2026-08-14", "had_support": True}
    request.save(update_fields=["answers"])
    return beneficiary


def latin_words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{2,}", ALLOWED_LATIN.sub("", text))


def test_the_arabic_copy_shows_answers_as_a_person_reads_them(copied):
    text = strip_tags(data_subject_copy_html(copied).split("</style>")[-1])
    assert "9,000" in text and "9E+3" not in text
    assert dual_date(MOVED_ON, "ar") in text  # the date field and the removed one alike
    assert not ISO_DATE.search(text), ISO_DATE.findall(text)
    assert "True" not in text and "False" not in text
    assert not latin_words(text), latin_words(text)
    assert "old_visit_on" not in text and "had_support" not in text


def test_the_arabic_pdf_copy_has_no_english_value_nor_iso_date(copied):
    text = pdf_text(data_subject_copy_pdf(copied))
    assert not ISO_DATE.search(text), ISO_DATE.findall(text)
    assert not latin_words(text), latin_words(text)


def test_the_json_copy_keeps_dates_as_iso(copied):
    rows = data_subject_copy_json(copied)["sections"]["requests"]["records"][0]["answers"]
    assert {"question": "تاريخ الانتقال", "answer": "2026-08-14"} in rows
