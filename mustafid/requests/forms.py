"""The request form, built from the service version's fields, criteria and documents (TL-5).

Reception and the portal use the same form. Every field is optional at the
form level: a draft may be saved half-filled; completeness is the service's
rule (``services.missing_items``), so the person sees exactly what is missing.
"""

from __future__ import annotations

import contextlib
from datetime import date
from decimal import Decimal
from typing import Any, TypedDict, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from mustafid.accounts.models import Branch, User
from mustafid.core.forms import CalendarDateField
from mustafid.services.models import FormField, Service, ServiceVersion

from .models import Attestation, Decision, ReceivedVia, ServiceRequest, StudyNote

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
RADIO = forms.RadioSelect(attrs={"class": "form-check-input"})


def stored_date(value: Any) -> Any:
    """A date answer is kept as ISO text; widgets and pages want the date itself."""
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return date.fromisoformat(value)
    return value


class _CommonArgs(TypedDict):
    """What every answer field is built with, whatever its kind."""

    label: str
    required: bool
    help_text: str


def _field_for(field: FormField) -> forms.Field:
    common: _CommonArgs = {"label": field.label, "required": False, "help_text": field.help_text}
    if field.kind == FormField.Kind.NUMBER:
        return forms.DecimalField(
            **common,
            max_digits=14,
            decimal_places=2,
            widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "decimal"}),
        )
    if field.kind == FormField.Kind.DATE:
        return CalendarDateField(**common)
    if field.kind == FormField.Kind.CHOICE:
        choices = [("", "—")] + [(c, c) for c in field.choice_list]
        return forms.ChoiceField(**common, choices=choices, widget=forms.Select(attrs={"class": "form-select"}))
    if field.kind == FormField.Kind.FILE:
        return forms.FileField(**common, widget=forms.ClearableFileInput(attrs={"class": "form-control"}))
    return forms.CharField(**common, max_length=2000, widget=forms.TextInput(attrs={"class": "form-control"}))


class RequestAnswersForm(forms.Form):
    """Fields ``f_<key>``, criteria ``c_<id>``, documents ``d_<id>``."""

    def __init__(self, *args, version: ServiceVersion, request: ServiceRequest | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.form_fields = list(version.fields.all())
        self.criteria = list(version.criteria.all())
        self.documents = list(version.documents.all())
        for field in self.form_fields:
            self.fields[f"f_{field.key}"] = _field_for(field)
        for criterion in self.criteria:
            self.fields[f"c_{criterion.pk}"] = forms.ChoiceField(
                label=criterion.text, choices=YES_NO, required=False, widget=RADIO
            )
        for document in self.documents:
            self.fields[f"d_{document.pk}"] = forms.FileField(
                label=document.name,
                required=False,
                help_text=document.description,
                widget=forms.ClearableFileInput(attrs={"class": "form-control"}),
            )
        if request is not None and not self.is_bound:
            kinds = {f.key: f.kind for f in self.form_fields}
            for key, value in request.answers.items():
                if kinds.get(key) == FormField.Kind.DATE:
                    value = stored_date(value)  # the calendar widget shows a date object
                self.initial[f"f_{key}"] = value
            for criterion_id, answer in request.criteria_answers.items():
                self.initial[f"c_{criterion_id}"] = "yes" if answer else "no"

    @property
    def field_boundfields(self):
        return [self[f"f_{f.key}"] for f in self.form_fields]

    @property
    def criterion_boundfields(self):
        return [self[f"c_{c.pk}"] for c in self.criteria]

    @property
    def document_boundfields(self):
        return [(d, self[f"d_{d.pk}"]) for d in self.documents]

    def answers(self) -> dict[str, Any]:
        """Answers that were given, as JSON values (files excluded)."""
        result: dict[str, Any] = {}
        for field in self.form_fields:
            if field.kind == FormField.Kind.FILE:
                continue
            value = self.cleaned_data.get(f"f_{field.key}")
            if value in (None, ""):
                continue
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, Decimal):
                # As typed: ``normalize()`` wrote 9000 as ``9E+3`` (issue 10.2).
                value = str(value)
            result[field.key] = value
        return result

    def criteria_answers(self) -> dict[str, bool]:
        return {
            str(c.pk): self.cleaned_data[f"c_{c.pk}"] == "yes"
            for c in self.criteria
            if self.cleaned_data.get(f"c_{c.pk}") in ("yes", "no")
        }

    def uploads(self) -> list[dict[str, Any]]:
        """Files to attach: ``{"upload", "field_key"}`` or ``{"upload", "required_document"}``."""
        files = []
        for field in self.form_fields:
            if field.kind == FormField.Kind.FILE and self.cleaned_data.get(f"f_{field.key}"):
                files.append(
                    {"upload": self.cleaned_data[f"f_{field.key}"], "field_key": field.key, "title": field.label}
                )
        for document in self.documents:
            if self.cleaned_data.get(f"d_{document.pk}"):
                files.append({"upload": self.cleaned_data[f"d_{document.pk}"], "required_document": document})
        return files


