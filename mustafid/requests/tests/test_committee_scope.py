"""Issue 9.2: a committee member reads the cases of their committees, not every file of their branch."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from mustafid.accounts.roles import Role, roles_granting
from mustafid.beneficiaries.models import Beneficiary
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.committees.models import AgendaItem, Meeting
from mustafid.committees.tests.factories import CommitteeFactory, add_member
from mustafid.interactions.models import Interaction
from mustafid.interactions.tests.factories import InteractionFactory
from mustafid.requests.models import ServiceRequest, Status
from mustafid.services.tests.factories import published_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee():
    return CommitteeFactory(name="اللجنة المختصة بالمساعدات")


@pytest.fixture
def version(committee):
    return published_service(committee=committee)


@pytest.fixture
def b():
    return BeneficiaryFactory(full_name="سارة بنت محمد")


@pytest.fixture
def member(b, committee):
    user = scoped_staff(Role.COMMITTEE_MEMBER, b)
    add_member(committee, user)
    return user


def a_request(beneficiary, version, status, **extra) -> ServiceRequest:
    return ServiceRequest.objects.create(
        beneficiary=beneficiary, version=version, received_via="interview", status=status, **extra
    )


def on_agenda(request, committee, by) -> AgendaItem:
    meeting = Meeting.objects.create(committee=committee, held_on=timezone.localdate(), created_by=by)
    return AgendaItem.objects.create(
        meeting=meeting, case_type=ContentType.objects.get_for_model(ServiceRequest), case_id=request.pk
    )


def test_the_roles_that_read_requests_come_from_the_role_table():
    readers = roles_granting("requests.view_servicerequest")
    # The same roles as the groups the table's sync gave the permission to ("requests.*" included).
    groups = Group.objects.filter(
        permissions__codename="view_servicerequest", permissions__content_type__app_label="requests"
    )
    assert readers == set(groups.values_list("name", flat=True))
    assert Role.ADMINISTRATOR in readers and Role.COMMITTEE_MEMBER in readers
    assert Role.VOLUNTEER not in readers and Role.HR not in readers


def test_issue_9_2_a_committee_member_reads_only_requests_waiting_at_or_put_before_their_committee(
    b, version, committee, member
):
    elsewhere = published_service(committee=CommitteeFactory(name="لجنة أخرى"))
    waiting = a_request(b, version, Status.AT_COMMITTEE)
    decided = a_request(b, version, Status.DECIDED)
    on_agenda(decided, committee, member)
    in_study = a_request(b, version, Status.IN_STUDY)  # the same committee, not yet before it
    waiting_elsewhere = a_request(b, elsewhere, Status.AT_COMMITTEE)
    before_another = a_request(b, elsewhere, Status.DECIDED)
    on_agenda(before_another, elsewhere.committee, member)
    draft = a_request(b, version, Status.DRAFT)

    visible = set(ServiceRequest.objects.visible_to(member))
    assert visible == {waiting, decided}
    assert not visible & {in_study, waiting_elsewhere, before_another, draft}
    # A desk role on top keeps the branch, category and domain rule.
    member.groups.add(Group.objects.get(name=Role.LIAISON_OFFICER))
    member = type(member).objects.get(pk=member.pk)  # roles are read once per user object
    assert set(ServiceRequest.objects.visible_to(member)) == set(ServiceRequest.objects.filter(beneficiary=b))


def test_issue_9_2_the_seat_narrows_the_branch_scope_it_does_not_widen_it(b, version, committee):
    outside = BeneficiaryFactory()
    member = scoped_staff(Role.COMMITTEE_MEMBER, b)
    add_member(committee, member)
    theirs = a_request(outside, version, Status.AT_COMMITTEE)
    assert theirs not in ServiceRequest.objects.visible_to(member)


def test_issue_9_2_a_request_before_the_committee_twice_is_one_row_without_distinct(b, version, committee, member):
    request = a_request(b, version, Status.AT_COMMITTEE)
    on_agenda(request, committee, member)
    on_agenda(request, committee, member)  # sent back for study, then put on a later meeting
    qs = ServiceRequest.objects.visible_to(member)
    assert list(qs) == [request]
    assert "DISTINCT" not in str(qs.query).upper()
    files = Beneficiary.objects.visible_to(member)
    assert list(files) == [b] and "DISTINCT" not in str(files.query).upper()


def test_issue_9_2_a_committee_member_opens_only_the_files_with_a_case_before_their_committee(
    client, b, version, member
):
    a_request(b, version, Status.AT_COMMITTEE)
    neighbour = BeneficiaryFactory(branch=b.branch, category=b.category, domains=list(b.domains.all()))
    studied = a_request(neighbour, version, Status.IN_STUDY)
    contact = InteractionFactory(beneficiary=neighbour)
    assert list(Beneficiary.objects.visible_to(member)) == [b]
    client.force_login(member)
    assert client.get(reverse("beneficiaries:detail", args=[b.pk])).status_code == 200
    assert client.get(reverse("beneficiaries:detail", args=[neighbour.pk])).status_code == 404
    assert client.get(reverse("requests:detail", args=[studied.pk])).status_code == 404
    # Whatever is scoped through the file follows: the neighbour's contacts are out of reach too.
    assert contact not in Interaction.objects.visible_to(member)
    assert client.get(reverse("interactions:detail", args=[contact.pk])).status_code == 404
    body = client.get(reverse("beneficiaries:list")).content.decode()
    assert b.file_number in body and neighbour.file_number not in body


def test_a_volunteer_on_a_committee_reads_the_assigned_files_and_the_committees_cases(b, version, committee):
    user = scoped_staff(Role.VOLUNTEER, b)
    user.groups.add(Group.objects.get(name=Role.COMMITTEE_MEMBER))
    add_member(committee, user)
    kw = {"branch": b.branch, "category": b.category, "domains": list(b.domains.all())}
    assigned = BeneficiaryFactory(assigned_volunteers=[user], **kw)
    a_request(b, version, Status.AT_COMMITTEE)
    BeneficiaryFactory(**kw)  # neither assigned nor before the committee
    assert set(Beneficiary.objects.visible_to(user)) == {assigned, b}
