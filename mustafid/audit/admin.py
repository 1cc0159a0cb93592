from django.contrib import admin

from .models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the access log is evidence."""

    list_display = ["at", "actor", "action", "content_type", "object_repr", "ip_address"]
    list_filter = ["action", "content_type", "actor"]
    search_fields = ["object_repr", "object_id", "actor__email", "actor__full_name"]
    date_hierarchy = "at"
    list_select_related = ["actor", "content_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
