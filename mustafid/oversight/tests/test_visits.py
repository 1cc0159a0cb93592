"""Supervisory visits to branches: a checklist answered, findings written, in the visit's branch scope (SM-3)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import BranchFactory, UserFactory
from mustafid.core.workflow import workflow_for
from mustafid.oversight import selectors, services
from mustafid.oversight.models import ChecklistItem, Finding, Visit, VisitAnswer, VisitStatus

from .factories import ITEMS, manager, template, visit

pytestmark = pytest.mark.django_db


def answer_all(by, v, result=VisitAnswer.Result.OK):
    services.record_answers(by=by, visit=v, answers={a.pk: (result, "") for a in v.answers.all()})


def test_sm3_a_visit_keeps_the_items_it_was_made_with_when_the_checklist_changes_later():
    boss = manager()
    checklist = template(by=boss)
    v = visit(by=boss, template=checklist)
    ChecklistItem.objects.filter(template=checklist, order=1).update(text="بند جديد بعد الزيارة")
    ChecklistItem.objects.create(template=checklist, order=9, text="بند أضيف لاحقا")

    assert [a.item_text for a in v.answers.order_by("order")] == list(ITEMS)
    assert all(a.result == VisitAnswer.Result.UNANSWERED for a in v.answers.all())


def test_sm3_senior_management_plans_and_records_a_visit_from_planned_to_completed():
    boss = manager()
    v = visit(by=boss)
    assert v.status == VisitStatus.PLANNED
    with pytest.raises(ValidationError):  # nothing is recorded before the visit starts
        services.add_finding(by=boss, visit=v, text="ملاحظة", severity=Finding.Severity.LOW)

    v = services.start_visit(by=boss, visit=v)
    first, second, third = v.answers.order_by("order")
    services.record_answers(
        by=boss,
        visit=v,
        answers={first.pk: ("ok", ""), second.pk: ("not_ok", "آخر تحديث قبل شهرين"), third.pk: ("na", "")},
    )
    finding = services.add_finding(
        by=boss, visit=v, text="سجل الشكاوى غير محدث", severity=Finding.Severity.HIGH, answer=second
    )
    v = services.complete_visit(by=boss, visit=v, summary="الفرع ملتزم إلا في سجل الشكاوى")

    assert v.status == VisitStatus.COMPLETED
    second.refresh_from_db()
    assert (second.result, second.note) == ("not_ok", "آخر تحديث قبل شهرين")
    assert finding.answer == second
    steps = workflow_for(v).history(v)
    assert [(s.by, s.note) for s in steps] == [(boss, ""), (boss, "الفرع ملتزم إلا في سجل الشكاوى")]


def test_sm3_a_visit_is_completed_only_once_every_item_is_answered():
    boss = manager()
    v = visit(by=boss, started=True)
    with pytest.raises(ValidationError):
        services.complete_visit(by=boss, visit=v)
    answer_all(boss, v)
    assert services.complete_visit(by=boss, visit=v).status == VisitStatus.COMPLETED
    with pytest.raises(ValidationError):  # completed is final: nothing more is recorded
        services.add_finding(by=boss, visit=v, text="متأخرة", severity=Finding.Severity.LOW)


def test_sm3_only_senior_management_and_administrators_plan_visits():
    branch = BranchFactory()
    checklist = template()
    for role in (Role.CASE_WORKER, Role.RECEPTIONIST, Role.HR, Role.LIAISON_OFFICER):
        user = UserFactory(role=role, branches=[branch])
        with pytest.raises(PermissionDenied):
            services.plan_visit(
                by=user, branch=branch, visit_on=timezone.localdate(), template=checklist, visitors=[user]
            )
    admin = UserFactory(role=Role.ADMINISTRATOR, scope_all=True)
    assert visit(by=admin, branch=branch).planned_by == admin


def test_sm3_branch_scoped_management_sees_and_records_only_visits_of_its_branch():
    here, there = BranchFactory(), BranchFactory()
    boss_here = manager(scope_all=False, branches=[here])
    ours, theirs = visit(branch=here), visit(branch=there)

    assert list(selectors.visits_for(boss_here)) == [ours]
    assert selectors.visit_for(boss_here, ours.pk) == ours
    with pytest.raises(Http404):
        selectors.visit_for(boss_here, theirs.pk)
    with pytest.raises(Http404):
        services.start_visit(by=boss_here, visit=theirs)
    with pytest.raises(Http404):
        services.plan_visit(
            by=boss_here, branch=there, visit_on=timezone.localdate(), template=template(), visitors=[boss_here]
        )
    theirs.refresh_from_db()
    assert theirs.status == VisitStatus.PLANNED


def test_sm3_branch_staff_do_not_read_management_visits_of_their_own_branch():
    branch = BranchFactory()
    visit(branch=branch)
    worker = UserFactory(role=Role.CASE_WORKER, branches=[branch])
    assert not selectors.visits_for(worker).exists()
    assert not Visit.objects.restrict(worker, "view").exists()


def test_sm3_the_worklist_filters_by_branch_and_status():
    boss = manager()
    here, there = BranchFactory(), BranchFactory()
    planned, started = visit(by=boss, branch=here), visit(by=boss, branch=here, started=True)
    elsewhere = visit(by=boss, branch=there)
    assert set(selectors.visits_for(boss, branch=here.pk)) == {planned, started}
    assert list(selectors.visits_for(boss, status=VisitStatus.IN_PROGRESS)) == [started]
    assert list(selectors.visits_for(boss, branch=there.pk, status=VisitStatus.PLANNED)) == [elsewhere]


def test_sm3_visitors_are_people_who_may_record_visits_of_the_branch():
    branch = BranchFactory()
    worker = UserFactory(role=Role.CASE_WORKER, branches=[branch])
    elsewhere = manager(scope_all=False, branches=[BranchFactory()])
    for visitor in (worker, elsewhere):
        with pytest.raises(ValidationError):
            services.plan_visit(
                by=manager(), branch=branch, visit_on=timezone.localdate(), template=template(), visitors=[visitor]
            )
