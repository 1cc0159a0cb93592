"""The change history as a person reads it (issue 10.4).

django-auditlog keeps each change as text: field names as in the code, values
as Python writes them (``True``, ``None``, a related record's id, a choice's
code, ``2026-12-03 09:15:00+00:00``). This turns a page of entries into the
field's translated name and values a person reads: نعم / لا, «—» for nothing,
the related record by its name, a choice by its label, a date in both
calendars. Masked values (``registry.mask_fully``) stay as they were stored:
the history never held the clear value, and nothing here reads the record's
encrypted fields.

Related records are named with one query per related model for the whole
page, and only those the reader may see: a record out of their scope keeps its
number (``#12``), never its name.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from mustafid.core.crypto import EncryptedTextField
from mustafid.core.hijri import dual_date
from mustafid.core.permissions import ScopedQuerySet

NOTHING = "—"
ACTIONS = {
    LogEntry.Action.CREATE: pgettext_lazy("change history", "Created"),
    LogEntry.Action.UPDATE: pgettext_lazy("change history", "Changed"),
    LogEntry.Action.DELETE: pgettext_lazy("change history", "Deleted"),
    LogEntry.Action.ACCESS: pgettext_lazy("change history", "Viewed"),
}
M2M_OPERATIONS = {"add": _("Added"), "delete": _("Removed"), "remove": _("Removed"), "clear": _("Removed all")}
_EMPTY = (None, "", "None")


@dataclass
class Change:
    label: str
    old: str = ""
    new: str = ""
    # A many-to-many change names the records added or removed instead of an old and a new value.
    operation: str = ""
    objects: list[str] = field(default_factory=list)


@dataclass
class Row:
    entry: LogEntry
    action: str
    changes: list[Change]


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


def _label(model_field: models.Field | None, name: str) -> str:
    # A field removed since the entry was written keeps its code name: nothing else names it.
    return capfirst(str(model_field.verbose_name)) if model_field is not None else name


def _related_ids(entries: list[LogEntry]) -> dict[type[models.Model], set[str]]:
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class()
        for name, values in (entry.changes_dict or {}).items():
            model_field = _field(model, name)
            if not isinstance(model_field, models.ForeignKey) or not isinstance(values, list | tuple):
                continue
            related = model_field.related_model
            if isinstance(related, type):
                wanted[related].update(str(v) for v in values if v not in _EMPTY)
    return wanted


def _names(wanted: dict[type[models.Model], set[str]], user: Any) -> dict[tuple[type[models.Model], str], str]:
    """The name of each related record the reader may see, one query per model."""
    names = {}
    for model, ids in wanted.items():
        records = model._default_manager.all()
        if isinstance(records, ScopedQuerySet):
            records = records.visible_to(user)
        # A name is all that is shown: encrypted columns are not read, hence never decrypted.
        encrypted = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        for record in records.filter(pk__in=ids).defer(*encrypted):
            names[(model, str(record.pk))] = str(record)
    return names


def _when(value: str, model_field: models.Field, lang: str) -> str | None:
    try:
        if isinstance(model_field, models.DateTimeField):
            moment = datetime.fromisoformat(value)
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return f"{dual_date(moment, lang)} {time_format(moment, 'H:i')}"
        return dual_date(date.fromisoformat(value[:10]), lang)
    except ValueError:
        return None


def _value(value: Any, model_field: models.Field | None, names: dict, lang: str) -> str:
    if value in _EMPTY:
        return NOTHING
    text = str(value)
    if model_field is None or isinstance(model_field, EncryptedTextField):
        return text  # stored masked (registry): shown as stored
    if isinstance(model_field, models.BooleanField):
        return {"True": gettext("Yes"), "False": gettext("No")}.get(text, text)
    if model_field.choices:
        return str(dict((str(k), v) for k, v in model_field.flatchoices).get(text, text))
    if isinstance(model_field, models.ForeignKey):
        return names.get((model_field.related_model, text), f"#{text}")
    if isinstance(model_field, models.DateField):  # DateTimeField is a DateField
        return _when(text, model_field, lang) or text
    return text


def _is_relation_manager(model: type[models.Model] | None, name: str) -> bool:
    """A reverse relation or a many-to-many field written on a record's creation as ``app.Model.None``.

    django-auditlog writes what such a field's manager prints, which says
    nothing; many-to-many changes worth reading come as their own entries
    (``m2m_fields`` in the registry).
    """
    if model is None:
        return False
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return (found.auto_created and not found.concrete) or isinstance(found, models.ManyToManyField)


def _changes(entry: LogEntry, names: dict, lang: str) -> list[Change]:
    model = entry.content_type.model_class()
    changes = []
    for name, values in (entry.changes_dict or {}).items():
        model_field = _field(model, name)
        is_m2m = isinstance(values, dict) and values.get("type") == "m2m"
        if not is_m2m and _is_relation_manager(model, name):
            continue
        if model_field is not None and model_field.primary_key:
            continue  # the record's own number, given on creation: the entry already names the record
        if is_m2m:
            operation = str(M2M_OPERATIONS.get(values.get("operation", ""), values.get("operation", "")))
            label = _label_m2m(model, name)
            changes.append(Change(label, operation=operation, objects=[str(o) for o in values.get("objects", [])]))
            continue
        old, new = [*values, None, None][:2] if isinstance(values, list | tuple) else (None, values)
        label = _label(model_field, name)
        changes.append(Change(label, _value(old, model_field, names, lang), _value(new, model_field, names, lang)))
    return changes


def _label_m2m(model: type[models.Model] | None, name: str) -> str:
    try:
        found = model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        found = None
    verbose = getattr(found, "verbose_name", None)
    return capfirst(str(verbose)) if verbose else name


def readable(entries: Any, user: Any) -> list[Row]:
    """A page of change-history ``entries`` as rows a person reads, for ``user``."""
    entries = list(entries)
    lang = get_language() or "ar"
    names = _names(_related_ids(entries), user)
    return [
        Row(entry, str(ACTIONS.get(entry.action, entry.get_action_display())), _changes(entry, names, lang))
        for entry in entries
    ]
