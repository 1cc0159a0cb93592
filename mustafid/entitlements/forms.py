"""Forms of the aid pages. They clean input; the rules are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mustafid.core.forms import CalendarDateField

from .models import Entitlement, Instalment
from .services import MAX_EVERY_MONTHS, MAX_INSTALMENTS


class EntitlementForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("How is the aid given?"), choices=Entitlement.Kind.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("What is due"),
        max_length=300,
        help_text=_("For example: monthly food basket, rent support, school bag."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    total_amount = forms.DecimalField(
        label=_("Total amount (SAR)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "decimal", "step": "0.01"}),
    )
    instalments = forms.IntegerField(
        label=_("Number of instalments"),
        min_value=1,
        max_value=MAX_INSTALMENTS,
        initial=1,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )
    first_due_on = CalendarDateField(label=_("First instalment due on"))
    every_months = forms.IntegerField(
        label=_("Months between instalments"),
        min_value=1,
        max_value=MAX_EVERY_MONTHS,
        initial=1,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == Entitlement.Kind.ONE_OFF:
            data["instalments"] = 1
        return data


class DeliverForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How"),
        choices=[("", "—"), *Instalment.Method.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    receipt_number = forms.CharField(
        label=_("Receipt number"),
        max_length=50,
        widget=forms.TextInput(attrs={"class": "form-control", "dir": "ltr"}),
    )
    receipt_file = forms.FileField(
        label=_("Signed receipt (scan)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": "application/pdf,image/*"}),
    )
