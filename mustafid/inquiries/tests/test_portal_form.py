"""The portal's inquiry form (HD-1, CM-2): no account, guarded by shared rate limits, a honeypot and size limits."""

import time

import pytest
from django.urls import reverse

from mustafid.accounts.tests.factories import BranchFactory
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory
from mustafid.inquiries.models import Inquiry, Source
from mustafid.liaison.tests.factories import LiaisonAssignmentFactory
from mustafid.portal import inquiries as portal_inquiries
from mustafid.portal.session import SESSION_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture
def branch():
    return BranchFactory(code="hq", name="المقر الرئيسي")


def filled(branch, **overrides):
    return {
        "kind": "support",
        "inquirer_name": "خالد",
        "reply_channel": "sms",
        "contact": "0551234567",
        "branch": branch.pk,
        "subject": "لا يصلني الرمز",
        "question": "أطلب رمز الدخول ولا يصلني",
        "website": "",
        **overrides,
    }


def test_a_visitor_asks_without_an_account_and_gets_a_reference_number(client, branch):
    response = client.post(reverse("portal:inquiry"), filled(branch), follow=True)
    inquiry = Inquiry.objects.get()
    assert inquiry.source == Source.PORTAL and inquiry.kind == "support"
    assert inquiry.contact == "+966551234567" and inquiry.branch == branch and inquiry.beneficiary is None
    assert inquiry.reference in response.content.decode()


def test_the_honeypot_keeps_nothing(client, branch):
    response = client.post(reverse("portal:inquiry"), filled(branch, website="http://spam.example"), follow=True)
    assert response.status_code == 200
    assert not Inquiry.objects.exists()


def test_too_long_a_question_or_a_wrong_contact_is_refused_and_what_was_typed_is_kept(client, branch):
    response = client.post(reverse("portal:inquiry"), filled(branch, question="س" * 2001))
    assert response.status_code == 200 and "question" in response.context["form"].errors
    response = client.post(reverse("portal:inquiry"), filled(branch, contact="12"))
    assert "contact" in response.context["form"].errors
    assert "لا يصلني الرمز" in response.content.decode()
    assert not Inquiry.objects.exists()


def test_the_address_limit_is_shared_and_refuses_without_keeping(client, branch, monkeypatch):
    monkeypatch.setattr(portal_inquiries, "PER_ADDRESS", portal_inquiries.Limit(2, portal_inquiries.timedelta(hours=1)))
    for _ in range(2):
        client.post(reverse("portal:inquiry"), filled(branch))
    response = client.post(reverse("portal:inquiry"), filled(branch))
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert Inquiry.objects.count() == 2


def test_the_global_limit_holds_for_every_address(client, branch, monkeypatch):
    monkeypatch.setattr(
        portal_inquiries, "FOR_EVERYONE", portal_inquiries.Limit(1, portal_inquiries.timedelta(hours=1))
    )
    client.post(reverse("portal:inquiry"), filled(branch), REMOTE_ADDR="10.0.0.1")
    response = client.post(reverse("portal:inquiry"), filled(branch), REMOTE_ADDR="10.0.0.2")
    assert response.context["form"].non_field_errors()
    assert Inquiry.objects.count() == 1


def test_a_signed_in_beneficiarys_question_is_tied_to_their_file_and_routed_to_their_officer(client):
    beneficiary = BeneficiaryFactory()
    person = LiaisonAssignmentFactory(category=beneficiary.category).officer
    session = client.session
    session[SESSION_KEY] = {"id": beneficiary.pk, "until": int(time.time()) + 600}
    session.save()
    form = client.get(reverse("portal:inquiry")).context["form"]
    assert "contact" not in form.fields and "branch" not in form.fields
    client.post(
        reverse("portal:inquiry"), {"kind": "inquiry", "reply_channel": "sms", "subject": "الصرف", "question": "متى؟"}
    )
    inquiry = Inquiry.objects.get()
    assert inquiry.beneficiary == beneficiary and inquiry.branch == beneficiary.branch
    assert inquiry.contact == beneficiary.phone
    assert inquiry.assigned_to == person


def test_a_signed_in_beneficiary_reads_their_questions_and_answers_and_no_one_elses(client):
    from mustafid.accounts.roles import Role
    from mustafid.beneficiaries.tests.factories import scoped_staff
    from mustafid.inquiries import services
    from mustafid.inquiries.tests.factories import inquiry

    beneficiary, other = BeneficiaryFactory(), BeneficiaryFactory()
    desk = scoped_staff(Role.RECEPTIONIST, beneficiary)
    mine = inquiry(by=desk, beneficiary=beneficiary, subject="سؤالي")
    services.answer_inquiry(by=scoped_staff(Role.LIAISON_OFFICER, beneficiary), inquiry=mine, answer="جوابك هنا")
    inquiry(by=scoped_staff(Role.RECEPTIONIST, other), beneficiary=other, subject="سؤال غيري")
    assert client.get(reverse("portal:inquiries")).status_code == 302  # identify first
    session = client.session
    session[SESSION_KEY] = {"id": beneficiary.pk, "until": int(time.time()) + 600}
    session.save()
    body = client.get(reverse("portal:inquiries")).content.decode()
    assert "سؤالي" in body and "جوابك هنا" in body
    assert "سؤال غيري" not in body


def test_a_visitor_who_names_the_domain_reaches_its_officer(client, branch):
    from mustafid.accounts.tests.factories import DomainFactory

    domain = DomainFactory(code="housing")
    person = LiaisonAssignmentFactory(domain=domain).officer
    client.post(reverse("portal:inquiry"), filled(branch, domain=domain.pk))
    assert Inquiry.objects.get().assigned_to == person
