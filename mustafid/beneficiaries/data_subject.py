"""A beneficiary's copy of everything the society holds about them (RL-2, data-subject access).

As with the timeline, the beneficiaries app knows nothing of contacts,
requests or aid: each app registers, in its ``AppConfig.ready()``, the
sections it holds. A section names the models it reports (a test fails when
a model that refers to a beneficiary, directly or through other rows,
belongs to no section) and a ``collect(beneficiary)`` that reads them with a
fixed number of queries, however many rows the person has.

``collect`` returns records: dicts of text, numbers, booleans, dates and
datetimes, ``Decimal`` amounts (always riyals), lists and nested records.
They stay typed so that the PDF can show every date Gregorian and Hijri and
every amount in riyals; the JSON copy turns them into ISO dates and
``"9000.00"``. Choice values are collected as their translated labels: the
copy is read by the person, in the language it is made in.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from mustafid.core.formatting import format_amount
from mustafid.core.hijri import dual_date
from mustafid.core.pdf import render_pdf

from .models import Beneficiary

Record = dict[str, Any]
Collect = Callable[[Beneficiary], list[Record]]
Label = str | Promise

TEMPLATE = "pdf/data_subject_copy.html"


@dataclass(frozen=True)
class DataSubjectSection:
    """One heading of the copy: what it holds, read by ``collect``, shown under ``title``."""

    key: str  # stable JSON key: "requests"
    title: Label  # translated heading
    models: tuple[type[models.Model], ...]  # every model whose rows the section reports
    collect: Collect
    labels: Mapping[str, Label] = field(default_factory=dict)  # record key -> translated label (nested keys too)
    order: int = 100
    tabular: bool = False  # flat records shown as one table, a column per key (long lists: the access log)


_SECTIONS: dict[str, DataSubjectSection] = {}


def register_section(section: DataSubjectSection) -> None:
    existing = _SECTIONS.get(section.key)
    if existing is not None and existing.collect is not section.collect:
        raise ImproperlyConfigured(f"two data-subject sections use the key {section.key!r}")
    _SECTIONS[section.key] = section


def sections() -> list[DataSubjectSection]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def _field_label(model: type[models.Model], name: str) -> Label:
    field = model._meta.get_field(name)
    # A reverse relation or a generic key has no verbose name: callers name the model's own fields.
    if not isinstance(field, models.Field):
        raise ImproperlyConfigured(f"{model._meta.label}.{name} is not a field with a verbose name")
    return field.verbose_name


def field_labels(model: type[models.Model], *names: str) -> dict[str, Label]:
    """The translated verbose names of ``model``'s fields, keyed by field name."""
    return {name: _field_label(model, name) for name in names}


def verbose_name(model: type[models.Model]) -> Label:
    """The model's translated name (Django derives one from the class name when Meta gives none)."""
    name = model._meta.verbose_name
    assert name is not None  # always set once the model class is built; the stub allows None
    return name


def verbose_name_plural(model: type[models.Model]) -> Label:
    """The model's translated plural name (Django adds an "s" to the singular when Meta gives none)."""
    name = model._meta.verbose_name_plural
    assert name is not None  # always set once the model class is built; the stub allows None
    return name


def display(obj: models.Model, name: str) -> str:
    """A choice field's translated label, or ``""`` when empty."""
    return str(getattr(obj, f"get_{name}_display")()) if getattr(obj, name) else ""


# --- which rows are about a beneficiary ----------------------------------------


def _forward_keys(model: type[models.Model]) -> list[models.Field]:
    return [
        f
        for f in model._meta.get_fields()
        if isinstance(f, models.Field) and f.concrete and (f.many_to_one or f.one_to_one) and f.related_model
    ]


@functools.cache
def beneficiary_lookups() -> dict[type[models.Model], str]:
    """Every project model that refers to a beneficiary, directly or through other rows.

    Maps each to its shortest lookup to the beneficiary's id (``"request__beneficiary"``;
    ``"pk"`` for the beneficiary itself). Generic references (the access log,
    the outbox) are not foreign keys and are not followed.
    """
    project = [m for m in apps.get_models() if m.__module__.startswith("mustafid.")]
    paths: dict[type[models.Model], str] = {Beneficiary: "pk"}
    frontier: set[type[models.Model]] = {Beneficiary}
    while frontier:
        found: set[type[models.Model]] = set()
        for model in project:
            if model in paths:
                continue
            for key in _forward_keys(model):
                related = key.related_model
                # A class once the apps are loaded ("self" is only how a model may declare it).
                if isinstance(related, type) and related in frontier:
                    target = paths[related]
                    paths[model] = key.name if target == "pk" else f"{key.name}__{target}"
                    found.add(model)
                    break
        frontier = found
    return paths


