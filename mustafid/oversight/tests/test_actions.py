"""Each finding can get corrective actions: an owner, a due date, followed to closure (SM-3)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import BranchFactory, UserFactory
from mustafid.notifications.models import Notification
from mustafid.oversight import selectors, services
from mustafid.oversight.models import ActionStatus, CorrectiveAction
from mustafid.oversight.workflow import ACTION_FLOW

from .factories import action, finding, manager, visit

pytestmark = pytest.mark.django_db


def told(act):
    """The messages about ``act`` (the address is encrypted at rest: read, not filtered on)."""
    return list(Notification.objects.filter(dedupe_key__startswith=f"oversight-action:{act.pk}:").order_by("pk"))


def test_sm3_the_owner_reports_done_with_a_note_and_the_visitor_verifies_and_closes():
    boss = manager()
    branch = BranchFactory()
    owner = UserFactory(role=Role.RECEPTIONIST, branches=[branch])
    act = action(by=boss, owner=owner, branch=branch)
    assert act.status == ActionStatus.OPEN
    assert [n.address for n in told(act)] == [owner.email]

    with pytest.raises(ValidationError):  # completion needs a note
        services.complete_action(by=owner, action=act, note="  ")
    with pytest.raises(ValidationError):  # not done yet: nothing to verify
        services.verify_action(by=boss, action=act)
    act = services.complete_action(by=owner, action=act, note="حُدِّث السجل وعُيّن مسؤول عنه")
    assert act.status == ActionStatus.DONE
    act = services.verify_action(by=boss, action=act, note="تحققت من السجل")
    assert act.status == ActionStatus.CLOSED and act.closed_at is not None
    assert [(s.by, s.note) for s in ACTION_FLOW.history(act)] == [
        (owner, "حُدِّث السجل وعُيّن مسؤول عنه"),
        (boss, "تحققت من السجل"),
    ]


def test_sm3_only_the_owner_reports_the_action_done():
    boss = manager()
    act = action(by=boss)
    colleague = UserFactory(role=Role.CASE_WORKER, branches=[act.finding.visit.branch])
    with pytest.raises(Http404):  # not theirs, and no reader of visits: it does not exist for them
        services.complete_action(by=colleague, action=act, note="تم")
    with pytest.raises(PermissionDenied):  # management sees it but does not report in the owner's place
        services.complete_action(by=boss, action=act, note="تم")


def test_sm3_a_verifier_sends_it_back_with_a_reason_and_the_owner_is_told():
    boss = manager()
    act = action(by=boss)
    act = services.complete_action(by=act.owner, action=act, note="تم")
    with pytest.raises(ValidationError):
        services.send_back_action(by=boss, action=act, note="")
    act = services.send_back_action(by=boss, action=act, note="السجل ما زال ناقصا")
    assert act.status == ActionStatus.OPEN
    assert [n.address for n in told(act)] == [act.owner.email] * 2


def test_sm3_branch_staff_cannot_verify_or_assign():
    boss = manager()
    act = services.complete_action(by=(a := action(by=boss)).owner, action=a, note="تم")
    with pytest.raises((PermissionDenied, Http404)):
        services.verify_action(by=act.owner, action=act)
    with pytest.raises((PermissionDenied, Http404)):
        services.assign_action(
            by=act.owner, finding=act.finding, text="إجراء", owner=act.owner, due_on=timezone.localdate()
        )


def test_sm3_the_owner_is_staff_of_the_visited_branch_and_the_due_date_is_not_past():
    boss = manager()
    f = finding(by=boss)
    stranger = UserFactory(role=Role.CASE_WORKER, branches=[BranchFactory()])
    with pytest.raises(ValidationError):
        services.assign_action(by=boss, finding=f, text="إجراء", owner=stranger, due_on=timezone.localdate())
    local = UserFactory(role=Role.CASE_WORKER, branches=[f.visit.branch])
    with pytest.raises(ValidationError):
        services.assign_action(
            by=boss, finding=f, text="إجراء", owner=local, due_on=timezone.localdate() - timedelta(days=1)
        )
    assert services.assign_action(by=boss, finding=f, text="إجراء", owner=local, due_on=timezone.localdate())


def test_sm3_out_of_scope_management_cannot_see_or_verify_another_branchs_action():
    act = action()
    act = services.complete_action(by=act.owner, action=act, note="تم")
    boss_elsewhere = manager(scope_all=False, branches=[BranchFactory()])
    with pytest.raises(Http404):
        selectors.action_for(boss_elsewhere, act.pk)
    with pytest.raises(Http404):
        services.verify_action(by=boss_elsewhere, action=act)
    act.refresh_from_db()
    assert act.status == ActionStatus.DONE


def test_sm3_the_owner_sees_my_corrective_actions_and_opens_their_own_only():
    boss = manager()
    mine = action(by=boss)
    other = action(by=boss)
    assert list(selectors.actions_of(mine.owner)) == [mine]
    assert selectors.action_for(mine.owner, mine.pk) == mine
    with pytest.raises(Http404):
        selectors.action_for(mine.owner, other.pk)


def test_sm3_overdue_means_past_due_and_not_closed():
    today = timezone.localdate()
    boss = manager()
    late, on_time = action(by=boss), action(by=boss)
    CorrectiveAction.objects.filter(pk=late.pk).update(due_on=today - timedelta(days=1))
    late.refresh_from_db()
    assert late.is_overdue(today) and not on_time.is_overdue(today)
    assert list(CorrectiveAction.objects.overdue(today)) == [late]
    late = services.complete_action(by=late.owner, action=late, note="تم")
    assert late.is_overdue(today)  # done but not verified: still open for the society
    services.verify_action(by=boss, action=late)
    assert not CorrectiveAction.objects.overdue(today).exists()


def test_sm3_actions_are_assigned_only_once_the_visit_started():
    boss = manager()
    planned = visit(by=boss)
    started = services.start_visit(by=boss, visit=planned)
    f = services.add_finding(by=boss, visit=started, text="ملاحظة", severity="low")
    planned.refresh_from_db()
    assert f.visit.status == "in_progress"
