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


def _card(beneficiary, language: str) -> str:
    from django.template.loader import render_to_string
    from django.utils import translation

    from mustafid.liaison.selectors import officers_of

    with translation.override(language):
        return render_to_string("liaison/portal_officers.html", {"officers": officers_of(beneficiary)})


def test_in2_the_officer_card_reads_in_english_in_the_english_locale_and_in_arabic_in_arabic(beneficiary):
    beneficiary.category.name_en = "Orphans' families"
    beneficiary.category.save()
    person = officer(full_name="سلمان العتيبي")
    LiaisonAssignmentFactory(category=beneficiary.category, officer=person)
    OfficerProfileFactory(
        user=person, name_en="Salman Alotaibi", work_phone="0163250000", work_email="l@society.example"
    )

    english = _card(beneficiary, "en")
    assert "<bdi>Salman Alotaibi</bdi>" in english and "سلمان العتيبي" not in english
    assert "Orphans&#x27; families" in english and beneficiary.category.name not in english
    assert "Your liaison officer" in english and "Phone" in english and "Email" in english

    arabic = _card(beneficiary, "ar")
    assert "<bdi>سلمان العتيبي</bdi>" in arabic and "Salman Alotaibi" not in arabic
    assert beneficiary.category.name in arabic and "Orphans" not in arabic
    assert "ضابط الاتصال الخاص بك" in arabic and "الهاتف" in arabic and "البريد الإلكتروني" in arabic


def test_in2_an_officer_without_an_english_name_is_shown_as_named_set_apart_from_the_english_text(beneficiary):
    LiaisonAssignmentFactory(domain=beneficiary.domains.get(), officer=officer(full_name="نورة القحطاني"))
    english = _card(beneficiary, "en")
    # The Arabic name keeps its own direction inside the English sentence.
    assert "<bdi>نورة القحطاني</bdi>" in english
    # The domain has no English name: its name as it is.
    assert "الإسكان" in english
