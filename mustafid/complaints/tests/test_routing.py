"""A complaint is routed to the liaison officer of the beneficiary's category, or their fallback (IN-2)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from mustafid.accounts.tests.factories import DomainFactory
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory
from mustafid.complaints.models import Status
from mustafid.liaison.tests.factories import LiaisonAssignmentFactory, OfficerProfileFactory, officer
from mustafid.services.tests.factories import published_service

from .factories import filed

pytestmark = pytest.mark.django_db


def test_a_complaint_about_a_file_goes_to_its_categorys_officer_still_to_be_acknowledged():
    beneficiary = BeneficiaryFactory()
    assignment = LiaisonAssignmentFactory(category=beneficiary.category, fallback=officer())
    complaint = filed(beneficiary=beneficiary).complaint
    assert complaint.assigned_to == assignment.officer
    # Routing names who answers for it; the officer still acknowledges it to the complainant.
    assert complaint.status == Status.RECEIVED


def test_while_the_officer_is_away_the_fallback_takes_it():
    beneficiary = BeneficiaryFactory()
    assignment = LiaisonAssignmentFactory(category=beneficiary.category, fallback=officer())
    today = timezone.localdate()
    OfficerProfileFactory(user=assignment.officer, absent_from=today, absent_until=today + timedelta(days=5))
    assert filed(beneficiary=beneficiary).complaint.assigned_to == assignment.fallback


def test_with_no_officer_set_it_waits_in_the_unassigned_queue():
    assert filed(beneficiary=BeneficiaryFactory()).complaint.assigned_to is None


def test_a_complaint_about_a_service_goes_to_the_officer_of_its_domain():
    domain = DomainFactory()
    version = published_service(published_at=None)  # a published version takes no new part: its domain first
    version.domains.add(domain)
    version.published_at = timezone.now()
    version.save()
    assignment = LiaisonAssignmentFactory(domain=domain)
    complaint = filed(subject_kind="service", service=version.service).complaint
    assert complaint.assigned_to == assignment.officer
