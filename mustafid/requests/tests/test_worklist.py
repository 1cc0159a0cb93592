"""The worklist shows all open work, by stage (HD-6, issue 10.1)."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import UserFactory
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.committees.models import AgendaItem, Meeting
from mustafid.core import workdays
from mustafid.requests.models import Pause, ServiceRequest, Status
from mustafid.requests.selectors import worklist_stages
from mustafid.requests.workflow import REQUEST_FLOW
from mustafid.services.tests.factories import published_service

pytestmark = pytest.mark.django_db

WORKLIST = reverse("requests:worklist")


@pytest.fixture
def b():
    return BeneficiaryFactory(full_name="سارة بنت محمد")


@pytest.fixture
def version():
    return published_service()


@pytest.fixture
def worker(b):
    return scoped_staff(Role.CASE_WORKER, b, full_name="الباحثة الاجتماعية")


def make(b, version, status, *, due_on=None, **extra):
    return ServiceRequest.objects.create(
        beneficiary=b,
        version=version,
        received_via=extra.pop("received_via", "interview"),
        status=status,
        completed_on=timezone.localdate() - timedelta(days=3) if due_on else None,
        due_on=due_on,
        **extra,
    )


def on_agenda(request, *, meeting_status=Meeting.Status.PLANNED, decided=False):
    meeting = Meeting.objects.create(
        committee=request.version.committee, held_on=timezone.localdate(), created_by=UserFactory()
    )
    item = AgendaItem.objects.create(
        meeting=meeting,
        case_type=ContentType.objects.get_for_model(ServiceRequest),
        case_id=request.pk,
        decided=decided,
    )
    # Closed last: a closed meeting takes no new item.
    Meeting.objects.filter(pk=meeting.pk).update(status=meeting_status)
    return item


def stage_rows(client, stage, **params):
    response = client.get(WORKLIST, {"stage": stage, **params})
    assert response.status_code == 200
    return [r.pk for r in response.context["page"].object_list], response


def test_issue_10_1_the_stages_cover_every_open_state_of_the_declared_workflow():
    """Derived from REQUEST_FLOW: every open state and the drafts are in a stage; no final state is."""
    covered = set().union(*(s.statuses for s in worklist_stages() if s.key != "mine"))
    assert covered == set(REQUEST_FLOW.group("open")) | {REQUEST_FLOW.initial}
    assert not covered & {s for s, state in REQUEST_FLOW.states.items() if state.final}


def test_issue_10_1_every_open_request_is_in_its_stage_whatever_its_due_date(client, b, version, worker):
    today = timezone.localdate()
    far = today + timedelta(days=60)
    unassigned = make(b, version, Status.COMPLETE, due_on=far, reference="REQ-A")
    studied = make(b, version, Status.IN_STUDY, due_on=far, reference="REQ-B")
    mine = make(b, version, Status.IN_STUDY, due_on=far, case_worker=worker, reference="REQ-C")
    waiting = make(b, version, Status.AT_COMMITTEE, due_on=far, reference="REQ-D")
    scheduled = make(b, version, Status.AT_COMMITTEE, due_on=far, reference="REQ-E")
    on_agenda(scheduled)
    # Sent back once, at a closed meeting: waiting for a meeting again.
    again = make(b, version, Status.AT_COMMITTEE, due_on=far, reference="REQ-F")
    on_agenda(again, meeting_status=Meeting.Status.CLOSED, decided=True)
    decided = make(b, version, Status.DECIDED, due_on=far, reference="REQ-G")
    returned = make(b, version, Status.RETURNED, due_on=far, reference="REQ-H")
    Pause.objects.create(request=returned, started_on=today, reason="صك", created_by=worker)
    draft = make(b, version, Status.DRAFT)
    replied = make(b, version, Status.REPLIED, due_on=far, reference="REQ-Z1")
    withdrawn = make(b, version, Status.WITHDRAWN, due_on=far, reference="REQ-Z2")
    client.force_login(worker)

    expected = {
        "unassigned": [unassigned.pk],
        "mine": [mine.pk],
        "in_study": [studied.pk, mine.pk],
        "at_committee": [waiting.pk, again.pk],
        "on_agenda": [scheduled.pk],
        "decided": [decided.pk],
        "returned": [returned.pk],
        "drafts": [draft.pk],
    }
    for stage, pks in expected.items():
        rows, response = stage_rows(client, stage)
        assert rows == pks, stage
        assert response.context["counts"][stage] == len(pks), stage
    body = response.content.decode()
    for stage in expected:
        assert f'data-testid="stage-{stage}"' in body
    # Closed requests are no one's work any more.
    for stage in expected:
        assert replied.pk not in stage_rows(client, stage)[0] and withdrawn.pk not in stage_rows(client, stage)[0]


def test_issue_10_1_overdue_and_due_soon_are_marked_and_sorted_by_due_date(client, b, version, worker):
    today = timezone.localdate()
    later = make(b, version, Status.IN_STUDY, due_on=today + timedelta(days=40), reference="REQ-3")
    overdue = make(b, version, Status.IN_STUDY, due_on=today - timedelta(days=2), reference="REQ-1")
    soon = make(b, version, Status.IN_STUDY, due_on=workdays.add_working_days(today, 1), reference="REQ-2")
    client.force_login(worker)
    rows, response = stage_rows(client, "in_study")
    assert rows == [overdue.pk, soon.pk, later.pk]
    marks = {r.pk: (r.overdue, r.due_soon) for r in response.context["page"].object_list}
    assert marks == {overdue.pk: (True, False), soon.pk: (False, True), later.pk: (False, False)}
    body = response.content.decode()
    assert body.count('data-testid="overdue"') == 1 and body.count('data-testid="due-soon"') == 1
    assert stage_rows(client, "in_study", sort="-due")[0] == [later.pk, soon.pk, overdue.pk]
    assert stage_rows(client, "in_study", due="overdue")[0] == [overdue.pk]
    assert stage_rows(client, "in_study", due="soon")[0] == [soon.pk]


def test_issue_10_1_filters_by_service_branch_channel_and_case_worker(client, b, version, worker):
    other_version = published_service()
    far = timezone.localdate() + timedelta(days=30)
    phone = make(b, version, Status.IN_STUDY, due_on=far, received_via="phone")
    portal = make(b, other_version, Status.IN_STUDY, due_on=far, received_via="portal", case_worker=worker)
    client.force_login(worker)
    assert stage_rows(client, "in_study", service=other_version.service_id)[0] == [portal.pk]
    assert stage_rows(client, "in_study", received_via="phone")[0] == [phone.pk]
    assert stage_rows(client, "in_study", case_worker=worker.pk)[0] == [portal.pk]
    assert stage_rows(client, "in_study", branch=b.branch_id)[0] == [phone.pk, portal.pk]
    # The counts follow the filters.
    _rows, response = stage_rows(client, "in_study", received_via="portal")
    assert response.context["counts"]["in_study"] == 1


def test_issue_10_1_an_invalid_filter_is_a_translated_error_not_a_500(client, b, version, worker):
    far = timezone.localdate() + timedelta(days=30)
    request = make(b, version, Status.IN_STUDY, due_on=far)
    elsewhere = BeneficiaryFactory()
    client.force_login(worker)
    for params in (
        {"branch": "abc"},
        {"branch": elsewhere.branch_id},  # a branch out of the scope is no choice
        {"case_worker": "999999"},
        {"service": "99999999999999999999999"},  # beyond any integer column
        {"received_via": "pigeon"},
        {"sort": "x"},
        {"stage": "nowhere"},
        {"page": "abc"},
    ):
        response = client.get(WORKLIST, {"stage": "in_study", **params})
        assert response.status_code == 200, params
        if "page" not in params:
            assert "انتق خياراً صحيحاً" in response.content.decode(), params
    # The refused filter is left out: the list stays unfiltered.
    assert stage_rows(client, "in_study", branch="abc")[0] == [request.pk]


def test_issue_10_1_each_stage_is_paginated(client, b, version, worker):
    far = timezone.localdate() + timedelta(days=30)
    for _ in range(27):
        make(b, version, Status.COMPLETE, due_on=far)
    client.force_login(worker)
    rows, response = stage_rows(client, "unassigned")
    assert len(rows) == 25 and response.context["counts"]["unassigned"] == 27
    assert len(stage_rows(client, "unassigned", page=2)[0]) == 2
    assert "page=2" in response.content.decode()


def test_issue_10_1_staff_of_another_branch_see_nothing_in_any_stage_or_count(client, b, version, worker):
    far = timezone.localdate() + timedelta(days=30)
    for status in (Status.COMPLETE, Status.IN_STUDY, Status.AT_COMMITTEE, Status.DECIDED, Status.RETURNED):
        make(b, version, status, due_on=far, case_worker=worker if status == Status.IN_STUDY else None)
    make(b, version, Status.DRAFT)
    outsider = scoped_staff(Role.CASE_WORKER, BeneficiaryFactory())
    client.force_login(outsider)
    response = client.get(WORKLIST)
    assert set(response.context["counts"].values()) == {0}
    for stage in response.context["counts"]:
        assert stage_rows(client, stage)[0] == [], stage
    # Nor does a filter on the first branch reach it: that branch is no choice for them.
    assert stage_rows(client, "in_study", branch=b.branch_id)[0] == []
    assert worker.full_name not in client.get(WORKLIST).content.decode()


def test_issue_10_1_mine_is_for_whoever_studies(client, b, version, worker):
    desk = scoped_staff(Role.RECEPTIONIST, b)
    client.force_login(desk)
    response = client.get(WORKLIST)
    assert "mine" not in response.context["counts"]
    assert response.context["stage"].key == "unassigned"
    # Asking for it gives the first stage, not someone's work.
    assert client.get(WORKLIST, {"stage": "mine"}).context["stage"].key == "unassigned"


def test_issue_10_1_a_page_costs_the_same_queries_at_3_and_at_60_rows_and_reads_no_encrypted_value(
    client, b, version, worker
):
    client.force_login(worker)
    due = timezone.localdate() - timedelta(days=3)

    def add(n):
        for _ in range(n):
            make(b, version, Status.IN_STUDY, due_on=due, case_worker=worker)
            returned = make(b, version, Status.RETURNED, due_on=due)
            Pause.objects.create(request=returned, started_on=due, reason="x", created_by=worker)

    def queries(stage):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(WORKLIST, {"stage": stage}).status_code == 200
        return ctx.captured_queries

    add(3)
    small = {stage: len(queries(stage)) for stage in ("in_study", "mine", "returned")}
    add(57)
    for stage, n in small.items():
        captured = queries(stage)
        assert len(captured) == n, stage
        # The rows' query: the first table it reads from is the requests'.
        rows = [q["sql"] for q in captured if q["sql"].split(" FROM ", 1)[-1].startswith('"requests_servicerequest"')]
        rows = [sql for sql in rows if '"beneficiaries_beneficiary"."full_name"' in sql]
        assert len(rows) == 1, stage
        # Only the columns a row shows: not the file's encrypted values, not the answers.
        for column in ("national_id", "phone", "monthly_income", "health_notes"):
            assert f'"beneficiaries_beneficiary"."{column}' not in rows[0], (stage, column)
        assert '"requests_servicerequest"."answers"' not in rows[0], stage


# --- a request filed on the portal (issue 10.1) -----------------------------------


@pytest.fixture
def sms():
    from mustafid.notifications.gateways import LocmemSmsBackend

    LocmemSmsBackend.reset()
    yield LocmemSmsBackend
    LocmemSmsBackend.reset()


def test_issue_10_1_a_request_filed_on_the_portal_is_on_the_worklist_of_its_branch(
    client, sms, django_capture_on_commit_callbacks
):
    """It was invisible: complete and 15 working days from its deadline, it was in no bucket.

    The scope was never the cause (``restrict`` reads it through the beneficiary's
    branch, category and domain like any other); the worklist listed a running
    request only three working days before its deadline. It now waits in
    "awaiting assignment" from the moment it is complete.
    """
    from mustafid.portal.tests.test_requests import answers, service_for, sign_in

    beneficiary = BeneficiaryFactory(full_name="نورة بنت سعد", phone="+966551112233", preferred_channel="sms")
    version = service_for(beneficiary.category)
    sign_in(client, beneficiary, sms, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:apply", args=[version.pk]), answers(version))
    filed = ServiceRequest.objects.get()
    assert (filed.status, filed.received_via) == (Status.COMPLETE, "portal")

    for role in (Role.RECEPTIONIST, Role.CASE_WORKER):
        client.force_login(scoped_staff(role, beneficiary))
        body = client.get(WORKLIST).content.decode()
        assert filed.reference in body, role
        assert stage_rows(client, "unassigned", received_via="portal")[0] == [filed.pk], role

    # Staff of another branch see it in no stage and no count.
    outsider = scoped_staff(Role.CASE_WORKER, BeneficiaryFactory(category=beneficiary.category))
    client.force_login(outsider)
    response = client.get(WORKLIST)
    assert filed.reference not in response.content.decode()
    assert set(response.context["counts"].values()) == {0}


def test_issue_10_1_without_a_stage_the_worklist_opens_on_the_first_one_holding_work(client, b, version, worker):
    far = timezone.localdate() + timedelta(days=30)
    decided = make(b, version, Status.DECIDED, due_on=far)
    client.force_login(worker)
    response = client.get(WORKLIST)
    assert response.context["stage"].key == "decided"
    assert [r.pk for r in response.context["page"].object_list] == [decided.pk]
    # Asked for, an empty stage is shown as asked.
    assert client.get(WORKLIST, {"stage": "drafts"}).context["stage"].key == "drafts"


def test_issue_10_1_a_committee_member_counts_only_the_requests_before_their_committee(client, b, version):
    from mustafid.committees.tests.factories import add_member

    far = timezone.localdate() + timedelta(days=30)
    before = make(b, version, Status.AT_COMMITTEE, due_on=far)
    make(b, version, Status.IN_STUDY, due_on=far)
    make(b, version, Status.COMPLETE, due_on=far)
    member = scoped_staff(Role.COMMITTEE_MEMBER, b)
    add_member(version.committee, member)
    client.force_login(member)
    response = client.get(WORKLIST)
    assert response.context["stage"].key == "at_committee"
    assert [r.pk for r in response.context["page"].object_list] == [before.pk]
    assert {k: v for k, v in response.context["counts"].items() if v} == {"at_committee": 1}
