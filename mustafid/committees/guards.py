"""A closed meeting never changes (RL-4 evidence).

The services refuse to touch a closed meeting; these signal handlers make
the same promise for any other path (the shell, the admin, a future app):
saving or deleting a closed meeting, its attendance, agenda, declarations
or votes raises.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, pre_delete, pre_save

from .models import AgendaItem, ConflictDeclaration, Meeting, Vote


class ClosedMeetingError(ValueError):
    """A closed meeting and its minute are evidence: they cannot change."""


def _closed(meeting_id: int | None) -> bool:
    if not meeting_id:
        return False
    return Meeting.objects.filter(pk=meeting_id, status=Meeting.Status.CLOSED).exists()


def _meeting_id(instance) -> int | None:
    if isinstance(instance, Meeting):
        return instance.pk
    if isinstance(instance, AgendaItem):
        return instance.meeting_id
    item = AgendaItem.objects.filter(pk=instance.item_id).values_list("meeting_id", flat=True).first()
    return item


def refuse_closed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return  # loading fixtures
    if _closed(_meeting_id(instance)):
        raise ClosedMeetingError("a closed meeting cannot be changed")


def refuse_closed_attendance(sender, instance, action, **kwargs) -> None:
    if action in ("pre_add", "pre_remove", "pre_clear") and isinstance(instance, Meeting) and _closed(instance.pk):
        raise ClosedMeetingError("a closed meeting cannot be changed")


def connect() -> None:
    for model in (Meeting, AgendaItem, ConflictDeclaration, Vote):
        pre_save.connect(refuse_closed, sender=model, dispatch_uid=f"committees-closed-save-{model.__name__}")
        pre_delete.connect(refuse_closed, sender=model, dispatch_uid=f"committees-closed-delete-{model.__name__}")
    m2m_changed.connect(
        refuse_closed_attendance, sender=Meeting.attendees.through, dispatch_uid="committees-closed-attendance"
    )
