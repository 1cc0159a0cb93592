"""The administration site honours the user's scope like every other page (DESIGN 14).

An administrator may be scoped to one branch (``scope_all`` off): every
ModelAdmin of a scoped model then lists, opens, changes and offers in its
choices only what ``visible_to(request.user)`` holds. Django's change view
looks the object up through ``get_queryset``, so an object out of scope is
"does not exist" there, never a form.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from .permissions import ScopedQuerySet


def _scoped(queryset: models.QuerySet, user: Any) -> models.QuerySet:
    return queryset.visible_to(user) if isinstance(queryset, ScopedQuerySet) else queryset


class ScopedChoicesMixin:
    """Foreign-key choice lists offer only objects in scope, wherever the form is (admins and inlines)."""

    def formfield_for_foreignkey(self, db_field: Any, request: Any, **kwargs: Any):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]
        if field is not None and isinstance(getattr(field, "queryset", None), ScopedQuerySet):
            # The queryset also validates the submitted value: an id typed in by hand is refused too.
            field.queryset = field.queryset.visible_to(request.user)
        return field


class ScopedAdminMixin(ScopedChoicesMixin):
    """Put first in the bases of a ModelAdmin of a model whose default manager is a ScopedQuerySet."""

    def get_queryset(self, request: Any) -> models.QuerySet:
        return _scoped(super().get_queryset(request), request.user)  # type: ignore[misc]
