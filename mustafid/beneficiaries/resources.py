"""The columns of a beneficiary file exchanged as CSV or Excel.

The headers are Arabic, the society's working language, and do not follow
the page's language: a file exported from the English interface must read
the same and import back unchanged. Import also accepts English aliases
(``full name``, ``national_id``, ``mobile``...), so files prepared by other
systems need no renaming.

``BeneficiaryResource`` (django-import-export) writes the export; the import
reads the same columns through ``COLUMNS`` in ``transfer.py``, in bulk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from import_export import fields, resources

from mustafid.core.arabic import normalize

from .models import Beneficiary
from .selectors import MASK


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


# Spreadsheet programs run a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe_text(value: str | None) -> str:
    """Free text made inert for spreadsheets (OWASP "CSV injection")."""
    value = value or ""
    return "'" + value if value.startswith(_FORMULA_START) else value


class BeneficiaryResource(resources.ModelResource):
    """Export of beneficiary files; sensitive values masked unless the reader may see them."""

    file_number = fields.Field(attribute="file_number", column_name=COLUMN_BY_KEY["file_number"].header)
    full_name = fields.Field(attribute="full_name", column_name=COLUMN_BY_KEY["full_name"].header)
    national_id = fields.Field(attribute="national_id", column_name=COLUMN_BY_KEY["national_id"].header)
    phone = fields.Field(attribute="phone", column_name=COLUMN_BY_KEY["phone"].header)
    email = fields.Field(attribute="email", column_name=COLUMN_BY_KEY["email"].header)
    gender = fields.Field(attribute="gender", column_name=COLUMN_BY_KEY["gender"].header)
    date_of_birth = fields.Field(attribute="date_of_birth", column_name=COLUMN_BY_KEY["date_of_birth"].header)
    branch = fields.Field(attribute="branch__code", column_name=COLUMN_BY_KEY["branch"].header)
    category = fields.Field(attribute="category__code", column_name=COLUMN_BY_KEY["category"].header)
    domains = fields.Field(attribute="domains", column_name=COLUMN_BY_KEY["domains"].header)
    city = fields.Field(attribute="city", column_name=COLUMN_BY_KEY["city"].header)
    district = fields.Field(attribute="district", column_name=COLUMN_BY_KEY["district"].header)
    monthly_income = fields.Field(attribute="monthly_income", column_name=COLUMN_BY_KEY["monthly_income"].header)
    preferred_channel = fields.Field(
        attribute="preferred_channel", column_name=COLUMN_BY_KEY["preferred_channel"].header
    )

    class Meta:
        model = Beneficiary
        fields = tuple(column.key for column in COLUMNS)
        export_order = fields
        chunk_size = 2000

    def __init__(self, *, sensitive_allowed: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.sensitive_allowed = sensitive_allowed
        #: (pk, str) of every exported file, for the access log.
        self.exported: list[tuple[int, str]] = []

    def export_resource(self, instance, selected_fields=None, **kwargs):
        self.exported.append((instance.pk, str(instance)))
        return super().export_resource(instance, selected_fields, **kwargs)

    # Every value is written as text: ID numbers must keep all their digits
    # and dates and amounts must read back exactly as they were written.
    def dehydrate_full_name(self, obj: Beneficiary) -> str:
        return _safe_text(obj.full_name)

    def dehydrate_national_id(self, obj: Beneficiary) -> str:
        return obj.national_id if self.sensitive_allowed else MASK

    def dehydrate_phone(self, obj: Beneficiary) -> str:
        return obj.phone if self.sensitive_allowed else MASK

    def dehydrate_email(self, obj: Beneficiary) -> str:
        return _safe_text(obj.email)

    def dehydrate_date_of_birth(self, obj: Beneficiary) -> str:
        return obj.date_of_birth.isoformat() if obj.date_of_birth else ""

    def dehydrate_branch(self, obj: Beneficiary) -> str:
        return obj.branch.code

    def dehydrate_category(self, obj: Beneficiary) -> str:
        return obj.category.code

    def dehydrate_domains(self, obj: Beneficiary) -> str:
        # Uses the prefetched domains: no query per row.
        return ";".join(sorted(domain.code for domain in obj.domains.all()))

    def dehydrate_city(self, obj: Beneficiary) -> str:
        return _safe_text(obj.city)

    def dehydrate_district(self, obj: Beneficiary) -> str:
        return _safe_text(obj.district)

    def dehydrate_monthly_income(self, obj: Beneficiary) -> str:
        if not self.sensitive_allowed:
            return MASK
        return "" if obj.monthly_income is None else f"{obj.monthly_income:.2f}"
