"""Forms of the committee pages. They clean input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mustafid.accounts.models import User
from mustafid.core.forms import BootstrapMixin, CalendarDateField

from .cases import CaseType, case_type_of
from .models import Committee


class MeetingForm(BootstrapMixin, forms.Form):
    committee: forms.ModelChoiceField[Committee] = forms.ModelChoiceField(label=_("Committee"), queryset=None)
    held_on = CalendarDateField(label=_("Meeting date"), help_text=_("In Hijri or Gregorian."))
    location = forms.CharField(label=_("Place"), max_length=200, required=False)

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        if len(committees) == 1:
            self.fields["committee"].initial = committees[0].pk


class MemberChoiceField(forms.ModelMultipleChoiceField):
    roles: dict[int, str] = {}

    def label_from_instance(self, obj) -> str:
        role = self.roles.get(obj.pk)
        return f"{obj} — {role}" if role else str(obj)


def case_key(case) -> str:
    return f"{case._meta.label_lower}:{case.pk}"


class AgendaForm(forms.Form):
    """The cases waiting for the committee, of whatever kind, each shown by its card."""

    cases = forms.MultipleChoiceField(
        label=_("Cases waiting for the committee"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, waiting, **kwargs):
        super().__init__(*args, **kwargs)
        self._waiting = {case_key(case): case for case in waiting}
        choices = []
        for key, case in self._waiting.items():
            # The name only: no sensitive value is shown in a choice list.
            card = case_type_of(case).card(case, None)
            choices.append((key, f"{card.reference} — {card.subject} — {card.title}"))
        self.fields["cases"].choices = choices

    def clean_cases(self) -> list:
        return [self._waiting[key] for key in self.cleaned_data["cases"]]


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
    choice = forms.ChoiceField(label=_("Your vote"), widget=forms.RadioSelect)

    def __init__(self, *args, case_type: CaseType, **kwargs):
        super().__init__(*args, **kwargs)
        choice = self.fields["choice"]
        assert isinstance(choice, forms.ChoiceField)  # declared above; ``fields`` is typed as any Field
        choice.choices = [(v, case_type.choice_label(v)) for v, _label in case_type.decision_choices]


class DecisionForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(label=_("Decision"))
    approved_amount = forms.DecimalField(
        label=_("Approved amount (SAR)"), max_digits=12, decimal_places=2, min_value=0, required=False
    )
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, case_type: CaseType, **kwargs):
        super().__init__(*args, **kwargs)
        decision = self.fields["decision"]
        assert isinstance(decision, forms.ChoiceField)  # declared above; ``fields`` is typed as any Field
        decision.choices = list(case_type.decision_choices)
        if not case_type.decisions_with_amount:
            del self.fields["approved_amount"]
        else:
            self.fields["approved_amount"].label = str(case_type.amount_label)  # in the request's language


class SendBackForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("What the committee needs studied further"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
