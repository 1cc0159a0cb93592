"""The columns of a beneficiary file exchanged as CSV or Excel.

The headers are Arabic, the society's working language, and do not follow
the page's language: a file exported from the English interface must read
the same and import back unchanged. Import also accepts English aliases
(``full name``, ``national_id``, ``mobile``...), so files prepared by other
systems need no renaming.

``export.BeneficiaryResource`` (django-import-export) writes these columns;
the import reads them in bulk (``read``, ``check``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from mustafid.core.arabic import normalize


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    importable: bool = True


# In file order. ``importable=False``: exported, accepted on import and ignored.
COLUMNS: tuple[Column, ...] = (
    Column("file_number", "رقم الملف", ("file number", "file no", "file_number"), importable=False),
    Column("full_name", "الاسم الكامل", ("full name", "name", "الاسم"), required=True),
    Column(
        "national_id",
        "رقم الهوية أو الإقامة",
        ("national id", "national id or iqama", "national id iqama", "iqama", "id number", "رقم الهوية", "الهوية"),
        required=True,
    ),
    Column("phone", "رقم الجوال", ("mobile", "mobile number", "phone", "phone number", "الجوال"), required=True),
    Column("email", "البريد الإلكتروني", ("email", "e mail", "email address")),
    Column("gender", "الجنس", ("gender", "sex")),
    Column("date_of_birth", "تاريخ الميلاد", ("date of birth", "birth date", "dob")),
    Column("branch", "رمز الفرع", ("branch code", "branch", "الفرع"), required=True),
    Column("category", "رمز الفئة", ("category code", "category", "الفئة"), required=True),
    Column("domains", "رموز المجالات", ("domain codes", "domains", "domain", "المجالات"), required=True),
    Column("city", "المدينة", ("city",)),
    Column("district", "الحي", ("district", "neighbourhood", "neighborhood")),
    Column("monthly_income", "الدخل الشهري", ("monthly income", "income", "الدخل")),
    Column("preferred_channel", "قناة التواصل المفضلة", ("preferred channel", "channel", "قناة التواصل")),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
# The blank import template: what a person fills in.
TEMPLATE_HEADERS = [column.header for column in COLUMNS if column.importable]
DOMAIN_SEPARATORS = re.compile(r"[;؛,،]")

_PUNCTUATION = re.compile(r"[\s_\-/().:]+")


def header_key(text: str) -> str:
    """The comparable form of a header: Arabic spelling variants, case and punctuation ignored."""
    return normalize(_PUNCTUATION.sub(" ", str(text or "").replace("\ufeff", ""))).strip()


HEADER_LOOKUP: dict[str, Column] = {}
for _column in COLUMNS:
    for _name in (_column.header, _column.key, *_column.aliases):
        HEADER_LOOKUP.setdefault(header_key(_name), _column)


def column_help() -> list[dict[str, Any]]:
    """Each column of the file: its header, whether it is required, and what it holds."""
    explanations = {
        "file_number": _("Given by the system; ignored on import."),
        "full_name": _("The beneficiary's full name."),
        "national_id": _("10 digits: a national ID starts with 1, an Iqama number with 2."),
        "phone": _("A Saudi mobile number, written 05XXXXXXXX, +9665XXXXXXXX or 9665XXXXXXXX."),
        "email": _("Needed when the preferred channel is email."),
        "gender": _("m (male) or f (female)."),
        "date_of_birth": _("Gregorian, written YYYY-MM-DD."),
        "branch": _("The code of one of your branches."),
        "category": _("The code of one of your beneficiary categories."),
        "domains": _("One or more codes of your society domains, separated by ; or ،"),
        "city": "",
        "district": "",
        "monthly_income": _("In riyals, such as 3500 or 3500.50."),
        "preferred_channel": _("sms, email, phone or letter; sms when empty."),
    }
    return [
        {"header": column.header, "required": column.required, "help": explanations[column.key]} for column in COLUMNS
    ]
