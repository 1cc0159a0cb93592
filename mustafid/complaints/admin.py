"""The complaint categories and their deadlines in working days (CM-1), for the administrator."""

from __future__ import annotations

from django.contrib import admin

from mustafid.core.admin_scope import ScopedChoicesMixin

from .models import ComplaintCategory


@admin.register(ComplaintCategory)
class ComplaintCategoryAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    """Society-wide configuration: a category holds no one's data, only its name and deadlines."""

    list_display = ("name", "acknowledge_days", "resolve_days", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)
