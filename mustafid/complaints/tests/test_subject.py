"""What the complaint is about (CM-1): a request and its decision, a service, a staff member, a branch, other.

The public form offers the catalogue's offered services and takes a staff
member's name as typed: it never lists the society's staff. Staff who
register a complaint choose the service and the staff member.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import BranchFactory, DomainFactory, UserFactory
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.complaints.models import Complaint, ComplaintCategory
from mustafid.liaison.tests.factories import LiaisonAssignmentFactory
from mustafid.services.tests.factories import published_service

from .factories import filed

pytestmark = pytest.mark.django_db


def public_data(**overrides):
    data = {
        "complainant_name": "سارة المشتكية",
        "contact_channel": "sms",
        "contact_address": "0501234567",
        "national_id": "",
        "category": ComplaintCategory.objects.get(name="جودة الخدمة").pk,
        "subject_kind": "other",
        "text": "تأخر الرد على طلبي دون إبلاغي بالسبب.",
        "website": "",
    }
    data.update(overrides)
    return data


def file_publicly(client, **overrides):
    return client.post(reverse("complaints:file"), public_data(**overrides), REMOTE_ADDR="10.7.0.1")


def register(client, branch, **overrides):
    client.force_login(UserFactory(role=Role.RECEPTIONIST, branches=[branch]))
    data = {
        "received_via": "phone",
        "complainant_name": "متصل بالهاتف",
        "contact_channel": "sms",
        "contact_address": "0501234567",
        "category": ComplaintCategory.objects.get(name="سلوك موظف").pk,
        "subject_kind": "other",
        "branch": branch.pk,
        "text": "شكوى وصلت بالهاتف.",
        **overrides,
    }
    return client.post(reverse("complaints:register"), data)


def service_of_domain():
    domain = DomainFactory()
    version = published_service(published_at=None)  # a published version takes no new part
    version.domains.add(domain)
    version.published_at = timezone.now()
    version.save()
    return version.service, domain


def test_cm1_a_public_complaint_about_a_service_names_it_and_goes_to_the_officer_of_its_domain(client):
    service, domain = service_of_domain()
    assignment = LiaisonAssignmentFactory(domain=domain)
    assert file_publicly(client, subject_kind="service", service=service.pk).status_code == 200
    complaint = Complaint.objects.get()
    assert complaint.service == service
    assert complaint.assigned_to == assignment.officer


def test_cm1_the_public_form_offers_offered_services_and_never_lists_staff(client):
    offered = published_service().service
    withdrawn = published_service().service
    withdrawn.is_active = False
    withdrawn.save()
    draft_only = published_service(published_at=None).service
    UserFactory(full_name="موظف لا يظهر اسمه")
    form = client.get(reverse("complaints:file")).context["form"]
    assert list(form.fields["service"].queryset) == [offered]
    assert draft_only not in form.fields["service"].queryset
    assert "staff_member" not in form.fields
    assert "موظف لا يظهر اسمه" not in client.get(reverse("complaints:file")).content.decode()


def test_cm1_the_public_form_shows_a_services_english_name_in_english(client):
    service = published_service().service
    service.name_en = "Urgent aid"
    service.save()
    client.cookies["django_language"] = "en"
    page = client.get(reverse("complaints:file")).content.decode()
    assert "Urgent aid" in page


def test_cm1_a_staff_member_is_named_publicly_only_as_typed(client):
    assert file_publicly(client, subject_kind="staff", staff_name="الموظف في شباك الاستقبال").status_code == 200
    complaint = Complaint.objects.get()
    assert complaint.subject_detail == "الموظف في شباك الاستقبال"
    assert complaint.staff_member is None


@pytest.mark.parametrize(
    ("kind", "field", "error"),
    [
        ("service", "service", "اختر الخدمة التي تتعلق بها الشكوى."),
        ("staff", "staff_name", "اكتب اسم الموظف أو ما يدل عليه."),
        ("branch", "branch", "اختر الفرع الذي تتعلق به الشكوى."),
        ("request", "request_reference", "اكتب رقم الطلب الذي تعترض على قراره."),
    ],
)
def test_cm1_the_field_of_the_chosen_subject_is_asked_for_and_what_was_typed_is_kept(client, kind, field, error):
    response = file_publicly(client, subject_kind=kind)
    assert response.status_code == 200
    assert not Complaint.objects.exists()
    assert response.context["form"].errors[field] == [error]
    page = response.content.decode()
    assert error in page and "سارة المشتكية" in page


def test_cm1_only_the_chosen_subject_is_kept(client):
    service = published_service().service
    branch = BranchFactory()
    file_publicly(
        client,
        subject_kind="branch",
        branch=branch.pk,
        service=service.pk,
        staff_name="اسم",
        request_reference="REQ-2027-000001",
    )
    complaint = Complaint.objects.get()
    assert complaint.branch == branch
    assert complaint.service is None and complaint.subject_detail == ""


def test_cm1_staff_register_a_complaint_about_a_staff_member_and_a_service(client):
    branch = BranchFactory()
    member = UserFactory(full_name="موظف الاستقبال")
    UserFactory(full_name="موظف غادر", is_active=False)
    service = published_service().service
    client.force_login(UserFactory(role=Role.RECEPTIONIST, branches=[branch]))
    form = client.get(reverse("complaints:register")).context["form"]
    assert member in form.fields["staff_member"].queryset
    assert not form.fields["staff_member"].queryset.filter(full_name="موظف غادر").exists()
    assert service in form.fields["service"].queryset

    response = register(client, branch, subject_kind="staff", staff_member=member.pk)
    assert response.status_code == 302
    assert Complaint.objects.get().staff_member == member
    register(client, branch, subject_kind="service", service=service.pk)
    assert Complaint.objects.order_by("-pk").first().service == service


def test_cm1_staff_registering_a_complaint_about_a_staff_member_choose_them_or_write_the_name_given(client):
    branch = BranchFactory()
    response = register(client, branch, subject_kind="staff")
    assert response.context["form"].errors["staff_member"] == ["اختر الموظف، أو اكتب الاسم كما ذكره المشتكي."]
    assert not Complaint.objects.exists()
    assert register(client, branch, subject_kind="staff", staff_name="موظف لم يُعرف").status_code == 302
    assert Complaint.objects.get().subject_detail == "موظف لم يُعرف"


def test_cm1_the_complaint_page_names_the_service_and_the_staff_member(client):
    beneficiary = BeneficiaryFactory()
    service = published_service().service
    member = UserFactory(full_name="موظف الفرع المشتكى منه")
    complaint = filed(beneficiary=beneficiary, subject_kind="staff", service=service, staff_member=member).complaint
    client.force_login(scoped_staff(Role.LIAISON_OFFICER, beneficiary))
    facts = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    assert 'data-testid="complaint-service"' in facts and service.name in facts
    assert 'data-testid="complaint-staff-member"' in facts and "موظف الفرع المشتكى منه" in facts
