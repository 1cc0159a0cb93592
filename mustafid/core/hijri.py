"""Gregorian and Hijri (Umm al-Qura) dates side by side.

Every date a person reads goes through ``dual_date`` (or the ``dual_date``
template filter), so that letters, receipts and screens agree.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.utils import timezone
from hijridate import Gregorian, Hijri

GREGORIAN_MONTHS = {
    "ar": [
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


Lang = Literal["ar", "en"]


def _lang(lang: str | None) -> Lang:
    return "ar" if not lang or lang.lower().startswith("ar") else "en"


def to_hijri(d: date) -> Hijri | None:
    """The Umm al-Qura date, or None outside the calendar's range (1343-1500 AH)."""
    try:
        return Gregorian(d.year, d.month, d.day).to_hijri()
    except (OverflowError, ValueError):
        return None


def from_hijri(year: int, month: int, day: int) -> date:
    """The Gregorian date of a Hijri date; ValueError when there is no such day."""
    return Hijri(year, month, day, validate=True).to_gregorian()


def as_date(d: date | datetime) -> date:
    """A datetime is read in the society's time zone (Asia/Riyadh)."""
    if isinstance(d, datetime):
        return timezone.localtime(d).date() if timezone.is_aware(d) else d.date()
    return d


Runs = tuple[str, str]


def gregorian_runs(d: date | datetime, lang: str = "ar") -> Runs:
    """``("25 November", "2026")``: the day with its month, and the year (a line may break between)."""
    d = as_date(d)
    lang = _lang(lang)
    month = GREGORIAN_MONTHS[lang][d.month - 1]
    suffix = "م" if lang == "ar" else ""
    return f"{d.day} {month}", f"{d.year}{suffix}"


def hijri_runs(d: date | datetime, lang: str = "ar") -> Runs | None:
    """``("15 جمادى الآخرة", "1448هـ")``, or None out of the calendar's range."""
    code = _lang(lang)
    h = to_hijri(as_date(d))
    if h is None:
        return None
    suffix = "هـ" if code == "ar" else " AH"
    return f"{h.day} {h.month_name(code)}", f"{h.year}{suffix}"


def gregorian_text(d: date | datetime, lang: str = "ar") -> str:
    return " ".join(gregorian_runs(d, lang))


def hijri_text(d: date | datetime, lang: str = "ar") -> str:
    runs = hijri_runs(d, lang)
    return " ".join(runs) if runs else ""


def dual_date_parts(d: date | datetime, lang: str = "ar") -> tuple[Runs, str, Runs | None]:
    """The Gregorian runs, the words joining them to the Hijri ones, the Hijri runs (None out of range).

    ``(("25 November", "2026"), " ", ("(15 Jumada al-Akhirah", "1448 AH)"))``:
    what :func:`dual_date` writes as one text, in parts, so that a page can
    keep each day with its month on one line (issue 10.4).
    """
    lang = _lang(lang)
    gregorian = gregorian_runs(d, lang)
    hijri = hijri_runs(d, lang)
    if hijri is None:
        return gregorian, "", None
    if lang == "ar":
        return gregorian, " الموافق ", hijri
    return gregorian, " ", (f"({hijri[0]}", f"{hijri[1]})")


def dual_date(d: date | datetime | None, lang: str = "ar") -> str:
    """``25 نوفمبر 2026م الموافق 15 جمادى الآخرة 1448هـ`` (or its English form)."""
    if d is None:
        return ""
    gregorian, joiner, hijri = dual_date_parts(d, lang)
    return " ".join(gregorian) + (joiner + " ".join(hijri) if hijri else "")
