"""Contacts in the administration site: read-mostly.

Contacts are evidence of how the society dealt with a beneficiary: they are
recorded through the services (which check scope and send what must be
sent), never added or deleted here. Only a follow-up's date, task and
completion can be corrected. The file is reached through the logged
download view, never through a storage URL. The counterpart's number or
address is not shown here either: it is read on the contact page, which
writes the access log (issue 9.3).
"""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from mustafid.core.admin_scope import ScopedAdminMixin

from .models import Interaction


@admin.register(Interaction)
class InteractionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("occurred_at", "channel", "direction", "subject", "reference", "beneficiary", "recorded_by")
    list_filter = ("channel", "direction", "occurred_at")
    list_select_related = ("beneficiary", "recorded_by")
    search_fields = ("reference", "subject", "beneficiary__file_number", "beneficiary__full_name")
    date_hierarchy = "occurred_at"
    ordering = ("-occurred_at", "-id")
    fields = (
        "beneficiary",
        "channel",
        "direction",
        "occurred_at",
        "subject",
        "summary",
        "reference",
        "attachment_link",
        "follow_up_on",
        "follow_up_note",
        "follow_up_done_at",
        "recorded_by",
        "recorded_at",
    )
    readonly_fields = (
        "beneficiary",
        "channel",
        "direction",
        "occurred_at",
        "subject",
        "summary",
        "reference",
        "attachment_link",
        "recorded_by",
        "recorded_at",
    )

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("scanned file"))
    def attachment_link(self, obj: Interaction) -> str:
        if not obj.attachment:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("interactions:attachment", args=[obj.pk]), _("Download the file")
        )
