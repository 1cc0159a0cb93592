"""Writes of supervisory visits and corrective actions (SM-3), every step through the declared workflows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from mustafid.accounts.models import Branch, User
from mustafid.core.hijri import gregorian_text
from mustafid.notifications.models import Channel
from mustafid.notifications.services import notify

from .models import (
    ChecklistItem,
    ChecklistTemplate,
    CorrectiveAction,
    Finding,
    Visit,
    VisitAnswer,
    VisitStatus,
)
from .workflow import ACTION_FLOW, RECORD, VISIT_FLOW

PLAN = "oversight.add_visit"
MANAGE_TEMPLATES = "oversight.add_checklisttemplate"
ASSIGN = "oversight.add_correctiveaction"


def _in_sight(by: Any, obj: Visit | CorrectiveAction) -> None:
    """A visit or action out of the actor's scope does not exist for them (404, never 403)."""
    if not type(obj).objects.visible_to(by).filter(pk=obj.pk).exists():
        raise Http404


def sees_branch(user: Any, branch: Branch) -> bool:
    return bool(user.has_global_scope or branch.pk in user.scope_ids("branch"))


# --- checklists ------------------------------------------------------------------


@transaction.atomic
def create_template(*, by: User, name: str, items: Iterable[str]) -> ChecklistTemplate:
    """A checklist whose items, in the order given, a visit is answered against."""
    if not by.has_perm(MANAGE_TEMPLATES):
        raise PermissionDenied
    texts = [t.strip() for t in items if t.strip()]
    if not texts:
        raise ValidationError({"items": _("Write at least one checklist item.")})
    if ChecklistTemplate.objects.filter(name=name.strip()).exists():
        raise ValidationError({"name": _("A checklist with this name exists already.")})
    template = ChecklistTemplate.objects.create(name=name.strip())
    ChecklistItem.objects.bulk_create(
        ChecklistItem(template=template, order=n, text=text) for n, text in enumerate(texts, start=1)
    )
    return template


# --- visits ----------------------------------------------------------------------


@transaction.atomic
def plan_visit(
    *, by: User, branch: Branch, visit_on: date, template: ChecklistTemplate, visitors: Iterable[User], place: str = ""
) -> Visit:
    """Plan a visit to ``branch`` (or an office of it): the checklist's items are copied onto the visit."""
    if not by.has_perm(PLAN):
        raise PermissionDenied
    if not sees_branch(by, branch):
        raise Http404
    people = list(visitors)
    if not people:
        raise ValidationError({"visitors": _("Name at least one visitor.")})
    if any(not (p.is_active and p.has_perm(RECORD) and sees_branch(p, branch)) for p in people):
        # A visitor records the visit and verifies its actions: they need that right in this branch.
        raise ValidationError({"visitors": _("Each visitor must be able to record visits of this branch.")})
    if not template.is_active:
        raise ValidationError({"template": _("This checklist is no longer in use.")})
    items = list(template.items.all())
    if not items:
        raise ValidationError({"template": _("This checklist has no items.")})
    visit = Visit.objects.create(
        branch=branch, place=place.strip(), visit_on=visit_on, template=template, planned_by=by
    )
    visit.visitors.set(people)
    VisitAnswer.objects.bulk_create(VisitAnswer(visit=visit, order=i.order, item_text=i.text) for i in items)
    return visit


def _locked_visit(visit: Visit) -> Visit:
    return Visit.objects.select_for_update(of=("self",)).get(pk=visit.pk)


@transaction.atomic
def start_visit(*, by: User, visit: Visit) -> Visit:
    _in_sight(by, visit)
    visit = _locked_visit(visit)
    VISIT_FLOW.start("start", visit, by=by)
    VISIT_FLOW.move("start", visit, by=by)
    visit.save(update_fields=["status"])
    return visit


@transaction.atomic
def record_answers(*, by: User, visit: Visit, answers: Mapping[int, tuple[str, str]]) -> Visit:
    """Write the answers (result, note) given per answer id; items not named keep theirs."""
    _in_sight(by, visit)
    visit = _locked_visit(visit)
    VISIT_FLOW.start("record", visit, by=by)
    valid = {choice for choice, _label in VisitAnswer.Result.choices}
    rows = {a.pk: a for a in visit.answers.filter(pk__in=list(answers))}
    for pk, (result, note) in answers.items():
        row = rows.get(pk)
        if row is None:
            continue
        if result not in valid:
            raise ValidationError(_("Choose an answer for each item."))
        if row.result != result or row.note != note.strip():
            row.result, row.note = result, note.strip()
            row.save(update_fields=["result", "note"])  # one by one: each change is in the audit trail
    return visit


@transaction.atomic
def add_finding(*, by: User, visit: Visit, text: str, severity: str, answer: VisitAnswer | None = None) -> Finding:
    _in_sight(by, visit)
    visit = _locked_visit(visit)
    VISIT_FLOW.start("record", visit, by=by)
    if not text.strip():
        raise ValidationError({"text": _("Write the finding.")})
    if answer is not None and answer.visit_id != visit.pk:
        raise ValidationError({"answer": _("This item is not on this visit's checklist.")})
    return Finding.objects.create(visit=visit, answer=answer, text=text.strip(), severity=severity, recorded_by=by)


