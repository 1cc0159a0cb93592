"""Reads about staff members."""

from __future__ import annotations

from .models import Branch, Category, Domain, User


def profile_context(user: User) -> dict:
    """The roles and the scope items a staff member is limited to."""
    return {
        "roles": user.role_labels,
        "global_scope": user.has_global_scope,
        "branches": Branch.objects.visible_to(user).filter(is_active=True),
        "categories": Category.objects.visible_to(user).filter(is_active=True),
        "domains": Domain.objects.visible_to(user).filter(is_active=True),
    }
