from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from mustafid.core.admin_scope import ScopedAdminMixin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "channel", "status", "recipient_name", "subject", "attempts", "sent_at"]
    list_filter = ["status", "channel"]
    search_fields = ["recipient_name", "subject", "dedupe_key"]
    # The text is shown through shown_body: a one-time code is never readable here, even before it is sent.
    readonly_fields = [*(f.name for f in Notification._meta.fields if f.name not in ("address", "body")), "message"]
    exclude = ["address", "body"]

    @admin.display(description=_("message"))
    def message(self, obj: Notification) -> str:
        return obj.shown_body

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
