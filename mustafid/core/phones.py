"""Saudi phone numbers in one form: E.164 (+9665XXXXXXXX)."""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .arabic import normalize_digits


def normalize_phone(text: str | None) -> str:
    """``05x``, ``+9665x``, ``9665x``, ``009665x`` or Arabic-Indic digits to ``+9665...``.

    Raises a translated ValidationError when it is not a valid number.
    """
    raw = normalize_digits(text or "").strip()
    raw = "".join(ch for ch in raw if ch.isdigit() or ch == "+")
    if not raw:
        raise ValidationError(_("Enter a phone number."), code="phone_empty")
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    elif raw.startswith("966"):
        raw = "+" + raw
    try:
        number = phonenumbers.parse(raw, "SA")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("This is not a phone number."), code="phone_invalid") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("This phone number is not valid: a Saudi mobile number looks like 05XXXXXXXX."),
            code="phone_invalid",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_or_none(text: str | None) -> str | None:
    """The E.164 form, or None when ``text`` is not a phone number (for search)."""
    try:
        return normalize_phone(text)
    except ValidationError:
        return None
