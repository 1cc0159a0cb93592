"""Reading the access log and the change history, filtered by person and record."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from .models import AccessLog


def access_log(
    *, actor_id: int | None = None, content_type: ContentType | None = None, object_id: str | None = None
) -> QuerySet[AccessLog]:
    qs = AccessLog.objects.select_related("actor", "content_type")
    if actor_id:
        qs = qs.filter(actor_id=actor_id)
    if content_type is not None:
        qs = qs.filter(content_type=content_type)
    if object_id:
        qs = qs.filter(object_id=str(object_id))
    return qs


def change_log(
    *, actor_id: int | None = None, content_type: ContentType | None = None, object_id: str | None = None
) -> QuerySet[LogEntry]:
    qs = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
    if actor_id:
        qs = qs.filter(actor_id=actor_id)
    if content_type is not None:
        qs = qs.filter(content_type=content_type)
    if object_id:
        qs = qs.filter(object_pk=str(object_id))
    return qs


def who_opened(obj) -> QuerySet[AccessLog]:
    """Everyone who viewed or exported ``obj``, newest first."""
    return access_log(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))
