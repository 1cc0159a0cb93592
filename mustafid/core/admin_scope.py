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


#: Admin pages that act on every branch at once: staff accounts' emails and
#: second factors (changing a manager's email is a way into their account),
#: the roles' permission sets, sign-in attempts, background jobs. Only an
#: administrator who already sees everything opens them (issue 9.1).
GLOBAL_SCOPE_ONLY = frozenset(
    {
        "account.EmailAddress",
        "mfa.Authenticator",
        "auth.Group",
        "axes.AccessAttempt",
        "axes.AccessLog",
        "axes.AccessFailureLog",
        "django_tasks_database.DBTaskResult",
        # The signature and stamp every letter of the society ends with (issue 10.3).
        "core.LetterSignature",
    }
)


class GlobalScopeOnlyMixin:
    """A ModelAdmin whose pages only global-scope staff may open."""

    def has_module_permission(self, request: Any) -> bool:
        return request.user.has_global_scope and super().has_module_permission(request)  # type: ignore[misc]

    def has_view_permission(self, request: Any, obj: Any = None) -> bool:
        return request.user.has_global_scope and super().has_view_permission(request, obj)  # type: ignore[misc]

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return request.user.has_global_scope and super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_add_permission(self, request: Any, *args: Any) -> bool:
        return request.user.has_global_scope and super().has_add_permission(request, *args)  # type: ignore[misc]

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return request.user.has_global_scope and super().has_delete_permission(request, obj)  # type: ignore[misc]


def restrict_to_global_scope(site: Any) -> None:
    """Wrap the admins of ``GLOBAL_SCOPE_ONLY`` (registered by third-party apps) once every app has registered."""
    for model, model_admin in list(site._registry.items()):
        if model._meta.label not in GLOBAL_SCOPE_ONLY or isinstance(model_admin, GlobalScopeOnlyMixin):
            continue
        wrapped = type(f"GlobalScopeOnly{type(model_admin).__name__}", (GlobalScopeOnlyMixin, type(model_admin)), {})
        site.unregister(model)
        site.register(model, wrapped)
