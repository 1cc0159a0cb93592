from django.contrib import admin

from mustafid.core.admin_scope import ScopedAdminMixin

from .models import Beneficiary


@admin.register(Beneficiary)
class BeneficiaryAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Configuration view only: names and scope, never the sensitive values.

    Staff work with beneficiary files in the application, where access is
    scoped and logged; the admin lists files for the administrator's checks.
    """

    list_display = ["file_number", "full_name", "branch", "category", "is_archived", "created_at"]
    # Only the branches and categories of the files listed: a filter names nothing out of scope.
    list_filter = [
        ("branch", admin.RelatedOnlyFieldListFilter),
        ("category", admin.RelatedOnlyFieldListFilter),
        "is_archived",
    ]
    search_fields = ["file_number", "name_search"]
    fields = ["file_number", "full_name", "branch", "category", "domains", "assigned_volunteers", "is_archived"]
    readonly_fields = ["file_number", "full_name"]
    filter_horizontal = ["domains", "assigned_volunteers"]
    list_select_related = ["branch", "category"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
