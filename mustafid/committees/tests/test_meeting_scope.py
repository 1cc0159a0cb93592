"""Committee meetings and minutes honour the branch scope (issue 9.1): another branch's meetings are a 404."""

import pytest
from django.core.files.base import ContentFile
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import BranchFactory, UserFactory
from mustafid.committees import selectors, services
from mustafid.committees.models import CommitteeMember, Meeting
from mustafid.committees.tests.factories import CommitteeFactory, add_member

pytestmark = pytest.mark.django_db


def meeting_of(committee, *, closed=False):
    meeting = Meeting.objects.create(
        committee=committee, held_on=timezone.localdate(), created_by=UserFactory(scope_all=True)
    )
    if closed:
        meeting.status = Meeting.Status.CLOSED
        meeting.minute_reference = f"M-{meeting.pk}"
        meeting.minute_pdf.save(f"m{meeting.pk}.pdf", ContentFile(b"%PDF-1.4 minute"), save=True)
    return meeting


@pytest.fixture
def two_branches():
    a, b = BranchFactory(code="north"), BranchFactory(code="south")
    north, south = CommitteeFactory(name="لجنة الشمال", branch=a), CommitteeFactory(name="لجنة الجنوب", branch=b)
    return {
        "a": a,
        "b": b,
        "north": north,
        "south": south,
        "north_meeting": meeting_of(north, closed=True),
        "south_meeting": meeting_of(south, closed=True),
        # Oversight roles see every committee's meetings, but only in their branch scope.
        "manager": UserFactory(role=Role.SENIOR_MANAGEMENT, branches=[a]),
    }


def test_a_branch_scoped_manager_lists_only_the_meetings_of_their_branch(client, two_branches):
    client.force_login(two_branches["manager"])
    page = client.get(reverse("committees:list")).context["page"]
    assert [m.pk for m in page.object_list] == [two_branches["north_meeting"].pk]


@pytest.mark.parametrize("name", ["committees:detail", "committees:minute"])
def test_another_branchs_meeting_and_minute_are_a_404(client, two_branches, name):
    client.force_login(two_branches["manager"])
    assert client.get(reverse(name, args=[two_branches["north_meeting"].pk])).status_code == 200
    assert client.get(reverse(name, args=[two_branches["south_meeting"].pk])).status_code == 404


def test_a_member_of_another_branchs_committee_scoped_elsewhere_sees_nothing_of_it(client, two_branches):
    seated = UserFactory(role=Role.COMMITTEE_MEMBER, branches=[two_branches["a"]])
    add_member(two_branches["south"], seated)
    client.force_login(seated)
    assert client.get(reverse("committees:detail", args=[two_branches["south_meeting"].pk])).status_code == 404
    assert client.post(reverse("committees:approve", args=[two_branches["south_meeting"].pk])).status_code == 404


def test_an_administrator_scoped_to_one_branch_schedules_only_that_branchs_committees(two_branches):
    admin = UserFactory(role=Role.ADMINISTRATOR, branches=[two_branches["a"]])
    assert list(selectors.committees_for_scheduling(admin)) == [two_branches["north"]]
    with pytest.raises(Http404):
        services.schedule_meeting(by=admin, committee=two_branches["south"], held_on=timezone.localdate())


def test_a_committee_serving_every_branch_is_seen_by_its_members_and_global_staff_only(client, two_branches):
    central = CommitteeFactory(name="اللجنة المركزية", branch=None)
    meeting = meeting_of(central)
    url = reverse("committees:detail", args=[meeting.pk])
    seated = UserFactory(role=Role.COMMITTEE_MEMBER)
    add_member(central, seated, CommitteeMember.Role.MEMBER)
    client.force_login(seated)
    assert client.get(url).status_code == 200
    client.force_login(two_branches["manager"])
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(role=Role.SENIOR_MANAGEMENT, scope_all=True))
    assert client.get(url).status_code == 200


def test_the_scoped_querysets_hide_another_branchs_committees_and_meetings(two_branches):
    manager = two_branches["manager"]
    from mustafid.committees.models import Committee

    assert list(Committee.objects.visible_to(manager)) == [two_branches["north"]]
    assert list(Meeting.objects.visible_to(manager)) == [two_branches["north_meeting"]]
