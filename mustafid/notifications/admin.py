from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "status", "recipient_name", "subject", "attempts", "sent_at"]
    list_filter = ["status", "channel"]
    search_fields = ["recipient_name", "subject", "dedupe_key"]
    readonly_fields = [f.name for f in Notification._meta.fields if f.name != "address"]
    exclude = ["address"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
