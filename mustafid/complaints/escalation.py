"""Overdue complaints climb level by level (CM-1): the assigned officer, the committee head, senior management.

A complaint is late once a due date passes without its step: the
acknowledgement (by ``acknowledge_due``) or the answer (by ``resolve_due``).
The first escalation reminds the assigned officer (a complaint nobody
holds goes straight to the committee head); every
``STEP_WORKING_DAYS`` working days it stays late it goes one level higher.
Only working days count between levels, so a weekend or a holiday never
pushes a complaint up. Each escalation is written on the complaint (a note
its page shows, and the level in the audit trail) and sent to the people of
its level, in the scope of the complaint.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from mustafid.accounts.roles import Role
from mustafid.committees.models import Committee, CommitteeMember
from mustafid.core.hijri import gregorian_text
from mustafid.core.workdays import working_days_between
from mustafid.notifications.services import notify

from .models import Complaint, ComplaintNote, EscalationLevel
from .workflow import COMPLAINT_FLOW

STEP_WORKING_DAYS = 2


def is_late(complaint: Complaint, today: date) -> bool:
    unacknowledged = complaint.acknowledged_on is None and today > complaint.acknowledge_due
    return unacknowledged or today > complaint.resolve_due


def _due_for_next_level(complaint: Complaint, today: date) -> bool:
    if complaint.escalation_level >= EscalationLevel.SENIOR_MANAGEMENT or not is_late(complaint, today):
        return False
    if complaint.escalation_level == EscalationLevel.NONE or complaint.escalated_on is None:
        return True
    return working_days_between(complaint.escalated_on, today) >= STEP_WORKING_DAYS


def recipients(complaint: Complaint, level: int) -> list[Any]:
    """Who hears of an escalation at ``level``: staff with an email address."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    if level == EscalationLevel.OFFICER:
        return list(users.filter(pk=complaint.assigned_to_id)) if complaint.assigned_to_id else []
    if level == EscalationLevel.COMMITTEE_HEAD:
        # The chairs of the follow-up committees serving the complaint's branch (or every branch).
        committees = Committee.objects.filter(
            is_active=True, kind__in=(Committee.Kind.FOLLOW_UP, Committee.Kind.INVESTIGATION)
        ).filter(models.Q(branch__isnull=True) | models.Q(branch_id=complaint.branch_id))
        chairs = CommitteeMember.objects.filter(committee__in=committees, role=CommitteeMember.Role.CHAIR)
        return list(users.filter(pk__in=chairs.values("user_id")))
    return list(users.filter(groups__name=Role.SENIOR_MANAGEMENT).distinct())


@transaction.atomic
def escalate_overdue(*, today: date | None = None) -> int:
    """Take every late complaint one level up when its time has come; the number escalated."""
    today = today or timezone.localdate()
    # Only the complaints are locked: the joined file and officer may be missing (an outer join), and
    # PostgreSQL locks no nullable side of one.
    candidates = (
        Complaint.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(status__in=COMPLAINT_FLOW.group("open"), escalation_level__lt=EscalationLevel.SENIOR_MANAGEMENT)
        .filter(models.Q(acknowledged_on__isnull=True, acknowledge_due__lt=today) | models.Q(resolve_due__lt=today))
        .select_related("beneficiary__category", "assigned_to")
    )
    count = 0
    for complaint in candidates:
        if _due_for_next_level(complaint, today):
            _escalate(complaint, today)
            count += 1
    return count


def _escalate(complaint: Complaint, today: date) -> None:
    complaint.escalation_level += 1
    if complaint.escalation_level == EscalationLevel.OFFICER and complaint.assigned_to_id is None:
        # No officer to remind: a late complaint nobody holds goes to the committee head at once.
        complaint.escalation_level = EscalationLevel.COMMITTEE_HEAD
    complaint.escalated_on = today
    complaint.save(update_fields=["escalation_level", "escalated_on", "updated_at"])
    with override("ar"):
        announce(complaint, _("Overdue: escalated to %(level)s."))


def announce(complaint: Complaint, reason: str, *, event: str = "escalation") -> None:
    """Write the escalation to the complaint's current level on it, and tell the people of that level.

    ``reason`` names the level as ``%(level)s``. Called in Arabic, the society's language.
    """
    level = EscalationLevel(complaint.escalation_level)
    people = recipients(complaint, level)
    text = reason % {"level": level.label}
    if people:
        text += " " + "، ".join(p.get_full_name() for p in people)
    ComplaintNote.objects.create(complaint=complaint, kind=ComplaintNote.Kind.ESCALATION, text=text)
    domains = list(complaint.beneficiary.domains.all()) if complaint.beneficiary else []
    for person in people:
        notify(
            channel="email",
            recipient_name=person.get_full_name(),
            address=person.email,
            subject=_("Escalated complaint %(ref)s") % {"ref": complaint.reference},
            body=_("Complaint %(ref)s (answer due on %(due)s) was escalated to you: %(reason)s")
            % {"ref": complaint.reference, "due": gregorian_text(complaint.resolve_due), "reason": text},
            dedupe_key=f"complaint:{complaint.pk}:{event}:{complaint.escalation_level}:{person.pk}",
            about=complaint,
            branch=complaint.branch,
            category=complaint.beneficiary.category if complaint.beneficiary else None,
            domains=domains,
        )
