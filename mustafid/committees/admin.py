"""Configuration of the committees by the administrator: members, roles and quorum."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from mustafid.core.admin_scope import ScopedAdminMixin, ScopedChoicesMixin

from .models import Committee, CommitteeMember


class CommitteeMemberFormSet(forms.BaseInlineFormSet):
    """One chair at most, and a quorum the voting members can reach."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [
            f.cleaned_data
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("user")
        ]
        chairs = [d for d in kept if d.get("role") == CommitteeMember.Role.CHAIR]
        if len(chairs) > 1:
            raise ValidationError(_("A committee has one chair."))
        voting = [d for d in kept if d.get("role") != CommitteeMember.Role.SECRETARY]
        if kept and len(voting) < self.instance.quorum:
            raise ValidationError(
                _("The quorum (%(quorum)s) is more than the members who vote (%(voting)s).")
                % {"quorum": self.instance.quorum, "voting": len(voting)}
            )


class CommitteeMemberInline(ScopedChoicesMixin, admin.TabularInline):
    model = CommitteeMember
    formset = CommitteeMemberFormSet
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Committee)
class CommitteeAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "branch", "kind", "quorum", "member_count", "is_active"]
    list_filter = [("branch", admin.RelatedOnlyFieldListFilter), "kind", "is_active"]
    search_fields = ["name"]
    inlines = [CommitteeMemberInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("memberships"))

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, obj) -> int:
        return obj.member_count

    def has_delete_permission(self, request, obj=None):
        # A committee with meetings is evidence (its minutes); deactivate it instead.
        return False
