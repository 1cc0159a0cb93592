"""Scope on every contact page (a 404 outside it), and volunteers' least privilege (CH-6, RL-2)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from mustafid.accounts.roles import Role
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff, valid_national_id
from mustafid.beneficiaries.timeline import timeline
from mustafid.interactions import services
from mustafid.interactions.models import Channel, Direction, Interaction

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"
NATIONAL_ID = valid_national_id(4242)
PHONE = "+966551112233"
INCOME = 7345


def when(**delta) -> str:
    return (timezone.localtime() - timedelta(**delta)).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def beneficiary():
    return BeneficiaryFactory(
        national_id=NATIONAL_ID, phone=PHONE, monthly_income=INCOME, health_notes="مرض مزمن في القلب"
    )


@pytest.fixture
def outsider(beneficiary):
    """A case worker of another branch, category and domain."""
    other = BeneficiaryFactory()
    return scoped_staff(Role.CASE_WORKER, other)


@pytest.fixture
def volunteer(beneficiary):
    user = scoped_staff(Role.VOLUNTEER, beneficiary, full_name="متطوع الحي")
    beneficiary.assigned_volunteers.add(user)
    return user


@pytest.fixture
def letter(beneficiary):
    worker = scoped_staff(Role.CASE_WORKER, beneficiary)
    return services.register_incoming_letter(
        by=worker,
        beneficiary=beneficiary,
        subject="خطاب المستفيد",
        scan=SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf"),
    )


def test_out_of_scope_beneficiary_is_404_for_create(client, beneficiary, outsider):
    client.force_login(outsider)
    url = reverse("interactions:create", args=[beneficiary.pk]) + "?channel=phone"
    assert client.get(url).status_code == 404
    response = client.post(url, {"direction": "in", "occurred_at": when(minutes=5), "subject": "x", "summary": "y"})
    assert response.status_code == 404
    assert not Interaction.objects.exists()


def test_out_of_scope_contact_is_404_for_detail_download_and_follow_up(client, letter, outsider):
    client.force_login(outsider)
    assert client.get(reverse("interactions:detail", args=[letter.pk])).status_code == 404
    assert client.get(reverse("interactions:attachment", args=[letter.pk])).status_code == 404
    assert client.post(reverse("interactions:follow_up_done", args=[letter.pk])).status_code == 404


def test_the_service_refuses_an_out_of_scope_beneficiary_with_a_404(beneficiary, outsider):
    with pytest.raises(Http404):
        services.record_interview(by=outsider, beneficiary=beneficiary, subject="x", notes="y")
    assert not Interaction.objects.exists()


def test_a_role_that_may_only_read_cannot_record_a_contact(client, beneficiary):
    # Senior management reads the file's contacts (a committee member now reads only the files with
    # a case before their committee, issue 9.2, and would get a 404 here).
    member = scoped_staff(Role.SENIOR_MANAGEMENT, beneficiary)
    client.force_login(member)
    assert client.get(reverse("interactions:create", args=[beneficiary.pk]) + "?channel=phone").status_code == 403
    with pytest.raises(PermissionDenied):
        services.record_interview(by=member, beneficiary=beneficiary, subject="x", notes="y")


def test_ch6_volunteer_records_a_contact_for_an_assigned_beneficiary_always_as_volunteer_service(
    client, beneficiary, volunteer
):
    client.force_login(volunteer)
    url = reverse("interactions:create", args=[beneficiary.pk]) + "?channel=phone"
    page = client.get(url).content.decode()
    assert "خدمة التطوع" in page
    assert 'name="direction"' not in page  # the phone form is not offered
    response = client.post(
        url,
        {
            "direction": "out",
            "occurred_at": when(hours=1),
            "subject": "زيارة الأسرة",
            "summary": "أوصلت السلة الغذائية.",
            "counterpart": "0550000000",
        },
    )
    assert response.status_code == 302
    (contact,) = Interaction.objects.all()
    assert contact.channel == Channel.VOLUNTEER
    assert contact.recorded_by == volunteer
    assert contact.counterpart == ""
    assert [e.title for e in timeline(beneficiary, volunteer)] == ["زيارة الأسرة"]


def test_ch6_volunteer_cannot_reach_a_beneficiary_not_assigned_to_them(client, volunteer):
    # Same branch, category and domains as the assigned one: only the assignment counts.
    assigned = volunteer.assigned_beneficiaries.get()
    other = BeneficiaryFactory(branch=assigned.branch, category=assigned.category, domains=list(assigned.domains.all()))
    client.force_login(volunteer)
    url = reverse("interactions:create", args=[other.pk]) + "?channel=volunteer"
    assert client.get(url).status_code == 404
    assert client.post(url, {"occurred_at": when(hours=1), "subject": "x", "summary": "y"}).status_code == 404
    with pytest.raises(Http404):
        services.record_volunteer_contact(by=volunteer, beneficiary=other, subject="x", summary="y")
    assert not Interaction.objects.exists()


def test_ch6_the_service_refuses_a_volunteer_any_other_channel(beneficiary, volunteer):
    with pytest.raises(PermissionDenied):
        services.record_phone_call(
            by=volunteer, beneficiary=beneficiary, direction=Direction.OUTGOING, subject="x", summary="y"
        )
    assert not Interaction.objects.exists()


def test_ch6_volunteer_never_sees_the_sensitive_fields(client, beneficiary, volunteer):
    worker = scoped_staff(Role.CASE_WORKER, beneficiary)
    call = services.record_phone_call(
        by=worker,
        beneficiary=beneficiary,
        direction=Direction.OUTGOING,
        subject="اتصال",
        summary="-",
        number="0551112233",
        follow_up_on=timezone.localdate(),
        follow_up_note="معاودة الاتصال",
    )
    client.force_login(volunteer)
    pages = [
        client.get(reverse("interactions:create", args=[beneficiary.pk])),
        client.get(reverse("interactions:detail", args=[call.pk])),
        client.get(reverse("interactions:follow_ups")),
    ]
    for response in pages:
        assert response.status_code == 200
        body = response.content.decode()
        assert beneficiary.full_name in body
        for secret in (NATIONAL_ID, "551112233", str(INCOME), "مرض مزمن"):
            assert secret not in body, (response.request["PATH_INFO"], secret)
    # A staff member with access to sensitive data sees the number.
    client.force_login(worker)
    assert "0551112233" in client.get(reverse("interactions:detail", args=[call.pk])).content.decode()


def test_issue_9_2_ch6_volunteer_is_refused_letter_scans_even_within_their_assignment(client, letter, volunteer):
    """issue 9.2: scans follow the file's document rule; volunteers have no document permission (CH-6)."""
    client.force_login(volunteer)
    assert client.get(reverse("interactions:attachment", args=[letter.pk])).status_code == 403
    # Nor is the download offered on the contact's page.
    page = client.get(reverse("interactions:detail", args=[letter.pk]))
    assert page.status_code == 200
    assert reverse("interactions:attachment", args=[letter.pk]) not in page.content.decode()
    letter.beneficiary.assigned_volunteers.clear()
    assert client.get(reverse("interactions:attachment", args=[letter.pk])).status_code == 404


