"""How a request's answers read to a person: on the request page, the receipt and the data-subject copy.

Answers are stored as JSON (a number as the text typed, a date as ISO text);
nobody reads ``9E+3`` or ``2026-08-14``. One function turns a stored answer
into what a person reads, so the page and the receipt never disagree
(issue 10.2): numbers through the one formatter (``9,000``), dates Gregorian
and Hijri, yes/no in words.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mustafid.beneficiaries.selectors import MASK, can_see_sensitive
from mustafid.core.formatting import format_number, to_decimal
from mustafid.core.hijri import dual_date
from mustafid.services.models import FormField

from .forms import stored_date
from .models import ServiceRequest

EMPTY = "—"


def _number(value: Any) -> str:
    """``9000`` → ``9,000``; ``9000.5`` → ``9,000.50``: a count reads without halalas."""
    number = to_decimal(value)
    if number is None:
        return str(value)
    text = format_number(number)
    return text[:-3] if number == number.to_integral() else text


def display_answer(spec: FormField | None, value: Any, lang: str | None = None) -> str:
    """One stored answer as a person reads it; ``—`` when nothing was answered."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    kind = spec.kind if spec is not None else None
    if kind == FormField.Kind.DATE:
        day = stored_date(value)
        return dual_date(day, lang or get_language() or "ar") if not isinstance(day, str) else day
    if kind == FormField.Kind.NUMBER:
        return _number(value)
    # A choice is stored as its own label (the form's choices are the labels); text as typed.
    return str(value)


def answer_rows(request: ServiceRequest, user: Any = None) -> list[tuple[FormField, str]]:
    """``(field, text)`` for each answer of the request's form, files excepted.

    With a ``user``, sensitive answers are masked unless they may see the
    file's sensitive data (issue 9.2); without one (the receipt handed to the
    beneficiary) every answer is shown: they are the person's own.
    """
    sensitive_allowed = user is None or can_see_sensitive(user)
    rows = []
    for spec in request.version.fields.all():
        if spec.kind == FormField.Kind.FILE:
            continue  # a file answer is one of the request's documents
        if spec.sensitive and not sensitive_allowed:
            rows.append((spec, MASK))
            continue
        rows.append((spec, display_answer(spec, request.answers.get(spec.key))))
    return rows
