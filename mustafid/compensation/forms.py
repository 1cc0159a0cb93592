"""The forms of a claim's steps; the services check them again (CP-1..CP-4)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mustafid.core.forms import CalendarDateField

from .models import Offer, PaymentMethod, SettlementSignature


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"class": "form-control", "rows": rows})


def _amount(label: Any, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=required,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "decimal", "step": "0.01"}),
    )


def _text(label: Any, max_length: int = 200) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, widget=forms.TextInput(attrs={"class": "form-control"}))


class OpenClaimForm(forms.Form):
    harm = forms.CharField(
        label=_("The harm the beneficiary alleges"),
        help_text=_("What happened, when, and what the society's part in it was, as the beneficiary states it."),
        max_length=10000,
        widget=_textarea(5),
    )
    claimed_amount = _amount(_("Amount claimed (SAR)"), required=False)


class EmptyForm(forms.Form):
    pass


class RulingForm(forms.Form):
    authority = _text(_("The authority (court or competent dispute authority)"))
    number = _text(_("Ruling number"), 60)
    ruling_date = CalendarDateField(label=_("Ruling date"), help_text=_("In Hijri or Gregorian."))
    document = forms.FileField(
        label=_("The ruling's document"),
        help_text=_("PDF, PNG, JPEG or TIFF."),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".pdf,.png,.jpg,.jpeg,.tif,.tiff"}),
    )


class OfferForm(forms.Form):
    party = forms.ChoiceField(
        label=_("Offer made by"), choices=Offer.Party.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    amount = _amount(_("Amount (SAR)"))
    terms = forms.CharField(label=_("Terms of the offer"), max_length=5000, required=False, widget=_textarea())
    made_on = CalendarDateField(label=_("Offer date"), required=False)


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            (Offer.Answer.ACCEPTED, Offer.Answer.ACCEPTED.label),
            (Offer.Answer.REJECTED, Offer.Answer.REJECTED.label),
        ],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    note = forms.CharField(label=_("Notes"), max_length=5000, required=False, widget=_textarea(2))


class SettleForm(forms.Form):
    terms = forms.CharField(label=_("Terms of the settlement"), max_length=10000, widget=_textarea(5))


class SignForm(forms.Form):
    party = forms.ChoiceField(
        label=_("Party"),
        choices=SettlementSignature.Party.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    signer_name = _text(_("Name of the person who signs"))
    method = forms.ChoiceField(
        label=_("How the party signs"),
        choices=SettlementSignature.Method.choices,
        initial=SettlementSignature.Method.SCREEN,
        widget=forms.RadioSelect(attrs={"class": "form-check-input", "data-signature-method": ""}),
    )
    signature = forms.CharField(required=False, widget=forms.HiddenInput(attrs={"data-signature-input": ""}))
    scan = forms.FileField(
        label=_("The signed paper, scanned"),
        required=False,
        help_text=_("PDF, PNG or JPEG."),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    def signing(self) -> dict[str, Any]:
        return self.signing_of(self.cleaned_data)

    @staticmethod
    def signing_of(data: dict[str, Any]) -> dict[str, Any]:
        """The service's signing arguments from the form's cleaned data (a complaint's settlement uses it too)."""
        base = {"party": data["party"], "signer_name": data["signer_name"]}
        if data.get("method") == SettlementSignature.Method.SCAN:
            return {**base, "drawn": "", "scan": data.get("scan")}
        return {**base, "drawn": data.get("signature", ""), "scan": None}


class PaymentForm(forms.Form):
    amount = _amount(_("Amount paid (SAR)"))
    paid_on = CalendarDateField(label=_("Payment date"))
    method = forms.ChoiceField(
        label=_("Payment method"), choices=PaymentMethod.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    reference = _text(_("Payment reference"), 60)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=5000, widget=_textarea())


class NoteForm(forms.Form):
    reason = forms.CharField(label=_("Notes"), max_length=5000, required=False, widget=_textarea(2))
