"""The administrator's read-only view of requests: they are worked in the application, never here.

Requests, attestations and pauses are evidence (HD-4, HD-6): the admin may
list and read them, never add, change or delete them. Files have no public
URL, so the admin shows none of them.
"""

from django.contrib import admin

from mustafid.core.admin_scope import ScopedAdminMixin, ScopedChoicesMixin

from .models import Attestation, Pause, ServiceRequest, StudyNote


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PauseInline(ReadOnly, admin.TabularInline):
    model = Pause
    readonly_fields = ("started_on", "ended_on", "working_days", "reason", "created_by")
    fields = readonly_fields
    extra = 0


class StudyNoteInline(ReadOnly, admin.TabularInline):
    model = StudyNote
    readonly_fields = ("kind", "visited_on", "text", "author", "created_at")
    fields = readonly_fields
    extra = 0


@admin.register(ServiceRequest)
class ServiceRequestAdmin(ScopedAdminMixin, ReadOnly, admin.ModelAdmin):
    list_display = ["__str__", "beneficiary", "version", "status", "completed_on", "due_on", "replied_on_time"]
    list_filter = ["status", "received_via", "replied_on_time"]
    search_fields = ["reference", "letter_reference", "beneficiary__file_number"]
    list_select_related = ["beneficiary", "version__service"]
    date_hierarchy = "created_at"
    readonly_fields = (
        "reference",
        "beneficiary",
        "version",
        "received_via",
        "status",
        "completed_on",
        "due_on",
        "paused_working_days",
        "case_worker",
        "recommendation",
        "recommendation_note",
        "decision",
        "decision_reasons",
        "approved_amount",
        "decided_on",
        "letter_reference",
        "replied_on",
        "replied_on_time",
        "escalated_at",
        "created_by",
        "created_at",
    )
    fields = readonly_fields
    inlines = [PauseInline, StudyNoteInline]


@admin.register(Attestation)
class AttestationAdmin(ScopedChoicesMixin, ReadOnly, admin.ModelAdmin):
    list_display = ["request", "signer_name", "method", "signed_at"]
    list_select_related = ["request"]
    search_fields = ["request__reference", "signer_name"]
    readonly_fields = ("request", "text", "signer_name", "method", "signed_at", "sha256", "witnessed_by")
    fields = readonly_fields

    def get_queryset(self, request):
        # An attestation is seen where its request is: its signer and text are the beneficiary's.
        visible = ServiceRequest.objects.visible_to(request.user).values("pk")
        return super().get_queryset(request).filter(request__in=visible)
