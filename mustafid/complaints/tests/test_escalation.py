"""Overdue complaints climb level by level on working days (CM-1): a weekend and a holiday do not count."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import BranchFactory, UserFactory
from mustafid.committees.models import Committee, CommitteeMember
from mustafid.committees.tests.factories import CommitteeFactory, add_member
from mustafid.complaints.escalation import escalate_overdue
from mustafid.complaints.models import Complaint, ComplaintNote, EscalationLevel, Status
from mustafid.core.models import Holiday
from mustafid.notifications.models import Notification

from .factories import filed

pytestmark = pytest.mark.django_db

THURSDAY = date(2027, 1, 7)  # the answer is due; Friday and Saturday are the weekend
SUNDAY_HOLIDAY = date(2027, 1, 10)


@pytest.fixture
def late():
    branch = BranchFactory()
    officer = UserFactory(role=Role.CASE_WORKER, branches=[branch], email="officer@example.org")
    head = UserFactory(role=Role.COMMITTEE_MEMBER, branches=[branch], email="head@example.org")
    committee = CommitteeFactory(kind=Committee.Kind.FOLLOW_UP, branch=branch)
    add_member(committee, head, CommitteeMember.Role.CHAIR)
    UserFactory(role=Role.SENIOR_MANAGEMENT, scope_all=True, email="director@example.org")
    Holiday.objects.create(date=SUNDAY_HOLIDAY, name_ar="عطلة رسمية")
    complaint = filed(branch=branch).complaint
    Complaint.objects.filter(pk=complaint.pk).update(
        status=Status.ASSIGNED,
        assigned_to=officer,
        acknowledged_on=date(2027, 1, 3),
        acknowledge_due=date(2027, 1, 4),
        resolve_due=THURSDAY,
    )
    return complaint


def level_on(complaint, day: date) -> int:
    escalate_overdue(today=day)
    complaint.refresh_from_db()
    return complaint.escalation_level


def escalation_mail(complaint) -> list[str]:
    return sorted(
        Notification.objects.filter(about_id=str(complaint.pk), dedupe_key__contains="escalation").values_list(
            "address", flat=True
        )
    )


def test_a_late_complaint_climbs_a_level_every_two_working_days(late):
    assert level_on(late, THURSDAY) == EscalationLevel.NONE  # due today: not late yet
    assert level_on(late, date(2027, 1, 8)) == EscalationLevel.OFFICER  # Friday: late
    assert escalation_mail(late) == ["officer@example.org"]
    # Saturday (weekend), Sunday (holiday), Monday (one working day): still with the officer.
    for day in (date(2027, 1, 9), SUNDAY_HOLIDAY, date(2027, 1, 11)):
        assert level_on(late, day) == EscalationLevel.OFFICER, day
    assert level_on(late, date(2027, 1, 12)) == EscalationLevel.COMMITTEE_HEAD  # Tuesday: two working days
    assert level_on(late, date(2027, 1, 13)) == EscalationLevel.COMMITTEE_HEAD
    assert level_on(late, date(2027, 1, 14)) == EscalationLevel.SENIOR_MANAGEMENT
    assert level_on(late, date(2027, 1, 31)) == EscalationLevel.SENIOR_MANAGEMENT  # the top: no further
    assert escalation_mail(late) == ["director@example.org", "head@example.org", "officer@example.org"]
    assert late.notes.filter(kind=ComplaintNote.Kind.ESCALATION).count() == 3


def test_each_escalation_is_shown_on_the_complaint_and_the_worklist(late, client):
    level_on(late, date(2027, 1, 8))
    client.force_login(UserFactory(role=Role.ADMINISTRATOR, scope_all=True))
    page = client.get(reverse("complaints:detail", args=[late.pk])).content.decode()
    assert 'data-testid="escalation-level"' in page and 'data-kind="escalation"' in page
    assert 'data-testid="escalated"' in client.get(reverse("complaints:worklist")).content.decode()


def test_a_closed_complaint_is_not_escalated(late):
    Complaint.objects.filter(pk=late.pk).update(status=Status.CLOSED)
    assert level_on(late, date(2027, 1, 20)) == EscalationLevel.NONE


def test_an_unacknowledged_complaint_is_late_after_its_acknowledgement_date(late):
    Complaint.objects.filter(pk=late.pk).update(
        status=Status.RECEIVED, acknowledged_on=None, acknowledge_due=date(2027, 1, 5), resolve_due=date(2027, 1, 20)
    )
    assert level_on(late, date(2027, 1, 5)) == EscalationLevel.NONE
    assert level_on(late, date(2027, 1, 6)) == EscalationLevel.OFFICER


def test_a_late_complaint_nobody_holds_goes_to_the_committee_head_at_once(late):
    Complaint.objects.filter(pk=late.pk).update(assigned_to=None, status=Status.ACKNOWLEDGED)
    assert level_on(late, date(2027, 1, 8)) == EscalationLevel.COMMITTEE_HEAD
    assert escalation_mail(late) == ["head@example.org"]
