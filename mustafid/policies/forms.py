from __future__ import annotations

from django import forms
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from mustafid.accounts.roles import role_label

from .models import Policy


class RoleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Group) -> str:
        return role_label(obj.name)


class PolicyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, widget=forms.TextInput(attrs={"class": "form-control"}))
    title_en = forms.CharField(
        label=_("Title in English"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "dir": "ltr"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Policy.Kind.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    required_of_all = forms.BooleanField(
        label=_("Every staff member signs it"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    required_roles = RoleChoiceField(
        label=_("Roles that sign it"),
        queryset=Group.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if Policy.objects.filter(title=title).exists():
            raise forms.ValidationError(_("A policy with this title exists already."))
        return title


class VersionForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the policy"), widget=forms.Textarea(attrs={"class": "form-control", "rows": 14})
    )
    changes = forms.CharField(
        label=_("What changed"),
        required=False,
        help_text=_("Required from the second version on: staff read it before they sign again."),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )


class SignForm(forms.Form):
    confirmed = forms.BooleanField(
        label=_("I have read this policy and I abide by it"),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    typed_name = forms.CharField(
        label=_("Your full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "name"}),
    )
    #: optional: the typed and confirmed name is a signature by itself (RS-1 "name typed and confirmed, or drawn").
    signature = forms.CharField(required=False, widget=forms.HiddenInput(attrs={"data-signature-input": ""}))

    def signing(self) -> dict:
        data = self.cleaned_data
        return {"typed_name": data["typed_name"], "confirmed": data["confirmed"], "drawn": data.get("signature", "")}
