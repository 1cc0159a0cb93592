from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mustafid.accounts.models import Category
from mustafid.core.forms import BootstrapMixin

from .models import Document


class DocumentForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    title_en = forms.CharField(
        label=_("Title in English"), max_length=200, required=False, widget=forms.TextInput(attrs={"dir": "ltr"})
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices)
    slug = forms.SlugField(
        label=_("Address on the portal"),
        max_length=60,
        help_text=_("Latin letters, digits and dashes, for example aid-policy."),
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    is_public = forms.BooleanField(
        label=_("Shown on the portal"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Beneficiary categories concerned"),
        queryset=Category.objects.order_by("name"),
        required=False,
        help_text=_("Told of each new version. None chosen: every active beneficiary."),
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if Document.objects.filter(title=title).exists():
            raise forms.ValidationError(_("A document with this title exists already."))
        return title


class VersionForm(BootstrapMixin, forms.Form):
    body = forms.CharField(
        label=_("Text of the document"),
        help_text=_("One paragraph a line: the portal compares versions paragraph by paragraph."),
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    changes = forms.CharField(
        label=_("Summary of changes"),
        required=False,
        help_text=_("Required from the second version on: the beneficiaries concerned are told of it."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    pdf = forms.FileField(
        label=_("PDF copy (optional)"), required=False, widget=forms.FileInput(attrs={"accept": ".pdf"})
    )
