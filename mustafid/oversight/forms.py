"""Forms of supervisory visits and corrective actions (SM-3): their words; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mustafid.accounts.models import Branch, User
from mustafid.accounts.roles import roles_granting
from mustafid.core.forms import BootstrapMixin, CalendarDateField

from .models import ChecklistTemplate, Finding, Visit, VisitAnswer, VisitStatus
from .workflow import RECORD


def _staff_of(branch: Branch) -> Any:
    """Active staff who work in ``branch``: those scoped to it and those scoped to every branch."""
    return (
        User.objects.filter(is_active=True)
        .filter(Q(scope_all=True) | Q(branches=branch))
        .distinct()
        .order_by("full_name")
    )


class ChecklistForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    items = forms.CharField(
        label=_("Checklist items"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One item a line, in the order they are checked."),
    )

    def clean_items(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]


class VisitForm(BootstrapMixin, forms.Form):
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=Branch.objects.none())
    place = forms.CharField(label=_("Office or place"), max_length=200, required=False)
    visit_on = CalendarDateField(label=_("Date of the visit"), help_text=_("In Hijri or Gregorian."))
    template = forms.ModelChoiceField(label=_("Checklist"), queryset=ChecklistTemplate.objects.filter(is_active=True))
    visitors = forms.ModelMultipleChoiceField(label=_("Visitors"), queryset=User.objects.none())

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = Branch.objects.visible_to(user).order_by("name")  # type: ignore[attr-defined]
        self.fields["visitors"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(is_active=True, groups__name__in=roles_granting(RECORD))
            .distinct()
            .order_by("full_name")
        )
        self.fields["visitors"].initial = [user.pk]


class AnswersForm(BootstrapMixin, forms.Form):
    """One answer and note per checklist item of the visit, in the order of the checklist."""

    def __init__(self, *args, visit: Visit, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(visit.answers.all())
        choices = [c for c in VisitAnswer.Result.choices if c[0]]
        for row in self.rows:
            self.fields[f"result_{row.pk}"] = forms.ChoiceField(
                label=f"{row.order}. {row.item_text}",
                choices=choices,
                widget=forms.RadioSelect,
                required=False,
                initial=row.result,
            )
            self.fields[f"note_{row.pk}"] = forms.CharField(
                label=_("Note"), required=False, initial=row.note, widget=forms.Textarea(attrs={"rows": 1})
            )

    def items(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"result_{r.pk}"], self[f"note_{r.pk}"]) for r in self.rows]

    def answers(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {r.pk: (data.get(f"result_{r.pk}") or "", data.get(f"note_{r.pk}") or "") for r in self.rows}


class FindingForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 3}))
    severity = forms.ChoiceField(label=_("Severity"), choices=Finding.Severity.choices, initial=Finding.Severity.MEDIUM)
    answer = forms.ModelChoiceField(label=_("Checklist item"), queryset=VisitAnswer.objects.none(), required=False)

    def __init__(self, *args, visit: Visit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].queryset = visit.answers.all()  # type: ignore[attr-defined]


class ActionForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Corrective action"), widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none())
    due_on = CalendarDateField(label=_("Due on"), help_text=_("In Hijri or Gregorian."))

    def __init__(self, *args, finding: Finding, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _staff_of(finding.visit.branch)  # type: ignore[attr-defined]


class NoteForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FilterForm(BootstrapMixin, forms.Form):
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=Branch.objects.none(), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *VisitStatus.choices], required=False)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = Branch.objects.visible_to(user).order_by("name")  # type: ignore[attr-defined]
