"""Answers read as a person reads them, on the request page and on the receipt (issue 10.2).

A number answered 9000 was stored ``normalize()``d as ``9E+3`` and shown so on
the page and on the receipt handed to the beneficiary; a date answer showed
as ISO text on the receipt. Both go through ``requests.answers`` now.
"""

from datetime import date

import pytest
from django.urls import reverse

from mustafid.accounts.roles import Role
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.committees.tests.test_pdf_text_layer import pdf_text, squeezed
from mustafid.core.hijri import dual_date
from mustafid.requests import services
from mustafid.requests.documents import render_receipt
from mustafid.requests.forms import RequestAnswersForm
from mustafid.requests.tests.factories import filled_draft
from mustafid.services.models import FormField
from mustafid.services.tests.factories import published_service

pytestmark = pytest.mark.django_db

MOVED_ON = date(2026, 8, 14)


@pytest.fixture
def version():
    """The typical service plus a date field (a draft takes new parts; published again after)."""
    version = published_service(published_at=None)
    FormField.objects.create(version=version, key="moved_on", label="تاريخ الانتقال", kind="date", order=4)
    version.published_at = version.created_at
    version.save(update_fields=["published_at"])
    return version


@pytest.fixture
def answered(version):
    beneficiary = BeneficiaryFactory(full_name="سارة بنت محمد")
    desk = scoped_staff(Role.RECEPTIONIST, beneficiary)
    request = filled_draft(by=desk, beneficiary=beneficiary, version=version)
    form = RequestAnswersForm(
        {"f_family_size": "9000", "f_reason": "نص", "f_moved_on_0": "gregorian", "f_moved_on_1": "2026-08-14"},
        version=version,
    )
    assert form.is_valid(), form.errors
    services.save_answers(by=desk, request=request, answers=form.answers(), criteria_answers=request.criteria_answers)
    return services.complete_request(by=desk, request=request), beneficiary


def test_a_number_is_stored_as_typed_never_as_9e3(answered):
    request, _b = answered
    assert request.answers["family_size"] == "9000"


def test_the_request_page_shows_9000_grouped_and_the_date_in_both_calendars(client, answered):
    request, beneficiary = answered
    client.force_login(scoped_staff(Role.CASE_WORKER, beneficiary))
    body = client.get(reverse("requests:detail", args=[request.pk])).content.decode()
    assert "9,000" in body and "9E+3" not in body
    assert dual_date(MOVED_ON, "ar") in body


def test_the_receipt_shows_9000_grouped_and_the_date_in_both_calendars_not_iso(answered):
    request, _b = answered
    text = pdf_text(render_receipt(request))
    assert "9,000" in text and "9E+3" not in text
    assert "2026-08-14" not in text
    # The extractor reorders the digit runs of a bidi line: the two months' names say both calendars are there.
    assert "أغسطس" in text and squeezed("ربيع الأول") in text


def test_an_answer_stored_as_9e3_before_the_fix_still_reads_9000(answered):
    request, _b = answered
    request.answers = {**request.answers, "family_size": "9E+3"}
    request.save(update_fields=["answers"])
    assert "9,000" in pdf_text(render_receipt(request))
