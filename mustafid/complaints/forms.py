"""The complaint forms: the public one (no account, phone-sized), and staff registration."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from mustafid.accounts.models import Branch, User
from mustafid.core.files import DOCUMENT_KINDS, check_upload
from mustafid.core.forms import CalendarDateField
from mustafid.core.phones import normalize_phone
from mustafid.core.validators import clean_national_id, validate_national_id
from mustafid.services.selectors import published_services
from mustafid.services.templatetags.catalogue import local_name

from .models import ComplaintCategory, ContactChannel, FollowUp, ReceivedVia, SubjectKind
from .selectors import staff_members

_BIG = "form-control form-control-lg"
MAX_ATTACHMENTS = 3
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
MAX_TEXT = 4000
#: The honeypot's name: a field people never see; a robot filling every field fills it.
HONEYPOT = "website"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to ``MAX_ATTACHMENTS`` files, each checked by its content (type) and its size."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(_("Attach at most three files."), code="too_many")
        for upload in files:
            super().clean(upload, initial)
            check_upload(upload, allowed=DOCUMENT_KINDS, max_bytes=MAX_ATTACHMENT_BYTES)
        return files


class ServiceChoiceField(forms.ModelChoiceField):
    """The catalogue's services, each named in the page's language."""

    def label_from_instance(self, obj) -> str:
        return local_name(obj)


class PublicComplaintForm(forms.Form):
    complainant_name = forms.CharField(
        label=_("Your name"), max_length=200, widget=forms.TextInput(attrs={"class": _BIG, "autocomplete": "name"})
    )
    contact_channel = forms.ChoiceField(
        label=_("Answer me by"), choices=ContactChannel.choices, initial=ContactChannel.SMS, widget=forms.RadioSelect
    )
    contact_address = forms.CharField(
        label=_("Mobile number or email"),
        max_length=254,
        widget=forms.TextInput(attrs={"class": _BIG, "dir": "ltr", "autocomplete": "tel"}),
    )
    national_id = forms.CharField(
        label=_("National ID or Iqama number (optional)"),
        required=False,
        max_length=20,
        validators=[validate_national_id],
        help_text=_("If you are a beneficiary of the society, it links the complaint to your file."),
        widget=forms.TextInput(attrs={"class": _BIG, "inputmode": "numeric", "dir": "ltr", "autocomplete": "off"}),
    )
    category = forms.ModelChoiceField(
        label=_("Kind of complaint"),
        queryset=ComplaintCategory.objects.filter(is_active=True),
        widget=forms.Select(attrs={"class": "form-select form-select-lg"}),
    )
    subject_kind = forms.ChoiceField(
        label=_("The complaint is about"),
        choices=SubjectKind.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-lg"}),
    )
    # The fields of the subjects: each is asked for only when its subject is chosen (``SUBJECT_FIELDS``).
    # Without JavaScript they are all shown, each saying when it is needed.
    request_reference = forms.CharField(
        label=_("Request number (for an objection to a decision)"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"class": _BIG, "dir": "ltr", "placeholder": "REQ-2027-000001"}),
    )
    service = ServiceChoiceField(
        label=_("Service concerned"),
        queryset=published_services(),
        required=False,
        help_text=_("When the complaint is about a service."),
        widget=forms.Select(attrs={"class": "form-select form-select-lg"}),
    )
    # The public form never lists the society's staff: the complainant writes whom they mean.
    staff_name = forms.CharField(
        label=_("The staff member's name, or what identifies them"),
        required=False,
        max_length=200,
        help_text=_("When the complaint is about a staff member."),
        widget=forms.TextInput(attrs={"class": _BIG, "autocomplete": "off"}),
    )
    branch = forms.ModelChoiceField(
        label=_("Branch concerned (optional)"),
        queryset=Branch.objects.all(),
        required=False,
        help_text=_("Needed when the complaint is about a branch."),
        widget=forms.Select(attrs={"class": "form-select form-select-lg"}),
    )
    text = forms.CharField(
        label=_("Your complaint"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 6, "maxlength": str(MAX_TEXT)}),
    )
    attachments = AttachmentsField(
        label=_("Attachments (optional)"),
        required=False,
        help_text=_("Up to 3 files: PDF, PNG, JPEG or TIFF, 5 MB each."),
    )
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_national_id(self) -> str:
        value = self.cleaned_data.get("national_id") or ""
        return clean_national_id(value) if value else ""

    def clean_request_reference(self) -> str:
        return (self.cleaned_data.get("request_reference") or "").strip().upper()

    #: For each subject, the fields that name it (any one is enough; an error goes on the first)
    #: and what is said when none is filled.
    SUBJECT_FIELDS: dict[str, tuple[tuple[str, ...], Any]] = {
        SubjectKind.REQUEST: (
            ("request_reference",),
            _("Write the number of the request whose decision you object to."),
        ),
        SubjectKind.SERVICE: (("service",), _("Choose the service the complaint is about.")),
        SubjectKind.STAFF: (("staff_name",), _("Write the staff member's name, or what identifies them.")),
        SubjectKind.BRANCH: (("branch",), _("Choose the branch the complaint is about.")),
    }
    #: The branch is kept whatever the subject: it is also where the complaint is handled.
    KEPT_FOR_EVERY_SUBJECT = ("branch",)

    def _clean_subject(self, cleaned: dict[str, Any]) -> None:
        names, message = self.SUBJECT_FIELDS.get(cleaned.get("subject_kind") or "", ((), ""))
        # A field filled before the subject was changed is not kept.
        for other_names, _message in self.SUBJECT_FIELDS.values():
            for name in other_names:
                if name not in names and name not in self.KEPT_FOR_EVERY_SUBJECT and name in cleaned:
                    cleaned[name] = self.fields[name].to_python("")
        if names and not any(cleaned.get(name) for name in names) and not any(n in self.errors for n in names):
            self.add_error(names[0], message)

    def subject(self) -> dict[str, Any]:
        """What the complaint is about, as ``services.file_complaint`` takes it."""
        data = self.cleaned_data
        return {
            "subject_kind": data["subject_kind"],
            "subject_detail": data.get("request_reference") or data.get("staff_name") or "",
            "service": data.get("service"),
            "staff_member": data.get("staff_member"),
            "branch": data.get("branch"),
        }

    def clean(self):
        cleaned = super().clean()
        self._clean_subject(cleaned)
        channel, address = cleaned.get("contact_channel"), cleaned.get("contact_address")
        if channel and address:
            try:
                if channel == ContactChannel.SMS:
                    cleaned["contact_address"] = normalize_phone(address)
                else:
                    validate_email(address.strip())
                    cleaned["contact_address"] = address.strip()
            except ValidationError as error:
                self.add_error("contact_address", error)
        return cleaned

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get(HONEYPOT))


class TrackComplaintForm(forms.Form):
    reference = forms.CharField(
        label=_("Complaint number"),
        max_length=20,
        widget=forms.TextInput(attrs={"class": _BIG, "dir": "ltr", "placeholder": "CMP-2027-000001"}),
    )
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=20,
        widget=forms.TextInput(attrs={"class": _BIG, "dir": "ltr", "autocomplete": "off"}),
    )


class RegisterComplaintForm(PublicComplaintForm):
    """A complaint staff register as it reached the society: by fax, letter, phone, email or in person."""

    received_via = forms.ChoiceField(
        label=_("Received through"),
        choices=[(v, label) for v, label in ReceivedVia.choices if v != ReceivedVia.PORTAL],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    scan = forms.FileField(
        label=_("Scanned original"),
        required=False,
        help_text=_("Required for a fax: the scanned image as received."),
    )

    # Staff choose the staff member; the name as the complainant gave it stays for one they cannot match.
    staff_member = forms.ModelChoiceField(
        label=_("Staff member concerned"),
        queryset=staff_members(),
        required=False,
        help_text=_("When the complaint is about a staff member."),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    SUBJECT_FIELDS = {
        **PublicComplaintForm.SUBJECT_FIELDS,
        SubjectKind.STAFF: (
            ("staff_member", "staff_name"),
            _("Choose the staff member, or write the name the complainant gave."),
        ),
    }

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["website"]
        self.fields["branch"].queryset = branches
        self.fields["staff_name"].label = _("Or the name as the complainant gave it")
        self.fields["staff_name"].help_text = ""
        self.fields["complainant_name"].label = _("Complainant's name")
        self.fields["contact_channel"].label = _("Answer through")
        self.fields["text"].label = _("The complaint")

    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        if scan:
            check_upload(scan, allowed=DOCUMENT_KINDS, max_bytes=MAX_ATTACHMENT_BYTES)
        return scan

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("received_via") == ReceivedVia.FAX and not cleaned.get("scan"):
            self.add_error("scan", _("A complaint received by fax needs its scanned image."))
        return cleaned

    @property
    def is_robot(self) -> bool:
        return False


def _textarea() -> forms.Textarea:
    return forms.Textarea(attrs={"class": "form-control", "rows": 3})


class AssignForm(forms.Form):
    officer: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Officer"), queryset=None, widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = queryset


class SettleForm(forms.Form):
    """The amicable settlement's terms (CM-3); the parties sign it afterwards (``compensation.forms.SignForm``)."""

    terms = forms.CharField(label=_("Terms of the settlement"), max_length=10000, widget=_textarea())
    agreed_on = CalendarDateField(label=_("Date of the settlement"), required=False)
    amount = forms.DecimalField(
        label=_("Amount (SAR), if any"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "decimal", "step": "0.01"}),
    )


class TextForm(forms.Form):
    text = forms.CharField(label=_("Text"), max_length=4000, widget=_textarea())


class SatisfactionForm(forms.Form):
    """The one question at closure (CM-1), and what an unsatisfied complainant asks for."""

    satisfied = forms.TypedChoiceField(
        label=_("Are you satisfied with the outcome of your complaint?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    follow_up = forms.ChoiceField(
        label=_("If not, what do you ask for?"),
        choices=[("", _("Nothing more")), *FollowUp.choices],
        required=False,
        widget=forms.RadioSelect,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("satisfied") and cleaned.get("follow_up"):
            self.add_error("follow_up", _("A satisfied answer asks for nothing more."))
        return cleaned
