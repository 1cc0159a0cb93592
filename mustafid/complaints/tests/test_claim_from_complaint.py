"""A complaint that reveals harm caused by the society opens a compensation claim in one step (CM-3, CP-1)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mustafid.accounts.roles import Role
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.compensation.models import Claim

from .factories import filed

pytestmark = pytest.mark.django_db


def open_claim(client, user, complaint):
    client.force_login(user)
    return client.post(reverse("complaints:open_claim", args=[complaint.pk]))


def test_one_step_opens_a_claim_linked_to_the_complaint_and_only_once(client):
    beneficiary = BeneficiaryFactory()
    complaint = filed(beneficiary=beneficiary, text="تلف أثاث المنزل أثناء الزيارة الميدانية.").complaint
    worker = scoped_staff(Role.CASE_WORKER, beneficiary)
    response = open_claim(client, worker, complaint)
    claim = Claim.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("compensation:detail", args=[claim.pk])
    assert claim.beneficiary == beneficiary
    assert claim.alleged_harm == complaint.text
    assert (claim.origin_type.model, claim.origin_id) == ("complaint", complaint.pk)
    # The complaint page links to its claim instead of offering a second one.
    page = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    assert claim.reference in page
    assert reverse("complaints:open_claim", args=[complaint.pk]) not in page
    open_claim(client, worker, complaint)
    assert Claim.objects.count() == 1


def test_a_complaint_with_no_file_opens_no_claim(client):
    complaint = filed().complaint  # a visitor's complaint: no beneficiary's file to claim for
    admin = scoped_staff(Role.ADMINISTRATOR, BeneficiaryFactory(), scope_all=True)
    open_claim(client, admin, complaint)
    assert not Claim.objects.exists()


def test_a_receptionist_may_not_open_a_claim(client):
    beneficiary = BeneficiaryFactory()
    complaint = filed(beneficiary=beneficiary).complaint
    assert open_claim(client, scoped_staff(Role.RECEPTIONIST, beneficiary), complaint).status_code == 403
    assert not Claim.objects.exists()