def test_administrator_sees_contacts_in_the_admin_but_cannot_add_or_delete(admin_client, letter):
    changelist = admin_client.get(reverse("admin:interactions_interaction_changelist"))
    assert changelist.status_code == 200
    assert "خطاب المستفيد" in changelist.content.decode()
    change = admin_client.get(reverse("admin:interactions_interaction_change", args=[letter.pk]))
    body = change.content.decode()
    assert reverse("interactions:attachment", args=[letter.pk]) in body
    assert "/media/" not in body  # the file is reached only through the logged view
    assert admin_client.get(reverse("admin:interactions_interaction_add")).status_code == 403
    assert admin_client.get(reverse("admin:interactions_interaction_delete", args=[letter.pk])).status_code == 403


def test_the_beneficiary_page_offers_each_contact_form_the_user_may_use(beneficiary, volunteer):
    from mustafid.beneficiaries.timeline import file_actions

    base = reverse("interactions:create", args=[beneficiary.pk])

    def contact_links(user):
        # Other apps add their own menus (service requests...); only the contact links matter here.
        return [a for actions in file_actions(beneficiary, user).values() for a in actions if a.url.startswith(base)]

    worker = scoped_staff(Role.CASE_WORKER, beneficiary)
    urls = {a.url for a in contact_links(worker)}
    assert {f"{base}?channel=phone", f"{base}?channel=letter&direction=out", f"{base}?channel=volunteer"} <= urls
    assert [a.url for a in contact_links(volunteer)] == [f"{base}?channel=volunteer"]
    assert contact_links(scoped_staff(Role.COMMITTEE_MEMBER, beneficiary)) == []
