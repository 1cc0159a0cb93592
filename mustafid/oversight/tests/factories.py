"""Builders of visits and corrective actions through the services (SM-3)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import BranchFactory, UserFactory
from mustafid.oversight import services
from mustafid.oversight.models import ChecklistTemplate, CorrectiveAction, Finding, Visit

ITEMS = ("لوحة السياسة معلقة في مكان ظاهر", "سجل الشكاوى محدث", "صندوق الاقتراحات متاح")


def manager(**kwargs):
    kwargs.setdefault("scope_all", True)
    return UserFactory(role=Role.SENIOR_MANAGEMENT, **kwargs)


def template(*, by=None, name: str | None = None, items=ITEMS) -> ChecklistTemplate:
    by = by or manager()
    name = name or f"قائمة تحقق {ChecklistTemplate.objects.count() + 1}"
    return services.create_template(by=by, name=name, items=items)


def visit(*, by=None, branch=None, started: bool = False, place: str = "مكتب الاستقبال", **kw) -> Visit:
    by = by or manager()
    branch = branch or BranchFactory()
    made = services.plan_visit(
        by=by,
        branch=branch,
        visit_on=kw.pop("visit_on", timezone.localdate()),
        template=kw.pop("template", None) or template(by=by),
        visitors=kw.pop("visitors", [by]),
        place=place,
    )
    if started:
        made = services.start_visit(by=by, visit=made)
    return made


def finding(*, by=None, visit_=None, text: str = "سجل الشكاوى غير محدث منذ شهرين", **kw) -> Finding:
    by = by or manager()
    visit_ = visit_ or visit(by=by, started=True, **kw)
    return services.add_finding(by=by, visit=visit_, text=text, severity=Finding.Severity.HIGH)


def action(*, by=None, owner=None, due_in: int = 7, finding_=None, **kw) -> CorrectiveAction:
    by = by or manager()
    finding_ = finding_ or finding(by=by, **kw)
    owner = owner or UserFactory(role=Role.CASE_WORKER, branches=[finding_.visit.branch])
    return services.assign_action(
        by=by,
        finding=finding_,
        text="تحديث سجل الشكاوى أسبوعيا",
        owner=owner,
        due_on=timezone.localdate() + timedelta(days=due_in),
    )


def visit_with_actions(*, by, branch, owner, place: str = "مكتب الاستقبال") -> dict:
    """A visit under way with a finding, an open action of ``owner`` and one done awaiting verification,
    beside a planned visit: one of each state the pages act on (the authorization matrix, the access-log walk)."""
    under_way = visit(by=by, branch=branch, started=True, place=place)
    found = finding(by=by, visit_=under_way)
    open_action = action(by=by, owner=owner, finding_=found)
    done = services.complete_action(by=owner, action=action(by=by, owner=owner, finding_=found), note="تم")
    return {
        "visit": under_way,
        "planned_visit": visit(by=by, branch=branch, place=place),
        "finding": found,
        "corrective_action": open_action,
        "done_action": done,
    }
