"""Forms of the committee pages. They clean input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mustafid.accounts.models import User
from mustafid.core.forms import BootstrapMixin, CalendarDateField
from mustafid.requests.models import Decision

from .models import Vote


class MeetingForm(BootstrapMixin, forms.Form):
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=None)
    held_on = CalendarDateField(label=_("Meeting date"), help_text=_("In Hijri or Gregorian."))
    location = forms.CharField(label=_("Place"), max_length=200, required=False)

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        if len(committees) == 1:
            self.fields["committee"].initial = committees[0].pk


class RequestChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        # The beneficiary's name only: no sensitive value is shown in a choice list.
        return f"{obj.reference} — {obj.beneficiary.full_name} — {obj.version.service.name}"


class MemberChoiceField(forms.ModelMultipleChoiceField):
    roles: dict[int, str] = {}

    def label_from_instance(self, obj) -> str:
        role = self.roles.get(obj.pk)
        return f"{obj} — {role}" if role else str(obj)


class AgendaForm(forms.Form):
    requests = RequestChoiceField(
        label=_("Requests waiting for the committee"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, waiting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requests"].queryset = waiting


class AttendanceForm(forms.Form):
    present = MemberChoiceField(
        label=_("Members present"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        seats = list(meeting.committee.memberships.select_related("user").order_by("role", "user__full_name"))
        field = self.fields["present"]
        field.queryset = User.objects.filter(pk__in=[s.user_id for s in seats]).order_by("full_name")
        field.roles = {s.user_id: s.get_role_display() for s in seats}


class DeclarationForm(BootstrapMixin, forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest in this request?"),
        choices=[("no", _("No conflict of interest")), ("yes", _("I have a conflict of interest"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Nature of the conflict"), max_length=300, required=False)


class VoteForm(forms.Form):
    choice = forms.ChoiceField(label=_("Your vote"), choices=Vote.Choice.choices, widget=forms.RadioSelect)


class DecisionForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    approved_amount = forms.DecimalField(
        label=_("Approved amount (SAR)"), max_digits=12, decimal_places=2, min_value=0, required=False
    )
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
