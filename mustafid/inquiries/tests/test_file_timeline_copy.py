"""An inquiry appears on the beneficiary's timeline and page, and in their data-subject copy (RL-2)."""

import pytest
from django.urls import reverse

from mustafid.accounts.roles import Role
from mustafid.beneficiaries import data_subject
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.beneficiaries.timeline import timeline
from mustafid.inquiries import services
from mustafid.inquiries.tests.factories import inquiry

pytestmark = pytest.mark.django_db


def test_the_timeline_and_the_page_show_the_inquiry_to_whoever_sees_the_file():
    beneficiary = BeneficiaryFactory()
    desk = scoped_staff(Role.RECEPTIONIST, beneficiary)
    case = inquiry(by=desk, beneficiary=beneficiary, subject="موعد الصرف")
    entries = [e for e in timeline(beneficiary, desk) if e.url == reverse("inquiries:detail", args=[case.pk])]
    assert len(entries) == 1 and "موعد الصرف" in entries[0].title
    volunteer = scoped_staff(Role.VOLUNTEER, beneficiary)
    assert not [e for e in timeline(beneficiary, volunteer) if "موعد الصرف" in e.title]


def test_the_register_link_is_on_the_file_page(client):
    beneficiary = BeneficiaryFactory()
    desk = scoped_staff(Role.RECEPTIONIST, beneficiary)
    client.force_login(desk)
    body = client.get(reverse("beneficiaries:detail", args=[beneficiary.pk])).content.decode()
    assert reverse("inquiries:new") + f"?beneficiary={beneficiary.pk}" in body


def test_the_copy_holds_the_question_and_the_answer_given():
    beneficiary = BeneficiaryFactory()
    desk = scoped_staff(Role.RECEPTIONIST, beneficiary)
    officer = scoped_staff(Role.LIAISON_OFFICER, beneficiary)
    case = inquiry(by=desk, beneficiary=beneficiary, question="هل يمكنني تحديث رقمي؟")
    services.answer_inquiry(by=officer, inquiry=case, answer="نعم، عبر مكتب الاستقبال")
    copy = data_subject.data_subject_copy_json(beneficiary)
    (record,) = copy["sections"]["inquiries"]["records"]
    assert record["question"] == "هل يمكنني تحديث رقمي؟"
    assert record["answer"] == "نعم، عبر مكتب الاستقبال"
    assert record["reference"] == case.reference
