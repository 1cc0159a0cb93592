"""Reading the access log and the change history, filtered by person and record, within the reader's scope.

An entry names its record by content type and id, so it is in scope when its
record is (issue 9.1). Scope columns stored on each entry would have to be
copied into django-auditlog's table, which is not ours, and would go stale
when a file moves branch; so the entries are filtered per content type by
``object_id IN (the ids of that model the user sees)``. Each such subquery is
the model's own scoped query (the indexes it is tuned for), evaluated once as
a hashed set; the entries are then read newest first through their time
index and the (content type, object id) index. Entries about a model that is
neither scoped nor registered with ``registry.scope_records`` are for
global-scope staff only.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.db.models.functions import Cast

from mustafid.core.permissions import ScopedQuerySet

from .models import AccessLog
from .registry import scope_path


def _is_scoped(model: type[models.Model]) -> bool:
    return isinstance(model._default_manager.all(), ScopedQuerySet)


@cache
def _scopable_models() -> tuple[type[models.Model], ...]:
    """Models whose entries a scoped user may see (read once: models do not change while running)."""
    return tuple(m for m in apps.get_models() if _is_scoped(m) or scope_path(m) is not None)


def _end_of(model: type[models.Model], path: str) -> type[models.Model]:
    for part in path.split("__"):
        related = model._meta.get_field(part).related_model
        if not isinstance(related, type):
            raise TypeError(f"{model.__name__}.{part} leads to no model")
        model = related
    return model


def _visible_ids(model: type[models.Model], user: Any) -> QuerySet:
    """The ids, as text like an entry's object id, of the ``model`` records ``user`` sees."""
    records = model._default_manager.all()
    visible: QuerySet
    if isinstance(records, ScopedQuerySet):
        visible = records.visible_to(user)
    else:
        path = scope_path(model) or ""
        target = _end_of(model, path)._default_manager.all()
        if not isinstance(target, ScopedQuerySet):
            raise TypeError(f"{model.__name__}: scope_through {path!r} leads to a model without scope")
        visible = records.filter(**{f"{path}__in": target.visible_to(user).values("pk")})
    return visible.order_by().annotate(audit_pk=Cast("pk", models.CharField())).values("audit_pk")


def in_scope(entries: QuerySet, user: Any, *, id_field: str) -> QuerySet:
    """The ``entries`` about records ``user`` sees; ``id_field`` holds the record's id."""
    if user is None or not user.is_authenticated or not user.is_active:
        return entries.none()
    if user.has_global_scope:
        return entries
    allowed = models.Q()
    for model in _scopable_models():
        content_type = ContentType.objects.get_for_model(model)  # cached: no query
        allowed |= models.Q(content_type_id=content_type.pk, **{f"{id_field}__in": _visible_ids(model, user)})
    return entries.filter(allowed) if allowed else entries.none()


def record_types(user: Any, used: QuerySet) -> QuerySet[ContentType]:
    """The filter's record types: those ``used`` in the log, and for a scoped user only the scopable ones."""
    types = ContentType.objects.filter(pk__in=used)
    if user.has_global_scope:
        return types
    return types.filter(pk__in=[ContentType.objects.get_for_model(m).pk for m in _scopable_models()])


def actors(user: Any) -> QuerySet:
    """The filter's staff members: everyone for global-scope staff, else those sharing one of the user's branches.

    Not "everyone who acted on a record in scope": that is a scan of the whole
    log to draw a drop-down. A staff member of another branch is not named.
    """
    staff = get_user_model().objects.all()
    if user.has_global_scope:
        return staff
    return staff.filter(models.Q(branches__in=user.scope_ids("branch")) | models.Q(pk=user.pk)).distinct()


def _filtered(
    qs: QuerySet,
    *,
    id_field: str,
    time_field: str,
    actor_id: int | None,
    content_type: ContentType | None,
    object_id: str | None,
    date_from: date | None,
    date_to: date | None,
    nothing: bool,
) -> QuerySet:
    if nothing:
        return qs.none()
    if actor_id:
        qs = qs.filter(actor_id=actor_id)
    if content_type is not None:
        qs = qs.filter(content_type=content_type)
    if object_id:
        qs = qs.filter(**{id_field: str(object_id)})
    # Days are the society's (Asia/Riyadh, the current time zone): an entry at 01:00 there is that day's.
    if date_from:
        qs = qs.filter(**{f"{time_field}__date__gte": date_from})
    if date_to:
        qs = qs.filter(**{f"{time_field}__date__lte": date_to})
    return qs


def access_log(
    *,
    user: Any,
    actor_id: int | None = None,
    content_type: ContentType | None = None,
    object_id: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    nothing: bool = False,
) -> QuerySet[AccessLog]:
    qs = in_scope(AccessLog.objects.select_related("actor", "content_type"), user, id_field="object_id")
    return _filtered(
        qs,
        id_field="object_id",
        time_field="at",
        actor_id=actor_id,
        content_type=content_type,
        object_id=object_id,
        date_from=date_from,
        date_to=date_to,
        nothing=nothing,
    )


def change_log(
    *,
    user: Any,
    actor_id: int | None = None,
    content_type: ContentType | None = None,
    object_id: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    nothing: bool = False,
) -> QuerySet[LogEntry]:
    qs = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
    qs = in_scope(qs, user, id_field="object_pk")
    return _filtered(
        qs,
        id_field="object_pk",
        time_field="timestamp",
        actor_id=actor_id,
        content_type=content_type,
        object_id=object_id,
        date_from=date_from,
        date_to=date_to,
        nothing=nothing,
    )


def who_opened(obj) -> QuerySet[AccessLog]:
    """Everyone who viewed or exported ``obj``, newest first.

    Not scoped again: it is read on ``obj``'s own page, which its view has
    already fetched within the user's scope.
    """
    qs = AccessLog.objects.select_related("actor", "content_type")
    return qs.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))
