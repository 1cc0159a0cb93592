"""The visit worklist and page, my corrective actions and the home section (SM-3)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import BranchFactory, UserFactory
from mustafid.oversight.models import ActionStatus, CorrectiveAction, Visit, VisitStatus

from .factories import ITEMS, action, finding, manager, template, visit, visit_with_actions

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_sm3_the_worklist_shows_the_visits_of_the_readers_branch_filtered_by_status(client):
    here, there = BranchFactory(name="فرع الشمال"), BranchFactory(name="فرع الجنوب")
    boss = manager(scope_all=False, branches=[here])
    visit(branch=here, place="مكتب الاستقبال الشمالي", started=True)
    visit(branch=here, place="مكتب المستودع الشمالي")
    visit(branch=there, place="مكتب الجنوب")
    client.force_login(boss)

    body = client.get(reverse("oversight:visits")).content.decode()
    assert "مكتب الاستقبال الشمالي" in body and "مكتب المستودع الشمالي" in body
    assert "مكتب الجنوب" not in body
    body = client.get(reverse("oversight:visits"), {"status": VisitStatus.IN_PROGRESS}).content.decode()
    assert "مكتب الاستقبال الشمالي" in body and "مكتب المستودع الشمالي" not in body


def test_sm3_the_worklist_and_my_actions_read_in_queries_that_do_not_grow_with_the_rows(client):
    boss = manager()
    owner = UserFactory(role=Role.CASE_WORKER, scope_all=True)
    branch = BranchFactory()

    def add_rows():
        visit_with_actions(by=boss, branch=branch, owner=owner)

    add_rows()
    client.force_login(boss)
    few_visits = queries(client, reverse("oversight:visits"))
    client.force_login(owner)
    few_actions = queries(client, reverse("oversight:my_actions"))
    for _n in range(4):
        add_rows()
    client.force_login(boss)
    assert queries(client, reverse("oversight:visits")) == few_visits
    client.force_login(owner)
    assert queries(client, reverse("oversight:my_actions")) == few_actions


def test_sm3_my_corrective_actions_flags_the_overdue_ones(client):
    late = action()
    CorrectiveAction.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - timedelta(days=2))
    client.force_login(late.owner)
    body = client.get(reverse("oversight:my_actions")).content.decode()
    assert late.text in body
    assert body.count('data-testid="overdue"') == 1
    on_time = action(owner=late.owner, finding_=late.finding)
    assert on_time.status == ActionStatus.OPEN
    body = client.get(reverse("oversight:my_actions")).content.decode()
    assert body.count('data-testid="overdue"') == 1


def test_sm3_the_owner_reports_done_on_the_action_page_and_management_verifies_it(client):
    boss = manager()
    act = action(by=boss)
    client.force_login(act.owner)
    page = client.get(reverse("oversight:action", args=[act.pk])).content.decode()
    assert reverse("oversight:action_complete", args=[act.pk]) in page
    assert reverse("oversight:action_verify", args=[act.pk]) not in page
    client.post(reverse("oversight:action_complete", args=[act.pk]), {"note": "حُدّث السجل"})
    act.refresh_from_db()
    assert act.status == ActionStatus.DONE

    client.force_login(boss)
    page = client.get(reverse("oversight:action", args=[act.pk])).content.decode()
    assert "حُدّث السجل" in page and reverse("oversight:action_verify", args=[act.pk]) in page
    client.post(reverse("oversight:action_verify", args=[act.pk]), {"note": ""})
    act.refresh_from_db()
    assert act.status == ActionStatus.CLOSED


def test_sm3_the_visit_page_shows_its_answers_findings_and_actions(client):
    boss = manager()
    f = finding(by=boss, text="لوحة السياسة غير معلقة")
    act = action(by=boss, finding_=f)
    client.force_login(boss)
    body = client.get(reverse("oversight:visit", args=[f.visit_id])).content.decode()
    assert "لوحة السياسة غير معلقة" in body and act.text in body and "سجل الشكاوى محدث" in body


def test_sm3_the_home_page_lists_the_owners_open_and_overdue_actions(client):
    late = action()
    CorrectiveAction.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    client.force_login(late.owner)
    body = client.get(reverse("core:home")).content.decode()
    assert 'data-testid="section-oversight"' in body
    assert reverse("oversight:action", args=[late.pk]) in body
    client.force_login(UserFactory(role=Role.CASE_WORKER))  # owns nothing: no section
    assert 'data-testid="section-oversight"' not in client.get(reverse("core:home")).content.decode()


def test_sm3_management_plans_a_visit_answers_its_checklist_and_assigns_an_action_through_the_pages(client):
    boss = manager()
    branch = BranchFactory()
    checklist = template(by=boss)
    owner = UserFactory(role=Role.RECEPTIONIST, branches=[branch])
    client.force_login(boss)
    today = timezone.localdate()
    response = client.post(
        reverse("oversight:visit_new"),
        {
            "branch": branch.pk,
            "place": "مكتب الاستقبال",
            "visit_on_0": "gregorian",
            "visit_on_1": today.isoformat(),
            "template": checklist.pk,
            "visitors": [boss.pk],
        },
    )
    made = Visit.objects.get(branch=branch)
    assert response.status_code == 302 and made.answers.count() == len(ITEMS)
    client.post(reverse("oversight:visit_start", args=[made.pk]))
    first, *rest = made.answers.order_by("order")
    data = {f"result_{a.pk}": "ok" for a in rest} | {f"result_{first.pk}": "not_ok", f"note_{first.pk}": "غير معلقة"}
    client.post(reverse("oversight:visit_answers", args=[made.pk]), data)
    client.post(
        reverse("oversight:finding_add", args=[made.pk]),
        {"text": "لوحة السياسة غير معلقة", "severity": "high", "answer": first.pk},
    )
    found = made.findings.get()
    client.post(
        reverse("oversight:action_add", args=[found.pk]),
        {"text": "تعليق اللوحة", "owner": owner.pk, "due_on_0": "gregorian", "due_on_1": today.isoformat()},
    )
    client.post(reverse("oversight:visit_complete", args=[made.pk]), {"note": "ملتزم إلا في اللوحة"})

    made.refresh_from_db()
    first.refresh_from_db()
    assert (first.result, first.note, found.answer_id) == ("not_ok", "غير معلقة", first.pk)
    assert made.status == VisitStatus.COMPLETED and made.summary == "ملتزم إلا في اللوحة"
    assert found.actions.get().owner == owner
