"""Forms of the beneficiary file. They clean and normalise input; services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mustafid.accounts.models import Branch, Category, Domain
from mustafid.core.forms import BootstrapMixin, CalendarDateField
from mustafid.core.phones import normalize_phone
from mustafid.core.validators import clean_national_id, validate_national_id

from .models import (
    Beneficiary,
    BeneficiaryDocument,
    Consent,
    ConsentPurpose,
    CorrectionRequest,
    HouseholdMember,
    ProvidedItem,
)


class BeneficiaryForm(BootstrapMixin, forms.ModelForm):
    date_of_birth = CalendarDateField(
        label=_("date of birth"),
        required=False,
        help_text=_("In Hijri or Gregorian, as the beneficiary knows it."),
    )
    domains = forms.ModelMultipleChoiceField(
        label=_("society domains"), queryset=Domain.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    confirm_not_duplicate = forms.BooleanField(
        label=_("I checked the similar files: this is a different person"), required=False
    )

    class Meta:
        model = Beneficiary
        fields = [
            "full_name",
            "national_id",
            "phone",
            "email",
            "gender",
            "date_of_birth",
            "branch",
            "category",
            "domains",
            "city",
            "district",
            "address",
            "monthly_income",
            "health_notes",
            "preferred_channel",
        ]
        widgets = {
            "national_id": forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr", "autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "dir": "ltr", "placeholder": "05XXXXXXXX"}),
            "email": forms.EmailInput(attrs={"dir": "ltr"}),
            "address": forms.Textarea(attrs={"rows": 2}),
            "health_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the branches, categories and domains the staff member works in.
        self.fields["branch"].queryset = Branch.objects.visible_to(user).filter(is_active=True)
        self.fields["category"].queryset = Category.objects.visible_to(user).filter(is_active=True)
        self.fields["domains"].queryset = Domain.objects.visible_to(user).filter(is_active=True)
        if not user.has_perm("beneficiaries.view_sensitive"):
            for name in Beneficiary.SENSITIVE_FIELDS:
                self.fields.pop(name, None)
        if self.instance.pk:
            self.fields.pop("confirm_not_duplicate")
            # Phone shown the way staff dial it.
            phone = self.instance.phone or ""
            if phone.startswith("+966") and not self.is_bound:
                self.initial["phone"] = "0" + phone[4:]

    def clean_national_id(self) -> str:
        value = clean_national_id(self.cleaned_data["national_id"])
        validate_national_id(value)
        return value

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data["phone"])

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("domains", "confirm_not_duplicate")}
        if "health_notes" in data:
            data["health_notes"] = data["health_notes"] or ""
        return data


class HouseholdMemberForm(BootstrapMixin, forms.ModelForm):
    date_of_birth = CalendarDateField(label=_("date of birth"), required=False)

    class Meta:
        model = HouseholdMember
        fields = ["full_name", "relation", "gender", "date_of_birth", "national_id", "notes"]
        widgets = {"national_id": forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"})}

    def clean_national_id(self) -> str:
        value = clean_national_id(self.cleaned_data.get("national_id") or "")
        if value:
            validate_national_id(value)
        return value


class DocumentForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("document type"), choices=BeneficiaryDocument.Kind.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    file = forms.FileField(label=_("file"), help_text=_("PDF, PNG or JPEG, up to 10 MB."))


class ProvidedItemForm(BootstrapMixin, forms.ModelForm):
    upload = forms.FileField(label=_("file"), required=False, help_text=_("PDF, PNG or JPEG, up to 10 MB."))

    class Meta:
        model = ProvidedItem
        fields = ["kind", "title", "description", "received_on"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "received_on": forms.DateInput(attrs={"type": "date"}),
        }


class ConsentForm(BootstrapMixin, forms.ModelForm):
    upload = forms.FileField(label=_("evidence file"), required=False)

    class Meta:
        model = Consent
        fields = ["purpose", "granted_on", "evidence_kind", "evidence_note"]
        widgets = {"granted_on": forms.DateInput(attrs={"type": "date"})}


class UseForm(BootstrapMixin, forms.Form):
    purpose = forms.ChoiceField(label=_("purpose"), choices=ConsentPurpose.choices)
    note = forms.CharField(label=_("where and how"), max_length=300, required=False)


class WithdrawForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("withdrawal note"), max_length=300, required=False)


class CorrectionRequestForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = CorrectionRequest
        fields = ["received_on", "field_label", "requested_change"]
        widgets = {
            "received_on": forms.DateInput(attrs={"type": "date"}),
            "requested_change": forms.Textarea(attrs={"rows": 2}),
        }


class ResolveCorrectionForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("status"),
        choices=[
            (CorrectionRequest.Status.DONE, _("Corrected")),
            (CorrectionRequest.Status.REJECTED, _("Rejected with reasons")),
        ],
    )
    resolution = forms.CharField(label=_("how it was handled"), widget=forms.Textarea(attrs={"rows": 2}))
