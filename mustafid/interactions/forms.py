"""One form per way of contact. Forms clean the input; the services decide and write."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import dateformat, timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from mustafid.core.forms import BootstrapMixin, CalendarDateField
from mustafid.core.hijri import dual_date
from mustafid.core.selectors import holiday_on
from mustafid.core.workdays import WEEKEND, add_working_days

from . import services
from .models import Channel, Direction, Interaction

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _now_to_the_minute():
    return timezone.localtime().replace(second=0, microsecond=0)


class ContactForm(BootstrapMixin, forms.Form):
    """What every contact has: when, what about, and an optional follow-up task."""

    occurred_at = forms.DateTimeField(
        label=_("date and time"),
        initial=_now_to_the_minute,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )
    subject = forms.CharField(label=_("subject"), max_length=200)
    summary = forms.CharField(label=_("summary"), widget=forms.Textarea(attrs={"rows": 5}))
    follow_up_on = CalendarDateField(
        label=_("follow up on"),
        required=False,
        help_text=_("Leave empty when nothing has to be followed up."),
    )
    follow_up_note = forms.CharField(label=_("follow-up task"), max_length=300, required=False)
    # Shown only once the date was found to be a closed day (interactions/create.html).
    keep_follow_up_on = forms.BooleanField(
        label=_("Keep this follow-up date although the society is closed that day"), required=False
    )

    def __init__(self, *args: Any, beneficiary=None, **kwargs: Any) -> None:
        self.beneficiary = beneficiary
        super().__init__(*args, **kwargs)
        # The confirmation box sits right under the follow-up fields, whatever the form's order.
        keep = self.fields.pop("keep_follow_up_on")
        names = list(self.fields)
        at = names.index("follow_up_note") + 1 if "follow_up_note" in names else len(names)
        self.fields = (
            {name: self.fields[name] for name in names[:at]}
            | {"keep_follow_up_on": keep}
            | {name: self.fields[name] for name in names[at:]}
        )

    @property
    def follow_up_warned(self) -> bool:
        """Whether the follow-up date was found on a closed day (now, or on the submission confirmed)."""
        return self.has_error("follow_up_on", "closed_day") or bool(self["keep_follow_up_on"].value())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        day = cleaned.get("follow_up_on")
        if day and not cleaned.get("keep_follow_up_on"):
            reason = closed_day_reason(day)
            if reason:
                self.add_error("follow_up_on", ValidationError(reason, code="closed_day"))
        return cleaned

    def follow_up(self) -> dict[str, Any]:
        return {
            "follow_up_on": self.cleaned_data.get("follow_up_on"),
            "follow_up_note": self.cleaned_data.get("follow_up_note", ""),
        }

    def record(self, *, by, beneficiary) -> Interaction:  # pragma: no cover - every form overrides it
        raise NotImplementedError


def closed_day_reason(day) -> str | None:
    """Why a follow-up on ``day`` would fall due when the society is closed (issue 10.7), or None.

    A follow-up on a Friday, a Saturday or an official holiday is most often a slip (a Hijri
    date read as Gregorian, the wrong week); it may also be meant (a beneficiary who asked to
    be called after the Eid). So the receptionist is told and keeps the date by ticking a box,
    like the check for similar files: nothing is saved on a closed day unnoticed, and nothing
    typed is lost. The next working day is named, to change the date in one step.
    """
    lang = get_language() or "ar"
    holiday = holiday_on(day)
    following = dual_date(add_working_days(day, 1), lang)
    if holiday is not None:
        name = holiday.name_ar if lang.startswith("ar") or not holiday.name_en else holiday.name_en
        return gettext(
            "This date is an official holiday (%(holiday)s): the society is closed. The next working day is "
            "%(next)s. Change the date, or tick the box below to keep it."
        ) % {"holiday": name, "next": following}
    if day.weekday() in WEEKEND:
        return gettext(
            "This date is a %(weekday)s, the weekend: the society is closed. The next working day is %(next)s. "
            "Change the date, or tick the box below to keep it."
        ) % {"weekday": dateformat.format(day, "l"), "next": following}
    return None


def _direction_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("direction"), choices=Direction.choices, initial=Direction.INCOMING, widget=forms.RadioSelect
    )


def _file_field(label: StrPromise, *, required: bool, accept: str) -> forms.FileField:
    return forms.FileField(label=label, required=required, widget=forms.ClearableFileInput(attrs={"accept": accept}))


class InterviewForm(ContactForm):
    field_order = ["occurred_at", "subject", "summary", "follow_up_on", "follow_up_note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["summary"].label = _("Interview notes")

    def record(self, *, by, beneficiary) -> Interaction:
        data = self.cleaned_data
        return services.record_interview(
            by=by,
            beneficiary=beneficiary,
            subject=data["subject"],
            notes=data["summary"],
            occurred_at=data["occurred_at"],
            **self.follow_up(),
        )


class IncomingLetterForm(ContactForm):
    attachment = _file_field(_("Scanned letter (PDF, PNG or JPEG)"), required=True, accept=".pdf,.png,.jpg,.jpeg")
    field_order = ["occurred_at", "subject", "summary", "attachment", "follow_up_on", "follow_up_note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].label = _("Received on")
        self.fields["summary"].label = _("Summary of the letter")
        self.fields["summary"].required = False

    def record(self, *, by, beneficiary) -> Interaction:
        data = self.cleaned_data
        return services.register_incoming_letter(
            by=by,
            beneficiary=beneficiary,
            subject=data["subject"],
            summary=data["summary"],
            scan=data["attachment"],
            received_at=data["occurred_at"],
            **self.follow_up(),
        )


class OutgoingLetterForm(ContactForm):
    field_order = ["subject", "body", "follow_up_on", "follow_up_note"]
    body = forms.CharField(
        label=_("Text of the letter"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("The greeting and the closing are added to the letter."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The letter is dated the day it is generated.
        del self.fields["occurred_at"]
        del self.fields["summary"]

    def record(self, *, by, beneficiary) -> Interaction:
        data = self.cleaned_data
        return services.issue_outgoing_letter(
            by=by, beneficiary=beneficiary, subject=data["subject"], body=data["body"], **self.follow_up()
        )


class PhoneCallForm(ContactForm):
    direction = _direction_field()
    counterpart = forms.CharField(label=_("Phone number"), max_length=200, required=False)
    field_order = ["direction", "occurred_at", "counterpart", "subject", "summary", "follow_up_on", "follow_up_note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["counterpart"].widget.attrs.update({"dir": "ltr", "inputmode": "tel"})
        self.fields["summary"].label = _("Summary of the call")

    def record(self, *, by, beneficiary) -> Interaction:
        data = self.cleaned_data
        return services.record_phone_call(
            by=by,
            beneficiary=beneficiary,
            direction=data["direction"],
            subject=data["subject"],
            summary=data["summary"],
            number=data["counterpart"],
            occurred_at=data["occurred_at"],
            **self.follow_up(),
        )


class FaxForm(ContactForm):
    direction = _direction_field()
    counterpart = forms.CharField(label=_("Fax number"), max_length=200, required=False)
    attachment = _file_field(
        _("Fax image (PDF, PNG, JPEG or TIFF)"), required=False, accept=".pdf,.png,.jpg,.jpeg,.tif,.tiff"
    )
    field_order = [
        "direction",
        "occurred_at",
        "counterpart",
        "subject",
        "summary",
        "attachment",
        "follow_up_on",
        "follow_up_note",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["counterpart"].widget.attrs.update({"dir": "ltr", "inputmode": "tel"})
        self.fields["summary"].required = False
        self.fields["attachment"].help_text = _("Required for a received fax.")

    def record(self, *, by, beneficiary) -> Interaction:
        data = self.cleaned_data
        return services.record_fax(
            by=by,
            beneficiary=beneficiary,
            direction=data["direction"],
            subject=data["subject"],
            summary=data["summary"],
            number=data["counterpart"],
            image=data.get("attachment"),
            occurred_at=data["occurred_at"],
            **self.follow_up(),
        )


class IncomingEmailForm(ContactForm):
    counterpart = forms.EmailField(label=_("Sender's email address"), max_length=200)
    field_order = ["occurred_at", "counterpart", "subject", "summary", "follow_up_on", "follow_up_note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].label = _("Received on")
        self.fields["counterpart"].widget.attrs["dir"] = "ltr"
        self.fields["summary"].label = _("Text of the email")
        if self.beneficiary is not None and not self.is_bound:
            self.fields["counterpart"].initial = self.beneficiary.email

    def record(self, *, by, beneficiary) -> Interaction:
        data = self.cleaned_data
        return services.record_incoming_email(
            by=by,
            beneficiary=beneficiary,
            sender=data["counterpart"],
            subject=data["subject"],
            body=data["summary"],
            received_at=data["occurred_at"],
            **self.follow_up(),
        )


class OutgoingEmailForm(ContactForm):
    field_order = ["subject", "body", "follow_up_on", "follow_up_note"]
    body = forms.CharField(label=_("Text of the email"), widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["occurred_at"]
        del self.fields["summary"]

    def record(self, *, by, beneficiary) -> Interaction:
        data = self.cleaned_data
        return services.send_email(
            by=by, beneficiary=beneficiary, subject=data["subject"], body=data["body"], **self.follow_up()
        )


class VolunteerContactForm(ContactForm):
    field_order = ["occurred_at", "subject", "summary", "follow_up_on", "follow_up_note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["summary"].label = _("What happened")

    def record(self, *, by, beneficiary) -> Interaction:
        data = self.cleaned_data
        return services.record_volunteer_contact(
            by=by,
            beneficiary=beneficiary,
            subject=data["subject"],
            summary=data["summary"],
            occurred_at=data["occurred_at"],
            **self.follow_up(),
        )


@dataclass(frozen=True)
class ContactKind:
    """One form of the "record a contact" page: a channel, and for letters and email a direction."""

    channel: str
    direction: str  # "" when the form asks for it (or it has none)
    form_class: type[ContactForm]
    title: StrPromise
    icon: str
    multipart: bool = False

    @property
    def query(self) -> str:
        return f"channel={self.channel}" + (f"&direction={self.direction}" if self.direction else "")


KINDS: list[ContactKind] = [
    ContactKind(Channel.INTERVIEW, "", InterviewForm, _("Interview"), "people"),
    ContactKind(Channel.LETTER, Direction.INCOMING, IncomingLetterForm, _("Incoming letter"), "envelope-paper", True),
    ContactKind(Channel.LETTER, Direction.OUTGOING, OutgoingLetterForm, _("Outgoing letter"), "file-earmark-text"),
    ContactKind(Channel.PHONE, "", PhoneCallForm, _("Phone call"), "telephone"),
    ContactKind(Channel.FAX, "", FaxForm, _("Fax"), "printer", True),
    ContactKind(Channel.EMAIL, Direction.INCOMING, IncomingEmailForm, _("Incoming email"), "envelope-arrow-down"),
    ContactKind(Channel.EMAIL, Direction.OUTGOING, OutgoingEmailForm, _("Outgoing email"), "envelope-arrow-up"),
    ContactKind(Channel.VOLUNTEER, "", VolunteerContactForm, _("Volunteer service"), "heart"),
]
VOLUNTEER_KIND = KINDS[-1]


def kind_for(*, channel: str | None, direction: str | None, volunteer_only: bool) -> ContactKind | None:
    """The form for ``?channel=…&direction=…``; a volunteer always gets the volunteer form (CH-6).

    Letters and email without a direction start with the incoming form.
    """
    if volunteer_only:
        return VOLUNTEER_KIND
    matching = [k for k in KINDS if k.channel == channel]
    if not matching:
        return None
    return next((k for k in matching if k.direction == direction), matching[0])


def kinds_for(*, volunteer_only: bool) -> list[ContactKind]:
    return [VOLUNTEER_KIND] if volunteer_only else KINDS