def upload_field_name(item: dict[str, Any]) -> str:
    """The form field an item of ``RequestAnswersForm.uploads()`` came from (to show its error there)."""
    if item.get("field_key"):
        return f"f_{item['field_key']}"
    return f"d_{item['required_document'].pk}"


# --- the staff pages' small forms ---------------------------------------------

# Staff record requests that came by these; the portal files its own.
DESK_CHANNELS = [(value, label) for value, label in ReceivedVia.choices if value != ReceivedVia.PORTAL]


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.service.name


class NewRequestForm(forms.Form):
    """HD-2: the service asked for, and the channel the request came through."""

    version = ServiceChoiceField(
        label=_("Service"), queryset=ServiceVersion.objects.none(), widget=RADIO, empty_label=None
    )
    received_via = forms.ChoiceField(
        label=_("Received through"), choices=DESK_CHANNELS, initial=ReceivedVia.INTERVIEW, widget=RADIO
    )

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = versions


class AttestationForm(forms.Form):
    """HD-4: the signer's name and a signature drawn on screen (PNG data URL) or a signed scan."""

    signer_name = forms.CharField(
        label=_("Name of the person who signs"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )
    method = forms.ChoiceField(
        label=_("How the beneficiary signs"),
        choices=Attestation.Method.choices,
        initial=Attestation.Method.SCREEN,
        required=False,
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
        """The arguments of ``services.sign_attestation`` (besides who and which request)."""
        data = self.cleaned_data
        if data.get("method") == Attestation.Method.SCAN:
            return {"signer_name": data.get("signer_name", ""), "drawn": "", "scan": data.get("scan")}
        return {"signer_name": data.get("signer_name", ""), "drawn": data.get("signature", ""), "scan": None}

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not (data.get("signer_name") or data.get("signature") or data.get("scan"))


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"class": "form-control", "rows": rows})


class AssignForm(forms.Form):
    case_worker: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Case worker"), queryset=None, widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_worker"].queryset = queryset


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("What the beneficiary must provide"), max_length=2000, widget=_textarea(), required=True
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("How the beneficiary asked to withdraw"),
        help_text=_("For example: by phone on this date, or by a signed letter."),
        max_length=2000,
        widget=_textarea(),
        required=True,
    )


class StudyNoteForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=StudyNote.Kind.choices,
        initial=StudyNote.Kind.RESEARCH,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    text = forms.CharField(label=_("Notes"), max_length=10000, widget=_textarea(4))
    visited_on = CalendarDateField(label=_("Visit date"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("kind") == StudyNote.Kind.FIELD_VISIT and not data.get("visited_on"):
            self.add_error("visited_on", _("Give the date of the field visit."))
        if data.get("kind") != StudyNote.Kind.FIELD_VISIT:
            data["visited_on"] = None
        return data


class RecommendForm(forms.Form):
    recommendation = forms.ChoiceField(label=_("Recommendation"), choices=Decision.choices, widget=RADIO)
    note = forms.CharField(label=_("Reasons for the recommendation"), max_length=10000, widget=_textarea(4))


class WorklistFilterForm(forms.Form):
    """The worklist's filters (GET): every choice is one the reader may see (issue 10.1).

    A value out of the choices (a branch out of scope, a typed id) is a
    translated error on its field and the list stays unfiltered, never a 500.
    """

    stage = forms.ChoiceField(required=False, widget=forms.HiddenInput)
    service = forms.ModelChoiceField(label=_("Service"), queryset=Service.objects.none(), required=False)
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=Branch.objects.none(), required=False)
    received_via = forms.ChoiceField(
        label=_("Received through"), choices=[("", "---------"), *ReceivedVia.choices], required=False
    )
    case_worker = forms.ModelChoiceField(label=_("Case worker"), queryset=User.objects.none(), required=False)
    due = forms.ChoiceField(
        label=_("Reply due"),
        choices=[("", _("Any")), ("overdue", _("Overdue")), ("soon", _("Due soon"))],
        required=False,
    )
    sort = forms.ChoiceField(
        label=_("Sort"),
        choices=[("due", _("Due date, soonest first")), ("-due", _("Due date, latest first"))],
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        stages: list[tuple[str, str]],
        services: Any,
        branches: Any,
        case_workers: Any,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["stage"]).choices = [("", ""), *stages]
        cast(forms.ModelChoiceField, self.fields["service"]).queryset = services
        cast(forms.ModelChoiceField, self.fields["branch"]).queryset = branches
        cast(forms.ModelChoiceField, self.fields["case_worker"]).queryset = case_workers
        for name, field in self.fields.items():
            if name != "stage":
                field.widget.attrs.setdefault("class", "form-select")

    def cleaned(self, name: str) -> Any:
        """The field's clean value, or its empty value when it was refused."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name) if name not in self.errors else None
