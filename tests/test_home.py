"""The staff home page: each role's today (issue 10.1).

Here, not in core's tests: it builds every app's rows, and core imports no app.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import UserFactory
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.committees.models import Meeting
from mustafid.committees.tests.factories import CommitteeFactory, add_member
from mustafid.interactions.tests.factories import InteractionFactory
from mustafid.notifications.models import Notification
from mustafid.requests.models import ServiceRequest, Status
from mustafid.services.tests.factories import published_service

pytestmark = pytest.mark.django_db
HOME = reverse("core:home")


@pytest.fixture
def b():
    return BeneficiaryFactory(full_name="سارة بنت محمد")


@pytest.fixture
def version():
    return published_service()


@pytest.fixture
def worker(b):
    return scoped_staff(Role.CASE_WORKER, b, full_name="الباحثة الاجتماعية")


def phone_task(b, n=0):
    task = Notification.objects.create(
        channel="phone",
        status=Notification.Status.TASK_OPEN,
        recipient_name=b.full_name,
        address=b.phone,
        subject=f"اتصال بالمستفيد {n}",
        body="نص",
        branch=b.branch,
        category=b.category,
        dedupe_key=f"test:{b.pk}:{n}",
    )
    task.domains.set(b.domains.all())
    return task


def request_in(b, version, status, **extra):
    return ServiceRequest.objects.create(
        beneficiary=b,
        version=version,
        received_via="interview",
        status=status,
        completed_on=timezone.localdate(),
        due_on=timezone.localdate() + timedelta(days=20),
        **extra,
    )


def the_day(b, version, worker, n=1):
    today = timezone.localdate()
    for i in range(n):
        phone_task(b, f"{n}-{i}")
        InteractionFactory(beneficiary=b, recorded_by=worker, follow_up_on=today, follow_up_note=f"متابعة {i}")
        request_in(b, version, Status.IN_STUDY, case_worker=worker, reference=f"REQ-S-{n}-{i}")
        request_in(b, version, Status.DECIDED, reference=f"REQ-D-{n}-{i}")
        request_in(b, version, Status.COMPLETE, reference=f"REQ-C-{n}-{i}")


def sections(client):
    response = client.get(HOME)
    assert response.status_code == 200
    return {s.key: s for s in response.context["sections"]}, response.content.decode()


def test_issue_10_1_a_case_worker_sees_their_tasks_follow_ups_and_requests_today(client, b, version, worker):
    the_day(b, version, worker)
    # Not theirs: a follow-up someone else recorded, one due next week, a request studied by a colleague.
    InteractionFactory(beneficiary=b, recorded_by=UserFactory(), follow_up_on=timezone.localdate())
    InteractionFactory(
        beneficiary=b, recorded_by=worker, follow_up_on=timezone.localdate() + timedelta(days=7), follow_up_note="لاحقًا"
    )
    request_in(b, version, Status.IN_STUDY, case_worker=scoped_staff(Role.CASE_WORKER, b), reference="REQ-OTHER")
    client.force_login(worker)
    found, body = sections(client)
    counts = {key: s.count for key, s in found.items()}
    assert counts == {
        "tasks": 1,
        "follow_ups": 1,
        "requests_unassigned": 1,
        "requests_mine": 1,
        "requests_decided": 1,
        "meetings": 0,
    }
    assert "متابعة 0" in body and "لاحقًا" not in body
    assert "REQ-S-1-0" in body and "REQ-OTHER" not in body
    assert f"{reverse('requests:worklist')}?stage=mine" in body
    # The task's phone number is not on the home page (the task list shows it and logs it).
    assert b.phone not in body and b.phone[-9:] not in body
    assert 'data-testid="home-search"' in body


def test_issue_10_1_staff_of_another_branch_see_none_of_it(client, b, version, worker):
    the_day(b, version, worker)
    outsider = scoped_staff(Role.CASE_WORKER, BeneficiaryFactory())
    client.force_login(outsider)
    found, body = sections(client)
    assert {s.count for s in found.values()} == {0}
    assert b.full_name not in body


def test_issue_10_1_a_role_sees_no_section_it_may_not_open(client, b, version, worker):
    the_day(b, version, worker)
    client.force_login(UserFactory(role=Role.HR, scope_all=True))
    found, body = sections(client)
    assert found == {}
    assert 'data-testid="my-day"' not in body and 'data-testid="home-search"' not in body
    # A committee member: the meetings of their committee (and the follow-ups they may open), no desk's
    # tasks nor requests to study or reply.
    committee = CommitteeFactory()
    member = scoped_staff(Role.COMMITTEE_MEMBER, b)
    add_member(committee, member)
    meeting = Meeting.objects.create(committee=committee, held_on=timezone.localdate(), created_by=UserFactory())
    Meeting.objects.create(committee=CommitteeFactory(), held_on=timezone.localdate(), created_by=UserFactory())
    client.force_login(member)
    found, body = sections(client)
    assert set(found) == {"meetings", "follow_ups"} and found["meetings"].count == 1
    assert reverse("committees:detail", args=[meeting.pk]) in body


def test_issue_10_1_the_home_page_costs_the_same_queries_at_1_and_at_8_of_each(client, b, version, worker):
    client.force_login(worker)
    the_day(b, version, worker, n=1)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(HOME).status_code == 200
        return len(ctx.captured_queries)

    small = queries()
    the_day(b, version, worker, n=8)
    # At most one COUNT more per section once it has more rows than it shows.
    assert queries() <= small + 6
