"""Checking the rows of an import file: every reason to refuse each row, with no query per row."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from phonenumbers import PhoneMetadata

from mustafid.accounts.models import Branch, Category, Domain
from mustafid.core.arabic import normalize, normalize_digits
from mustafid.core.phones import normalize_phone
from mustafid.core.validators import clean_national_id, validate_national_id

from ..models import Beneficiary, Gender, PreferredChannel
from .columns import COLUMN_BY_KEY, COLUMNS, DOMAIN_SEPARATORS, HEADER_LOOKUP, header_key
from .read import cell_text

#: National IDs per duplicate-check query.
LOOKUP_CHUNK = 1000


def _max_length(name: str) -> int:
    field = Beneficiary._meta.get_field(name)
    # The model declares these text fields with a max_length; the import checks the same limit.
    assert isinstance(field, models.CharField) and field.max_length is not None
    return field.max_length


_NAME_MAX = _max_length("full_name")
_EMAIL_MAX = _max_length("email")
_TEXT_MAX = {"city": _max_length("city"), "district": _max_length("district")}
_INCOME_LIMIT = Decimal("10000000000")  # 12 digits, 2 of them decimals
_CENT = Decimal("0.01")
_DATE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")
_GENDERS = {"m": Gender.MALE, "male": Gender.MALE, "ذكر": Gender.MALE, "f": Gender.FEMALE, "female": Gender.FEMALE}
_GENDERS[normalize("أنثى")] = Gender.FEMALE


@dataclass
class RowError:
    line: int
    reasons: list[str]


@dataclass
class Lookups:
    """Branches, categories and domains by code, and the ones the importer may use."""

    branches: dict[str, Branch]
    categories: dict[str, Category]
    domains: dict[str, Domain]
    allowed_branches: set[int] | None
    allowed_categories: set[int] | None
    allowed_domains: set[int] | None
    channels: dict[str, str]
    today: date

    @classmethod
    def load(cls, user: Any) -> Lookups:
        def by_code(model) -> dict:
            return {item.code.lower(): item for item in model.objects.all()}

        def allowed(model) -> set[int] | None:
            if user.has_global_scope:
                return None
            return set(model.objects.visible_to(user).values_list("pk", flat=True))

        channels: dict[str, str] = {}
        for choice in PreferredChannel:
            channels[normalize(choice.value)] = choice.value
            for language in ("en", "ar"):
                with override(language):
                    channels.setdefault(normalize(str(choice.label)), choice.value)
        return cls(
            branches=by_code(Branch),
            categories=by_code(Category),
            domains=by_code(Domain),
            allowed_branches=allowed(Branch),
            allowed_categories=allowed(Category),
            allowed_domains=allowed(Domain),
            channels=channels,
            today=timezone.localdate(),
        )


def _mobile_pattern(region: str) -> re.Pattern[str]:
    metadata = PhoneMetadata.metadata_for_region(region)
    # phonenumbers ships the metadata of every region it knows, its mobile plan included.
    assert metadata is not None and metadata.mobile is not None
    assert metadata.mobile.national_number_pattern is not None
    return re.compile(metadata.mobile.national_number_pattern)


# The usual forms of a Saudi mobile number, and the mobile numbering plan
# (from the phonenumbers metadata): most rows need no full parse.
_MOBILE_FORMS = re.compile(r"^(?:\+966|00966|966|0)?(5\d{8})$")
_SA_MOBILE = _mobile_pattern("SA")
_PHONE_NOISE = re.compile(r"[\s\-().]")


def _phone(text: str) -> str:
    """``core.phones.normalize_phone``, with a fast path for well-formed Saudi mobile numbers."""
    match = _MOBILE_FORMS.match(_PHONE_NOISE.sub("", normalize_digits(text)))
    if match and _SA_MOBILE.fullmatch(match.group(1)):
        return "+966" + match.group(1)
    return normalize_phone(text)


def _date_of_birth(value: Any, reasons: list[str], today: date) -> date | None:
    parsed: date | None
    if isinstance(value, datetime):
        parsed = value.date()
    elif isinstance(value, date):
        parsed = value
    else:
        text = normalize_digits(cell_text(value))
        if not text:
            return None
        match = _DATE.match(text)
        parsed = None
        if match:
            try:
                parsed = date(*(int(part) for part in match.groups()))
            except ValueError:
                parsed = None
        if parsed is None:
            reasons.append(_("The date of birth must be a Gregorian date written as YYYY-MM-DD, such as 1985-03-21."))
            return None
    if parsed.year < 1900:
        reasons.append(_("The date of birth is before 1900: is it a Hijri date? Write the Gregorian date."))
        return None
    if parsed > today:
        reasons.append(_("The date of birth is in the future."))
        return None
    return parsed


def _income(value: Any, reasons: list[str]) -> Decimal | None:
    text = normalize_digits(cell_text(value)).replace("٫", ".")
    for separator in ("٬", ",", " ", "\u00a0"):
        text = text.replace(separator, "")
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        reasons.append(_("The monthly income must be an amount in riyals, such as 3500 or 3500.50."))
        return None
    if amount < 0:
        reasons.append(_("The monthly income cannot be negative."))
        return None
    if amount != amount.quantize(_CENT) or amount >= _INCOME_LIMIT:
        reasons.append(_("The monthly income must be an amount in riyals, such as 3500 or 3500.50."))
        return None
    return amount.quantize(_CENT)


def _unknown_code(key: str, code: str) -> str:
    if key == "branch":
        message = _("No branch has the code “%(code)s”.")
    elif key == "category":
        message = _("No beneficiary category has the code “%(code)s”.")
    else:
        message = _("No society domain has the code “%(code)s”.")
    return message % {"code": code}


def _scope_item(code: str, key: str, items: dict, allowed: set[int] | None, reasons: list[str]):
    """One branch, category or domain by its code, checked for existence, activity and scope."""
    item = items.get(code) or items.get(code.lower())
    if item is None:
        reasons.append(_unknown_code(key, code))
        return None
    header = _HEADER[key]
    if not item.is_active:
        reasons.append(
            _("“%(code)s” in the column “%(column)s” is no longer active.") % {"code": code, "column": header}
        )
        return None
    if allowed is not None and item.pk not in allowed:
        message = _(
            "“%(code)s” in the column “%(column)s” is outside your scope: "
            "you can only import into your own branches, categories and domains."
        )
        reasons.append(message % {"code": code, "column": header})
        return None
    return item


_HEADER = {key: column.header for key, column in COLUMN_BY_KEY.items()}


def _required(key: str) -> str:
    return _("The column “%(column)s” is empty: it is required.") % {"column": _HEADER[key]}


def _too_long(key: str, limit: int) -> str:
    return _("“%(column)s” is too long (at most %(max)s characters).") % {"column": _HEADER[key], "max": limit}


def check_row(values: dict[str, Any], lookups: Lookups) -> tuple[dict[str, Any], list[Domain], list[str]]:
    """Clean one row: the model's field values, its domains and every reason it is refused."""
    reasons: list[str] = []
    data: dict[str, Any] = {}

    full_name = " ".join(cell_text(values.get("full_name")).split())
    if not full_name:
        reasons.append(_required("full_name"))
    elif len(full_name) > _NAME_MAX:
        reasons.append(_too_long("full_name", _NAME_MAX))
    data["full_name"] = full_name

    national_id = clean_national_id(cell_text(values.get("national_id")))
    if not national_id:
        reasons.append(_required("national_id"))
    else:
        try:
            validate_national_id(national_id)
        except ValidationError as exc:
            reasons.extend(str(message) for message in exc.messages)
            national_id = ""
    # Empty unless valid: only valid numbers take part in the duplicate checks.
    data["national_id"] = national_id

    phone_text = cell_text(values.get("phone"))
    if not phone_text:
        reasons.append(_required("phone"))
    else:
        try:
            data["phone"] = _phone(phone_text)
        except ValidationError as exc:
            reasons.extend(str(message) for message in exc.messages)

    email = cell_text(values.get("email"))
    if email:
        try:
            if len(email) > _EMAIL_MAX:
                raise ValidationError("too long")
            validate_email(email)
        except ValidationError:
            reasons.append(_("The email address “%(email)s” is not valid.") % {"email": email[:80]})
    data["email"] = email

    gender_text = cell_text(values.get("gender"))
    if gender_text:
        gender = _GENDERS.get(gender_text.lower()) or _GENDERS.get(normalize(gender_text))
        if gender is None:
            reasons.append(_("The gender must be m (male) or f (female)."))
        data["gender"] = gender or ""

    data["date_of_birth"] = _date_of_birth(values.get("date_of_birth"), reasons, lookups.today)

    branch_code = cell_text(values.get("branch"))
    if not branch_code:
        reasons.append(_required("branch"))
    else:
        data["branch"] = _scope_item(branch_code, "branch", lookups.branches, lookups.allowed_branches, reasons)

    category_code = cell_text(values.get("category"))
    if not category_code:
        reasons.append(_required("category"))
    else:
        data["category"] = _scope_item(
            category_code, "category", lookups.categories, lookups.allowed_categories, reasons
        )

    codes = list(
        dict.fromkeys(c.strip() for c in DOMAIN_SEPARATORS.split(cell_text(values.get("domains"))) if c.strip())
    )
    if not codes:
        reasons.append(_required("domains"))
    domains = []
    for code in codes:
        domain = _scope_item(code, "domains", lookups.domains, lookups.allowed_domains, reasons)
        if domain is not None and domain not in domains:
            domains.append(domain)

    for key, limit in _TEXT_MAX.items():
        text = " ".join(cell_text(values.get(key)).split())
        if len(text) > limit:
            reasons.append(_too_long(key, limit))
        data[key] = text

    data["monthly_income"] = _income(values.get("monthly_income"), reasons)

    channel_text = cell_text(values.get("preferred_channel"))
    channel = (
        (lookups.channels.get(channel_text.lower()) or lookups.channels.get(normalize(channel_text)))
        if channel_text
        else PreferredChannel.SMS.value
    )
    if channel is None:
        reasons.append(_("The preferred channel must be one of: sms, email, phone, letter."))
    elif channel == PreferredChannel.EMAIL and not email:
        reasons.append(_("The preferred channel is email but the row has no email address."))
    data["preferred_channel"] = channel or PreferredChannel.SMS.value
    return data, domains, reasons


