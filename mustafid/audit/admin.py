from auditlog.admin import LogEntryAdmin as AuditlogLogEntryAdmin
from auditlog.filters import CIDFilter, ResourceTypeFilter
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language_bidi, gettext
from django.utils.translation import gettext_lazy as _

from mustafid.core.templatetags.mustafid import record_type

from . import history
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


class RecordTypeFilter(ResourceTypeFilter):
    """django-auditlog's filter by record type, naming each type as the change history page does."""

    def lookups(self, request, model_admin):
        used = model_admin.get_queryset(request).values("content_type").distinct()
        types = ContentType.objects.filter(pk__in=used)
        return sorted(((t.pk, record_type(t)) for t in types), key=lambda pair: pair[1])


# django-auditlog's own admin lists every change: replaced by one scoped like the change history page.
admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class LogEntryAdmin(AuditlogLogEntryAdmin):
    """django-auditlog's list and page of an entry, scoped, and reading like the change history page."""

    list_filter = ["action", RecordTypeFilter, CIDFilter]

    # django-auditlog names this column in plain English, out of the translation's reach.
    @admin.display(description=_("Correlation ID"))
    def cid_url(self, obj):
        return super().cid_url(obj)

    def get_queryset(self, request):
        # The reader names the related records they may see (history.readable); django-auditlog's
        # own columns read the request from here too.
        self.request = request
        return in_scope(super().get_queryset(request), request.user, id_field="object_pk")

    def _changes(self, obj) -> list[history.Change]:
        return history.readable([obj], self.request.user)[0].changes

    @admin.display(description=_("Changes"))
    def msg_short(self, obj):
        return "، ".join(change.label for change in self._changes(obj))

    @admin.display(description=_("Changes"))
    def msg(self, obj):
        rows = [
            (change.label, change.operation, "، ".join(change.objects))
            if change.operation
            else (change.label, change.old, change.new)
            for change in self._changes(obj)
        ]
        # Old to new in the page's reading direction.
        arrow = "←" if get_language_bidi() else "→"
        line = "<li><strong>{}</strong>: <bdi>{}</bdi> " + arrow + " <bdi>{}</bdi></li>"
        items = format_html_join("", line, rows)
        return format_html("<ul>{}</ul>", items)

    @admin.display(description=_("Staff member"))
    def user_url(self, obj):
        return super().user_url(obj) if obj.actor else gettext("System")
