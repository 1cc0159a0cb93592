"""The portal's small forms: big fields, numeric keyboards on phones."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mustafid.core.arabic import normalize_digits
from mustafid.core.validators import clean_national_id, validate_national_id

_BIG = "form-control form-control-lg"
_REFERENCE = re.compile(r"^[A-Z]{2,10}-\d{4}-\d{1,10}$")


class NationalIdField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("National ID or Iqama number"))
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "class": _BIG,
                    "inputmode": "numeric",
                    "autocomplete": "off",
                    "dir": "ltr",
                    "maxlength": "14",
                    "placeholder": "1xxxxxxxxx",
                }
            ),
        )
        super().__init__(max_length=20, validators=[validate_national_id], **kwargs)

    def clean(self, value):
        return clean_national_id(super().clean(value))


class IdentifyForm(forms.Form):
    national_id = NationalIdField()


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("The code from the text message"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "class": f"{_BIG} text-center fs-3",
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "dir": "ltr",
                "maxlength": "6",
            }
        ),
    )

    def clean_code(self) -> str:
        code = normalize_digits(self.cleaned_data["code"]).replace(" ", "").strip()
        if not (code.isdigit() and len(code) == 6):
            raise ValidationError(_("The code is six digits."), code="code_format")
        return code


class TrackForm(forms.Form):
    reference = forms.CharField(
        label=_("Request reference number"),
        max_length=30,
        help_text=_("It is on your receipt, for example REQ-2026-000123."),
        widget=forms.TextInput(attrs={"class": _BIG, "dir": "ltr", "autocomplete": "off", "placeholder": "REQ-"}),
    )
    national_id = NationalIdField()

    def clean_reference(self) -> str:
        reference = normalize_digits(self.cleaned_data["reference"]).strip().upper().replace(" ", "")
        if not _REFERENCE.match(reference):
            raise ValidationError(_("Write the reference as it is on the receipt."), code="reference_format")
        return reference
