"""Routing to the liaison officer (IN-1): category before domain, the fallback when the officer is absent."""

import datetime

import pytest
from django.utils import timezone

from mustafid.accounts.tests.factories import CategoryFactory, DomainFactory
from mustafid.liaison.selectors import officer_for
from mustafid.liaison.tests.factories import LiaisonAssignmentFactory, OfficerProfileFactory, officer

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 12, 6)


@pytest.fixture
def category():
    return CategoryFactory(code="widows")


@pytest.fixture
def domain():
    return DomainFactory(code="housing")


def test_the_categorys_officer_comes_before_the_domains(category, domain):
    by_category = LiaisonAssignmentFactory(category=category).officer
    LiaisonAssignmentFactory(domain=domain)
    assert officer_for(category=category, domain=domain, on=DAY) == by_category


def test_the_domains_officer_when_the_category_has_none(category, domain):
    by_domain = LiaisonAssignmentFactory(domain=domain).officer
    assert officer_for(category=category, domain=domain, on=DAY) == by_domain


def test_the_fallback_while_the_officer_is_absent_and_the_officer_again_after(category):
    assignment = LiaisonAssignmentFactory(category=category, fallback=officer())
    OfficerProfileFactory(user=assignment.officer, absent_from=DAY, absent_until=DAY + datetime.timedelta(days=2))
    assert officer_for(category=category, on=DAY - datetime.timedelta(days=1)) == assignment.officer
    assert officer_for(category=category, on=DAY) == assignment.fallback
    assert officer_for(category=category, on=DAY + datetime.timedelta(days=2)) == assignment.fallback
    assert officer_for(category=category, on=DAY + datetime.timedelta(days=3)) == assignment.officer


def test_an_absent_officer_without_fallback_passes_to_the_domains_officer(category, domain):
    assignment = LiaisonAssignmentFactory(category=category)
    OfficerProfileFactory(user=assignment.officer, absent_from=DAY, absent_until=DAY)
    by_domain = LiaisonAssignmentFactory(domain=domain).officer
    assert officer_for(category=category, domain=domain, on=DAY) == by_domain


def test_nobody_when_none_is_set(category, domain):
    assert officer_for(category=category, domain=domain, on=DAY) is None
    assert officer_for(on=DAY) is None


def test_nobody_when_officer_and_fallback_are_both_absent(category):
    assignment = LiaisonAssignmentFactory(category=category, fallback=officer())
    for person in (assignment.officer, assignment.fallback):
        OfficerProfileFactory(user=person, absent_from=DAY, absent_until=DAY)
    assert officer_for(category=category, on=DAY) is None


def test_a_deactivated_officer_or_one_whose_role_was_withdrawn_receives_nothing(category, domain):
    gone = LiaisonAssignmentFactory(category=category, fallback=officer())
    gone.officer.is_active = False
    gone.officer.save()
    assert officer_for(category=category, on=DAY) == gone.fallback

    moved = LiaisonAssignmentFactory(domain=domain, fallback=officer())
    moved.officer.groups.clear()
    assert officer_for(domain=domain, on=DAY) == moved.fallback


def test_today_is_the_default_day(category):
    assignment = LiaisonAssignmentFactory(category=category, fallback=officer())
    today = timezone.localdate()
    OfficerProfileFactory(user=assignment.officer, absent_from=today, absent_until=today)
    assert officer_for(category=category) == assignment.fallback