def map_headers(headers: Sequence[Any]) -> tuple[list[tuple[int, str]], list[int], list[str]]:
    """Columns to read (index, key), columns with no header, and the header's problems."""
    mapping: list[tuple[int, str]] = []
    unnamed: list[int] = []
    reasons: list[str] = []
    seen: dict[str, str] = {}
    for index, raw in enumerate(headers):
        text = cell_text(raw)
        if not text:
            unnamed.append(index)
            continue
        column = HEADER_LOOKUP.get(header_key(text))
        if column is None:
            reasons.append(_("The column “%(column)s” is not one of the import columns.") % {"column": text[:80]})
            continue
        if column.key in seen:
            reasons.append(_("The column “%(column)s” appears twice.") % {"column": column.header})
            continue
        seen[column.key] = text
        if column.importable:
            mapping.append((index, column.key))
    for column in COLUMNS:
        if column.required and column.key not in seen:
            reasons.append(_("The required column “%(column)s” is missing.") % {"column": column.header})
    return mapping, unnamed, reasons


def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def registered_ids(hashes: Sequence[str], by: Any) -> dict[str, str]:
    """Blind index -> file number ("" when the importer may not see that file) of IDs already registered."""
    found: dict[str, tuple[int, str]] = {}
    for chunk in chunks(hashes, LOOKUP_CHUNK):
        rows = Beneficiary.objects.filter(national_id_hash__in=chunk).values_list(
            "national_id_hash", "pk", "file_number"
        )
        found.update({digest: (pk, number) for digest, pk, number in rows})
    if not found:
        return {}
    visible: set[int] = set()
    pks = [pk for pk, _number in found.values()]
    for chunk in chunks(pks, LOOKUP_CHUNK):
        visible.update(Beneficiary.objects.visible_to(by).filter(pk__in=chunk).values_list("pk", flat=True))
    return {digest: (number if pk in visible else "") for digest, (pk, number) in found.items()}


def add_registered_errors(
    registered: dict[str, str], lines_by_hash: dict[str, list[int]], errors: dict[int, list[str]]
) -> None:
    for digest, number in registered.items():
        for line in lines_by_hash.get(digest, []):
            if number:
                message = _("A beneficiary with this ID number is already registered (file %(file)s).") % {
                    "file": number
                }
            else:
                message = _("A beneficiary with this ID number is already registered.")
            errors.setdefault(line, []).append(message)
