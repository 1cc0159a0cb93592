"""Overdue corrective actions are flagged and escalate once per level, however often the sweep runs (SM-3)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mustafid.accounts.tests.factories import BranchFactory
from mustafid.notifications.models import Notification
from mustafid.oversight import escalation, services
from mustafid.oversight.models import ActionEscalation, CorrectiveAction, EscalationLevel
from mustafid.oversight.tasks import escalate_overdue_actions

from .factories import action, manager

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def escalation_messages(act):
    return list(
        Notification.objects.filter(dedupe_key__startswith=f"oversight-action:{act.pk}:escalation:").order_by("pk")
    )


def overdue_by(days: int, **kw) -> CorrectiveAction:
    act = action(**kw)
    CorrectiveAction.objects.filter(pk=act.pk).update(due_on=TODAY - timedelta(days=days))
    act.refresh_from_db()
    return act


def test_sm3_an_action_not_yet_due_or_closed_is_not_escalated():
    due_today = action(due_in=0)
    late_but_closed = overdue_by(3)
    services.complete_action(by=late_but_closed.owner, action=late_but_closed, note="تم")
    services.verify_action(by=manager(), action=late_but_closed)

    assert escalation.escalate_overdue(today=TODAY) == 0
    assert not ActionEscalation.objects.exists()
    assert escalation_messages(due_today) == escalation_messages(late_but_closed) == []


def test_sm3_an_overdue_action_reminds_its_owner_once_even_if_the_task_runs_twice(settings):
    settings.MUSTAFID_ACTION_ESCALATION_DAYS = 7
    act = overdue_by(1)
    escalate_overdue_actions.call()
    escalate_overdue_actions.call()

    act.refresh_from_db()
    assert act.escalation_level == EscalationLevel.OWNER
    assert [e.level for e in act.escalations.all()] == [EscalationLevel.OWNER]
    assert [n.address for n in escalation_messages(act)] == [act.owner.email]


def test_sm3_further_overdue_it_is_escalated_to_senior_management_of_its_branch_once(settings):
    settings.MUSTAFID_ACTION_ESCALATION_DAYS = 7
    branch = BranchFactory()
    boss_here = manager(scope_all=False, branches=[branch])
    boss_elsewhere = manager(scope_all=False, branches=[BranchFactory()])
    act = overdue_by(1, by=boss_here, branch=branch)
    escalation.escalate_overdue(today=TODAY)

    later = TODAY + timedelta(days=6)  # seven days overdue
    assert escalation.escalate_overdue(today=later) == 1
    assert escalation.escalate_overdue(today=later + timedelta(days=1)) == 0

    act.refresh_from_db()
    assert act.escalation_level == EscalationLevel.MANAGEMENT
    assert [e.level for e in act.escalations.all()] == [EscalationLevel.OWNER, EscalationLevel.MANAGEMENT]
    management = [n.address for n in escalation_messages(act)][1:]
    assert boss_here.email in management and boss_elsewhere.email not in management
    assert boss_here.full_name in act.escalations.get(level=EscalationLevel.MANAGEMENT).told


def test_sm3_a_done_action_awaiting_verification_reminds_the_visitors_not_the_owner():
    boss = manager()
    act = overdue_by(2, by=boss)
    services.complete_action(by=act.owner, action=act, note="تم")
    escalation.escalate_overdue(today=TODAY)
    assert [n.address for n in escalation_messages(act)] == [boss.email]


def test_sm3_the_escalations_are_shown_on_the_action(client):
    act = overdue_by(1)
    escalation.escalate_overdue(today=TODAY)
    client.force_login(act.owner)
    body = client.get(reverse("oversight:action", args=[act.pk])).content.decode()
    assert 'data-testid="escalations"' in body and act.owner.full_name in body.split('data-testid="escalations"')[1]
