"""One way for every app to put its models under change history.

django-auditlog records actor, time, old and new values. Sensitive values
(national ID, phone, income, health notes) are masked in the history: it
shows that they changed, never what they were. Every encrypted field is one
of them whether its app lists it or not: the history is not encrypted, and a
page showing it would show the value unlogged (issue 9.3).

Who may read an entry follows the record it is about (issue 9.1): a model
whose default manager is a ``ScopedQuerySet`` is scoped by itself; a model
reached through one (a household member through its beneficiary) names the
path with ``scope_through``. An entry about a model with neither is shown to
global-scope staff only.
"""

from __future__ import annotations

from collections.abc import Iterable

from auditlog.registry import auditlog
from django.db import models

from mustafid.core.crypto import EncryptedTextField

# Never worth keeping in a change history.
ALWAYS_EXCLUDED = ("password", "updated_at")


def audited(
    model: type[models.Model],
    *,
    exclude_fields: Iterable[str] = (),
    mask_fields: Iterable[str] = (),
    m2m_fields: Iterable[str] = (),
    scope_through: str | None = None,
) -> type[models.Model]:
    encrypted = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
    if scope_through is not None:
        scope_records(model, through=scope_through)
    auditlog.register(
        model,
        exclude_fields=[*ALWAYS_EXCLUDED, *exclude_fields],
        mask_fields=list(dict.fromkeys([*mask_fields, *encrypted])),
        m2m_fields=set(m2m_fields),
    )
    return model


#: model label -> lookup path from the model to a model with a scoped default manager.
_SCOPE_THROUGH: dict[str, str] = {}


def scope_records(model: type[models.Model], *, through: str) -> None:
    """Entries about ``model`` are seen by whoever sees the record at the end of ``through``."""
    _SCOPE_THROUGH[model._meta.label_lower] = through


def scope_path(model: type[models.Model]) -> str | None:
    return _SCOPE_THROUGH.get(model._meta.label_lower)


def mask_fully(value: str) -> str:
    """Masked values show that a sensitive field changed, nothing of what it holds.

    (auditlog's default keeps half of the value: half a national ID is too much.)
    """
    return "••••••" if value not in (None, "", "None") else ""
