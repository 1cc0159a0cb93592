"""The library of approved answers (HD-1): versioned, per category and domain.

Saving a change to an approved answer never rewrites it: a new version is
made and the old one is kept, so an inquiry answered with it still shows the
words it was sent. Inquiries themselves are handled on their own pages.
"""

from __future__ import annotations

from django.contrib import admin
from django.db import transaction

from mustafid.core.admin_scope import ScopedChoicesMixin

from .models import ApprovedAnswer


@admin.register(ApprovedAnswer)
class ApprovedAnswerAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    list_display = ["title", "version", "kind", "category", "domain", "is_active", "approved_by", "approved_at"]
    list_filter = ["kind", "is_active", "category", "domain"]
    search_fields = ["title", "body"]
    fields = ["title", "body", "kind", "category", "domain", "is_active"]

    def get_queryset(self, request):
        # Only the current versions are edited; older ones are read on the inquiries that used them.
        return super().get_queryset(request).filter(superseded_by__isnull=True)

    def has_delete_permission(self, request, obj=None):
        return False  # an answer some inquiry used is evidence; take it out of use with "offered"

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        if change:
            # A new version: the row as it was stays untouched.
            previous = ApprovedAnswer.objects.select_for_update().get(pk=obj.pk)
            obj.pk = None
            obj._state.adding = True
            obj.previous, obj.version = previous, previous.version + 1
        obj.approved_by = request.user
        super().save_model(request, obj, form, change)
