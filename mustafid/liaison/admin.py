"""The administrator assigns the liaison officers (IN-1), scoped like the other configuration.

An administrator scoped to some categories and domains lists, opens and
picks only those (``ScopedAdminMixin``). The officer and the fallback are
chosen among active staff holding the liaison-officer role, and must see
the category or domain they answer for: an inquiry routed to someone who
may not open it would sit unread.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mustafid.accounts.models import User
from mustafid.accounts.roles import Role
from mustafid.core.admin_scope import ScopedAdminMixin, ScopedChoicesMixin

from .models import LiaisonAssignment, OfficerProfile


def liaison_officers():
    return User.objects.filter(is_active=True, groups__name=Role.LIAISON_OFFICER).distinct()


def _sees(user: User, assignment_subject, dimension: str) -> bool:
    return user.has_global_scope or assignment_subject.pk in user.scope_ids(dimension)


class LiaisonAssignmentForm(forms.ModelForm):
    class Meta:
        model = LiaisonAssignment
        fields = ["category", "domain", "officer", "fallback"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = liaison_officers()
        self.fields["fallback"].queryset = liaison_officers()

    def clean(self):
        data = super().clean()
        category, domain = data.get("category"), data.get("domain")
        if bool(category) == bool(domain):
            raise ValidationError(_("Choose either a beneficiary category or a society domain, not both."))
        officer, fallback = data.get("officer"), data.get("fallback")
        if officer and fallback and officer == fallback:
            self.add_error("fallback", _("The fallback must be someone other than the officer."))
        subject, dimension = (category, "category") if category else (domain, "domain")
        for field in ("officer", "fallback"):
            person = data.get(field)
            if person and not _sees(person, subject, dimension):
                message = _("This staff member's scope does not include %(subject)s.") % {"subject": subject}
                self.add_error(field, message)
        return data


@admin.register(LiaisonAssignment)
class LiaisonAssignmentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = LiaisonAssignmentForm
    list_display = ["__str__", "category", "domain", "officer", "fallback"]
    list_select_related = ["category", "domain", "officer", "fallback"]
    search_fields = ["category__name", "domain__name", "officer__full_name", "fallback__full_name"]


class OfficerProfileForm(forms.ModelForm):
    class Meta:
        model = OfficerProfile
        fields = ["user", "name_en", "work_phone", "work_email", "absent_from", "absent_until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Narrows what the admin offers (the scoped administrator's officers), never widens it.
        field = self.fields["user"]
        field.queryset = liaison_officers().filter(pk__in=field.queryset.values("pk"))

    def clean(self):
        data = super().clean()
        start, end = data.get("absent_from"), data.get("absent_until")
        if start and not end:
            self.add_error("absent_until", _("Give the last day of the absence."))
        elif start and end and end < start:
            self.add_error("absent_until", _("The absence cannot end before it starts."))
        return data


def _officers_in_scope(user: User) -> list[int]:
    """The officers and fallbacks of the assignments ``user`` sees."""
    assigned = LiaisonAssignment.objects.visible_to(user)
    return [*assigned.values_list("officer", flat=True), *assigned.values_list("fallback", flat=True)]


@admin.register(OfficerProfile)
class OfficerProfileAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    """A scoped administrator manages the officers who serve something in their scope, and only them."""

    form = OfficerProfileForm
    list_display = ["user", "work_phone", "work_email", "absent_from", "absent_until"]
    list_select_related = ["user"]
    search_fields = ["user__full_name", "user__email"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.has_global_scope else qs.filter(user__in=_officers_in_scope(request.user))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if not request.user.has_global_scope:
            # The queryset also validates what is posted: an officer out of scope typed in by hand is refused.
            field = form.base_fields["user"]
            field.queryset = field.queryset.filter(pk__in=_officers_in_scope(request.user))
        return form
