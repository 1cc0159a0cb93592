"""Validators shared by every app."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .arabic import normalize_digits


def national_id_check_digit_ok(digits: str) -> bool:
    """The Luhn check that Saudi national ID and Iqama numbers carry."""
    total = 0
    for index, char in enumerate(digits):
        value = int(char)
        if index % 2 == 0:  # 1st, 3rd, ... digits are doubled
            value *= 2
            value = value // 10 + value % 10
        total += value
    return total % 10 == 0


def clean_national_id(value: str) -> str:
    """Digits only, ASCII, no spaces: the stored form of an ID number."""
    return normalize_digits(str(value)).replace(" ", "").replace("-", "").strip()


def validate_national_id(value: str) -> None:
    """Validate a Saudi national ID (starts with 1) or Iqama number (starts with 2)."""
    digits = clean_national_id(value)
    if not digits.isdigit() or len(digits) != 10:
        raise ValidationError(_("An ID number has exactly 10 digits."), code="national_id_length")
    if digits[0] not in "12":
        raise ValidationError(
            _("A national ID starts with 1 and an Iqama number with 2."),
            code="national_id_prefix",
        )
    if not national_id_check_digit_ok(digits):
        raise ValidationError(
            _("This ID number is not valid: please check its digits."),
            code="national_id_checksum",
        )
