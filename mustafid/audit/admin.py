from auditlog.admin import LogEntryAdmin as AuditlogLogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AccessLog
from .selectors import in_scope


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the access log is evidence. Scoped like the access log page (selectors.in_scope)."""

    list_display = ["at", "actor", "action", "content_type", "object_repr", "ip_address"]
    # Only the record types and staff of the rows listed: a filter names nothing out of scope.
    list_filter = [
        "action",
        ("content_type", admin.RelatedOnlyFieldListFilter),
        ("actor", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["object_repr", "object_id", "actor__email", "actor__full_name"]
    date_hierarchy = "at"
    list_select_related = ["actor", "content_type"]

    def get_queryset(self, request):
        return in_scope(super().get_queryset(request), request.user, id_field="object_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# django-auditlog's own admin lists every change: replaced by one scoped like the change history page.
admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class LogEntryAdmin(AuditlogLogEntryAdmin):
    # django-auditlog names this column in plain English, out of the translation's reach.
    @admin.display(description=_("Correlation ID"))
    def cid_url(self, obj):
        return super().cid_url(obj)

    def get_queryset(self, request):
        return in_scope(super().get_queryset(request), request.user, id_field="object_pk")
