"""How a person reads an amount of money: one function for pages, PDFs, exports and messages.

Django would localise a ``Decimal`` through the Arabic locale's formats
(``6000,00``, a decimal comma no Saudi reader expects), and ``str()`` of a
normalised ``Decimal`` gives ``9E+3``. Every amount the product shows goes
through :func:`format_amount` instead: grouped thousands, two decimals, Western
digits (the digits of the rest of the site), then the currency's word in the
reader's language (``9,000.00 ريال``).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

CENTS = Decimal("0.01")


def to_decimal(value: Any) -> Decimal | None:
    """The amount as a ``Decimal`` rounded to halalas, or ``None`` when it is not a number."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite():
        return None
    return number.quantize(CENTS, rounding=ROUND_HALF_UP)


def format_number(value: Any) -> str:
    """``9000`` → ``9,000.00``; a value that is not a number is returned as given."""
    number = to_decimal(value)
    if number is None:
        return "" if value is None else str(value)
    return f"{number:,.2f}"


def format_amount(value: Any, lang: str | None = None) -> str:
    """``9000`` → ``9,000.00 ريال`` (``9,000.00 SAR`` in English); ``None`` → ``""``."""
    if value is None or value == "":
        return ""
    number = format_number(value)
    with translation.override(lang or translation.get_language() or "ar"):
        # On its own, not inside the f-string: xgettext does not look into f-strings.
        currency = _("SAR")
    return f"{number} {currency}"
