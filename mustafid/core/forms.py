"""Form fields, widget classes and service refusals shared by every app.

Every page renders a field with one partial, ``templates/partials/field.html``
(and a form's non-field errors with ``partials/form_errors.html``); forms
get the Bootstrap classes that partial expects from ``BootstrapMixin``. A
view that calls a service puts the service's ``ValidationError`` on its form
with ``apply_service_error``, or in a message with ``refusal_text``.
"""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .arabic import normalize_digits
from .hijri import from_hijri


class BootstrapMixin:
    """Bootstrap classes on every widget, so that the field partial renders any form plainly."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.MultiWidget):
                continue
            if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)


def apply_service_error(form: forms.BaseForm, error: ValidationError, *, field: str | None = None) -> None:
    """Show a service's refusal on the form, which keeps what was typed.

    Errors the service gave by field go on those fields of the form, and
    above the form when it has no such field; an error given by no field
    goes on ``field`` (above the form when ``None``).
    """
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(field, error)


def refusal_text(error: ValidationError) -> str:
    """A service's refusal as one line, for a message."""
    return " ".join(str(message) for message in error.messages)


GREGORIAN = "gregorian"
HIJRI = "hijri"
CALENDAR_CHOICES = [(GREGORIAN, _("Gregorian")), (HIJRI, _("Hijri"))]
_ISO = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$")


def parse_ymd(text: str) -> tuple[int, int, int]:
    """``1447-09-01``, ``1447/9/1`` or ``01/09/1447`` (any digit form) to (y, m, d)."""
    text = normalize_digits(text).strip()
    if m := _ISO.match(text):
        return int(m[1]), int(m[2]), int(m[3])
    if m := _DMY.match(text):
        return int(m[3]), int(m[2]), int(m[1])
    raise ValidationError(_("Enter the date as year-month-day, for example 1447-09-01."), code="date_format")


class CalendarDateWidget(forms.MultiWidget):
    template_name = "core/widgets/calendar_date.html"
    # One <label> names the date text (partials/field.html), not a fieldset: so Django also
    # points the inputs' aria-describedby at the field's error and help text.
    use_fieldset = False

    def __init__(self, attrs=None):
        # The field's <label> names the date text; the calendar select beside it needs its own
        # name, or a screen reader announces an unnamed list (issue 10.5, axe select-name).
        widgets = [
            forms.Select(choices=CALENDAR_CHOICES, attrs={"class": "form-select", "aria-label": _("Calendar")}),
            forms.TextInput(
                attrs={"class": "form-control", "inputmode": "numeric", "placeholder": "YYYY-MM-DD", "dir": "ltr"}
            ),
        ]
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, date):
            return [GREGORIAN, value.isoformat()]
        return [GREGORIAN, ""]


class CalendarDateField(forms.MultiValueField):
    """A date entered in the Gregorian or the Hijri (Umm al-Qura) calendar.

    Always cleans to a Gregorian ``date``; a person who knows a date in Hijri
    (a date of birth, an announced holiday) types it as they know it.
    """

    widget = CalendarDateWidget

    def __init__(self, **kwargs):
        # The calendar select always has a value; an empty date text means "no date",
        # not an incomplete entry (the field's own ``required`` decides).
        fields = (
            forms.ChoiceField(choices=CALENDAR_CHOICES, required=False),
            forms.CharField(required=False),
        )
        kwargs.setdefault("require_all_fields", False)
        super().__init__(fields, **kwargs)

    def compress(self, data_list):
        if not data_list or not data_list[1]:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        calendar, text = data_list
        year, month, day = parse_ymd(text)
        try:
            if calendar == HIJRI:
                return from_hijri(year, month, day)
            return date(year, month, day)
        except (ValueError, OverflowError) as exc:
            if calendar == HIJRI:
                raise ValidationError(
                    _("There is no such Hijri date (Umm al-Qura, 1343-1500 AH)."), code="hijri_invalid"
                ) from exc
            raise ValidationError(_("There is no such date."), code="date_invalid") from exc