def generic_references(beneficiary: Beneficiary, *, type_field: str, id_field: str) -> models.Q:
    """A filter for rows that point, by content type and text id, at any row of the person's.

    The ids are read first, in one query, so that the filter is a list of
    literal ids per type: the database can use its (type, id) index.
    """
    lookups = beneficiary_lookups()
    types = ContentType.objects.get_for_models(*lookups)
    parts = [
        model._base_manager.filter(**{path: beneficiary.pk})
        .order_by()
        .annotate(ds_type=models.Value(types[model].pk), ds_ref=Cast("pk", models.CharField()))
        .values_list("ds_type", "ds_ref")
        for model, path in lookups.items()
    ]
    ids: dict[int, list[str]] = {}
    for type_id, ref in parts[0].union(*parts[1:], all=True):
        ids.setdefault(type_id, []).append(ref)
    query = models.Q(pk__in=[])
    for type_id, refs in ids.items():
        query |= models.Q(**{f"{type_field}_id": type_id, f"{id_field}__in": refs})
    return query


# --- the copy -------------------------------------------------------------------


def _collected(beneficiary: Beneficiary) -> list[tuple[DataSubjectSection, list[Record]]]:
    return [(section, section.collect(beneficiary)) for section in sections()]


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value


def data_subject_copy_json(beneficiary: Beneficiary, *, lang: str = "ar") -> dict[str, Any]:
    """Everything the society holds about the person, unmasked (it is theirs), as JSON-ready data."""
    with translation.override(lang):
        return {
            "file_number": beneficiary.file_number,
            "generated_at": timezone.now().isoformat(),
            "language": lang,
            "sections": {
                section.key: {"title": str(section.title), "records": _jsonable(records)}
                for section, records in _collected(beneficiary)
            },
        }


# --- the PDF: every section the same way ------------------------------------------


@dataclass(frozen=True)
class Row:
    """``label: value`` on the PDF; a nested list (answers, instalments) is shown as records."""

    label: str
    text: str = ""
    ltr: bool = False
    records: tuple[tuple[Row, ...], ...] = ()


@dataclass(frozen=True)
class ShownSection:
    title: str
    records: list[tuple[Row, ...]]
    columns: list[str] = field(default_factory=list)  # tabular sections: the column headings


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def _text(value: Any, lang: str) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return _("%(date)s at %(time)s") % {
            "date": dual_date(value, lang),
            "time": timezone.localtime(value).strftime("%H:%M") if timezone.is_aware(value) else f"{value:%H:%M}",
        }
    if isinstance(value, date):
        return dual_date(value, lang)
    if isinstance(value, Decimal):
        return format_amount(value, lang)
    if isinstance(value, list | tuple):
        return ("، " if lang.startswith("ar") else ", ").join(_text(item, lang) for item in value)
    if isinstance(value, str) and _ISO_DATE.match(value):
        # A date kept as text (an answer to a field since removed): read as every other date.
        with contextlib.suppress(ValueError):
            return dual_date(date.fromisoformat(value), lang)
    return str(value)


def _rows(record: Record, labels: Mapping[str, Label], lang: str) -> tuple[Row, ...]:
    rows = []
    for key, value in record.items():
        label = capfirst(str(labels.get(key, key)))
        if isinstance(value, dict):
            rows.append(Row(label, records=(_rows(value, labels, lang),)))
        elif isinstance(value, list | tuple) and value and all(isinstance(item, dict) for item in value):
            rows.append(Row(label, records=tuple(_rows(item, labels, lang) for item in value)))
        else:
            text = _text(value, lang)
            rows.append(Row(label, text, ltr=text != "—" and not _is_arabic(text)))
    return tuple(rows)


def _shown(section: DataSubjectSection, records: list[Record], lang: str) -> ShownSection:
    shown = [_rows(record, section.labels, lang) for record in records]
    flat = all(not row.records for record in shown for row in record)
    columns = [row.label for row in shown[0]] if section.tabular and shown and flat else []
    return ShownSection(str(section.title), shown, columns)


def data_subject_copy_context(beneficiary: Beneficiary, *, lang: str = "ar") -> dict[str, Any]:
    with translation.override(lang):
        return {
            "b": beneficiary,
            "today": dual_date(timezone.localdate(), lang),
            "sections": [_shown(section, records, lang) for section, records in _collected(beneficiary)],
        }


def data_subject_copy_html(beneficiary: Beneficiary, *, lang: str = "ar") -> str:
    """The HTML the PDF is made from (its text, before any font draws it)."""
    with translation.override(lang):
        context = data_subject_copy_context(beneficiary, lang=lang)
        return render_to_string(TEMPLATE, {**context, "society_name": settings.MUSTAFID_SOCIETY_NAME})


def data_subject_copy_pdf(beneficiary: Beneficiary, *, lang: str = "ar") -> bytes:
    return render_pdf(TEMPLATE, data_subject_copy_context(beneficiary, lang=lang), lang=lang)
