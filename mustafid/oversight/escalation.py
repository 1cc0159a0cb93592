"""Overdue corrective actions are flagged and escalate (SM-3).

An action is overdue once its due date has passed and it is not closed.
The first escalation reminds whoever holds the next step: the owner while
the action is open, the visitors once the owner reported it done and it
waits for verification. After ``MUSTAFID_ACTION_ESCALATION_DAYS`` days
overdue it goes to senior management of the action's branch. Each level is
written on the action once (a unique row), and each person is told once per
level (the outbox's dedupe key), however often the sweep runs.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from mustafid.accounts.roles import Role
from mustafid.core.hijri import gregorian_text

from .models import ActionEscalation, ActionStatus, CorrectiveAction, EscalationLevel
from .services import tell_staff


def recipients(action: CorrectiveAction, level: int) -> list[Any]:
    """Who hears of an escalation at ``level``, with an email address."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    if level == EscalationLevel.OWNER:
        if action.status == ActionStatus.OPEN:
            return list(users.filter(pk=action.owner_id))
        return list(users.filter(visits=action.finding.visit_id))
    branch = action.finding.visit.branch_id
    management = users.filter(groups__name=Role.SENIOR_MANAGEMENT)
    return list(management.filter(models.Q(scope_all=True) | models.Q(branches=branch)).distinct().order_by("pk"))


def _next_level(action: CorrectiveAction, today: date) -> int | None:
    if action.escalation_level == EscalationLevel.NONE:
        return EscalationLevel.OWNER
    if (
        action.escalation_level == EscalationLevel.OWNER
        and action.days_overdue(today) >= settings.MUSTAFID_ACTION_ESCALATION_DAYS
    ):
        return EscalationLevel.MANAGEMENT
    return None


@transaction.atomic
def escalate_overdue(*, today: date | None = None) -> int:
    """Take each overdue action to its next level when its time has come; the number of escalations."""
    today = today or timezone.localdate()
    candidates = (
        CorrectiveAction.objects.select_for_update(skip_locked=True, of=("self",))
        .overdue(today)
        .filter(escalation_level__lt=EscalationLevel.MANAGEMENT)
        .select_related("finding__visit__branch", "owner")
    )
    count = 0
    for action in candidates:
        while (level := _next_level(action, today)) is not None:
            _escalate(action, level, today)
            count += 1
    return count


def _escalate(action: CorrectiveAction, level: int, today: date) -> None:
    people = recipients(action, level)
    names = "، ".join(p.get_full_name() for p in people)
    ActionEscalation.objects.get_or_create(action=action, level=level, defaults={"on": today, "told": names})
    action.escalation_level = level
    action.save(update_fields=["escalation_level"])
    with override("ar"):
        subject = _("Overdue corrective action: %(text)s") % {"text": action.text[:60]}
        body = _(
            "The corrective action “%(text)s” after the visit to %(branch)s was due on %(due)s "
            "and is not closed (%(days)s days overdue): %(level)s."
        ) % {
            "text": action.text,
            "branch": action.finding.visit.branch,
            "due": gregorian_text(action.due_on),
            "days": action.days_overdue(today),
            "level": EscalationLevel(level).label,
        }
    for person in people:
        tell_staff(
            person,
            subject=subject,
            body=body,
            dedupe_key=f"oversight-action:{action.pk}:escalation:{level}:{person.pk}",
            about=action,
        )