@transaction.atomic
def complete_visit(*, by: User, visit: Visit, summary: str = "") -> Visit:
    """Close the visit once every checklist item is answered; its actions are followed after it."""
    _in_sight(by, visit)
    visit = _locked_visit(visit)
    VISIT_FLOW.start("complete", visit, by=by)
    if visit.answers.filter(result=VisitAnswer.Result.UNANSWERED).exists():
        raise ValidationError(_("Answer every checklist item before completing the visit."))
    VISIT_FLOW.move("complete", visit, by=by, note=summary.strip())
    visit.summary = summary.strip()
    visit.save(update_fields=["status", "summary"])
    return visit


# --- corrective actions -------------------------------------------------------------


def _action_url(action: CorrectiveAction) -> str:
    return settings.MUSTAFID_SITE_URL.rstrip("/") + reverse("oversight:action", args=[action.pk])


def tell_staff(person: Any, *, subject: str, body: str, dedupe_key: str, about: CorrectiveAction) -> None:
    """Email one staff member about an action (the outbox sends it once per ``dedupe_key``)."""
    if not person.email:
        return
    notify(
        channel=Channel.EMAIL,
        recipient_name=person.get_full_name(),
        address=person.email,
        subject=subject,
        body=body,
        dedupe_key=dedupe_key,
        about=about,
        branch=about.finding.visit.branch,
    )


@transaction.atomic
def assign_action(*, by: User, finding: Finding, text: str, owner: User, due_on: date) -> CorrectiveAction:
    """Give a finding a corrective action: an owner of the visited branch and a due date; the owner is told."""
    if not Finding.objects.visible_to(by).filter(pk=finding.pk).exists():
        raise Http404
    if not by.has_perm(ASSIGN):
        raise PermissionDenied
    visit = _locked_visit(finding.visit)
    if visit.status == VisitStatus.PLANNED:
        raise ValidationError(_("Start the visit before assigning corrective actions."))
    if not text.strip():
        raise ValidationError({"text": _("Write the corrective action.")})
    if not owner.is_active or not sees_branch(owner, visit.branch):
        raise ValidationError({"owner": _("The owner must be an active staff member of the visited branch.")})
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("The due date cannot be in the past.")})
    action = CorrectiveAction.objects.create(
        finding=finding, text=text.strip(), owner=owner, due_on=due_on, assigned_by=by
    )
    with override("ar"):
        tell_staff(
            owner,
            subject=_("A corrective action is yours"),
            body=_("After the visit to %(branch)s you own this corrective action, due on %(due)s: %(text)s %(url)s")
            % {"branch": visit.branch, "due": gregorian_text(due_on), "text": action.text, "url": _action_url(action)},
            dedupe_key=f"oversight-action:{action.pk}:assigned",
            about=action,
        )
    return action


def _locked_action(action: CorrectiveAction) -> CorrectiveAction:
    return CorrectiveAction.objects.select_for_update(of=("self",)).select_related("finding__visit").get(pk=action.pk)


@transaction.atomic
def complete_action(*, by: User, action: CorrectiveAction, note: str) -> CorrectiveAction:
    """The owner reports the action done, saying what was done: it waits for verification."""
    action = _locked_action(action)
    if action.owner_id != by.pk:
        # Only the owner reports their action; others who can see it learn nothing more.
        if not CorrectiveAction.objects.readable_by(by).filter(pk=action.pk).exists():
            raise Http404
        raise PermissionDenied
    ACTION_FLOW.start("complete", action, by=by)
    if not note.strip():
        raise ValidationError({"note": _("Say what was done.")})
    ACTION_FLOW.move("complete", action, by=by, note=note.strip())
    action.save(update_fields=["status"])
    return action


@transaction.atomic
def verify_action(*, by: User, action: CorrectiveAction, note: str = "") -> CorrectiveAction:
    """The visitor or management checks what was done and closes the action."""
    _in_sight(by, action)
    action = _locked_action(action)
    ACTION_FLOW.start("verify", action, by=by)
    ACTION_FLOW.move("verify", action, by=by, note=note.strip())
    action.closed_at = timezone.now()
    action.save(update_fields=["status", "closed_at"])
    return action


@transaction.atomic
def send_back_action(*, by: User, action: CorrectiveAction, note: str) -> CorrectiveAction:
    """Not done as it should be: back to its owner, with the reason, who is told."""
    _in_sight(by, action)
    action = _locked_action(action)
    ACTION_FLOW.start("send_back", action, by=by)
    if not note.strip():
        raise ValidationError({"note": _("Say why it goes back to its owner.")})
    ACTION_FLOW.move("send_back", action, by=by, note=note.strip())
    action.save(update_fields=["status"])
    # Sent back as many times as it takes: each return is its own message.
    step = len(ACTION_FLOW.history(action))
    with override("ar"):
        tell_staff(
            action.owner,
            subject=_("A corrective action was sent back to you"),
            body=_("The corrective action “%(text)s” was sent back to you: %(note)s %(url)s")
            % {"text": action.text, "note": note.strip(), "url": _action_url(action)},
            dedupe_key=f"oversight-action:{action.pk}:sent-back:{step}",
            about=action,
        )
    return action
