"""The portal shows a signed-in beneficiary their liaison officer and how to reach them (IN-1, IN-2)."""

import time

import pytest
from django.urls import reverse
from django.utils import timezone

from mustafid.accounts.tests.factories import DomainFactory
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory
from mustafid.liaison.tests.factories import LiaisonAssignmentFactory, OfficerProfileFactory, officer
from mustafid.portal.session import SESSION_KEY

pytestmark = pytest.mark.django_db


def signed_in(client, beneficiary):
    session = client.session
    session[SESSION_KEY] = {"id": beneficiary.pk, "until": int(time.time()) + 600}
    session.save()
    return client


@pytest.fixture
def beneficiary():
    return BeneficiaryFactory(domains=[DomainFactory(code="housing", name="الإسكان")])


def test_the_officer_is_shown_with_the_societys_work_contact_never_their_own_mobile(client, beneficiary):
    person = officer(full_name="سلمان العتيبي", phone="+966555000111")
    LiaisonAssignmentFactory(category=beneficiary.category, officer=person)
    OfficerProfileFactory(user=person, work_phone="0163250000 تحويلة 12", work_email="liaison@society.example")
    page = signed_in(client, beneficiary).get(reverse("portal:home")).content.decode()
    assert "سلمان العتيبي" in page
    assert "0163250000 تحويلة 12" in page
    assert "liaison@society.example" in page
    assert "555000111" not in page


def test_the_fallback_is_shown_while_the_officer_is_absent_and_each_person_once(client, beneficiary):
    today = timezone.localdate()
    assignment = LiaisonAssignmentFactory(
        category=beneficiary.category, officer=officer(full_name="الغائب"), fallback=officer(full_name="البديل")
    )
    OfficerProfileFactory(user=assignment.officer, absent_from=today, absent_until=today)
    # The same fallback also serves the beneficiary's domain: listed once.
    LiaisonAssignmentFactory(domain=beneficiary.domains.get(), officer=assignment.fallback)
    page = signed_in(client, beneficiary).get(reverse("portal:home")).content.decode()
    assert "الغائب" not in page
    assert page.count('data-testid="liaison-officer"') == 1
    assert "البديل" in page


def test_a_beneficiary_without_an_officer_is_told_who_answers_and_a_visitor_sees_no_officer(client, beneficiary):
    LiaisonAssignmentFactory(category=beneficiary.category, officer=officer(full_name="سلمان العتيبي"))
    anonymous = client.get(reverse("portal:home")).content.decode()
    assert 'data-testid="liaison-officers"' not in anonymous
    assert "سلمان العتيبي" not in anonymous

    other = BeneficiaryFactory()
    page = signed_in(client, other).get(reverse("portal:home")).content.decode()
    assert 'data-testid="liaison-officers"' in page
    assert 'data-testid="liaison-officer"' not in page
