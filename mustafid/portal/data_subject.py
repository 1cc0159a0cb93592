"""Portal sign-in codes asked for with the person's ID number, for their data-subject copy (RL-2).

Only when a code was asked for, what for, whether it was used and how many
tries were made: never the code or any hash (a copy made while a code is
still valid must not let its reader sign in).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from mustafid.beneficiaries.data_subject import DataSubjectSection, Label, Record, register_section
from mustafid.beneficiaries.models import Beneficiary

from .codes import Purpose
from .models import OneTimeCode

PURPOSES: dict[str, Label] = {Purpose.SIGN_IN: _("Sign in to the portal"), Purpose.TRACK: _("Track a request")}


def portal_codes(beneficiary: Beneficiary) -> list[Record]:
    codes = OneTimeCode.objects.filter(national_id_hash=beneficiary.national_id_hash).order_by("created_at", "id")
    return [
        {
            "asked_at": code.created_at,
            "purpose": PURPOSES.get(code.purpose, code.purpose),
            "used_at": code.used_at,
            "attempts": code.attempts,
        }
        for code in codes
    ]


# Registered when the app is ready (its AppConfig imports this module).
register_section(
    DataSubjectSection(
        key="portal_codes",
        title=_("Portal sign-in codes asked for with your ID number"),
        models=(OneTimeCode,),
        collect=portal_codes,
        order=90,
        tabular=True,
        labels={
            "asked_at": _("asked for at"),
            "purpose": _("purpose"),
            "used_at": _("used at"),
            "attempts": _("tries"),
        },
    )
)
