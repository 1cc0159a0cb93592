"""Complaints on the beneficiary's timeline, the staff home page and the data-subject copy (issue 11.7, RL-2)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mustafid.accounts.roles import Role
from mustafid.beneficiaries import data_subject
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.complaints import services
from mustafid.complaints.models import Complaint

from .factories import filed

pytestmark = pytest.mark.django_db


def test_a_complaint_is_on_its_beneficiarys_timeline(client):
    beneficiary = BeneficiaryFactory()
    complaint = filed(beneficiary=beneficiary).complaint
    client.force_login(scoped_staff(Role.CASE_WORKER, beneficiary))
    page = client.get(reverse("beneficiaries:detail", args=[beneficiary.pk])).content.decode()
    assert reverse("complaints:detail", args=[complaint.pk]) in page


def test_the_home_page_counts_my_complaints_and_the_overdue_ones(client):
    beneficiary = BeneficiaryFactory()
    officer = scoped_staff(Role.LIAISON_OFFICER, beneficiary)
    mine = filed(beneficiary=beneficiary, complainant_name="شكوى لي").complaint
    late = filed(beneficiary=beneficiary, complainant_name="شكوى متأخرة").complaint
    Complaint.objects.filter(pk=mine.pk).update(assigned_to=officer, status="assigned")
    Complaint.objects.filter(pk=late.pk).update(resolve_due=timezone.localdate() - timedelta(days=1))
    client.force_login(officer)
    page = client.get(reverse("core:home")).content.decode()
    assert "شكوى لي" in page and "شكوى متأخرة" in page
    assert f"{reverse('complaints:worklist')}?view=overdue" in page


def test_the_data_subject_copy_holds_the_complaint_and_what_the_person_was_told_not_the_working_notes():
    beneficiary = BeneficiaryFactory()
    staff = scoped_staff(Role.CASE_WORKER, beneficiary)
    complaint = filed(beneficiary=beneficiary).complaint
    services.assign(by=staff, complaint=complaint, officer=staff)
    services.add_note(by=staff, complaint=complaint, text="ملاحظة داخلية للعمل")
    services.respond(by=staff, complaint=complaint, text="ردنا عليك")
    (section,) = [s for s in data_subject.sections() if s.key == "complaints"]
    (row,) = section.collect(beneficiary)
    assert row["reference"] == complaint.reference
    assert [a["text"] for a in row["answers"]] == ["ردنا عليك"]
