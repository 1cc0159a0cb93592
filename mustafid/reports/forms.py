from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from mustafid.accounts.models import Branch


def quarter_start(today: date) -> date:
    return date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)


class PeriodForm(forms.Form):
    """The period and the branch the dashboard reads; this quarter to date, every branch, by default."""

    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}))
    branch: forms.ModelChoiceField[Branch] = forms.ModelChoiceField(
        label=_("Branch"),
        queryset=None,
        required=False,
        empty_label=_("All branches"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, data, *, branches, today: date):
        # Always bound: an empty field falls back to this quarter to date.
        defaults = {"start": quarter_start(today).isoformat(), "end": today.isoformat()}
        super().__init__({**defaults, **{k: v for k, v in data.items() if v}})
        self.fields["branch"].queryset = branches  # type: ignore[attr-defined]
        self.today = today

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end of the period comes before its start."))
        return cleaned
