"""Import and export of beneficiary files as CSV or Excel (XLSX).

Import is all or nothing: every row is checked first, in bulk, and a file
with any bad row writes nothing; the person gets the line number (as their
spreadsheet shows it, the header being line 1) and every reason of every bad
row. A good file is written with ``bulk_create`` in batches: lookups of
branches, categories and domains are loaded once by code, national IDs are
checked for duplicates in the file and, by blind index, against the database
in a few ``IN`` queries, and file numbers are reserved as one block. Nothing
is queried per row, so a file of tens of thousands of rows imports in
seconds.

Export gives only the files the person may see (scope and permission),
masks the sensitive values unless they may read them, and writes one access
log row per exported file in the same transaction (RL-2).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import tablib
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from import_export.formats import base_formats
from phonenumbers import PhoneMetadata

from mustafid.accounts.models import Branch, Category, Domain
from mustafid.audit.models import AccessLog
from mustafid.core.arabic import normalize, normalize_digits
from mustafid.core.crypto import blind_index
from mustafid.core.http import client_ip
from mustafid.core.phones import normalize_phone
from mustafid.core.references import reserve_references
from mustafid.core.validators import clean_national_id, validate_national_id

from .models import NATIONAL_ID_INDEX, Beneficiary, Gender, PreferredChannel
from .resources import COLUMN_BY_KEY, COLUMNS, DOMAIN_SEPARATORS, HEADER_LOOKUP, TEMPLATE_HEADERS, BeneficiaryResource
from .resources import header_key as _header_key
from .selectors import can_see_sensitive
from .services import FILE_PREFIX

IMPORT_PERMISSION = "beneficiaries.import_beneficiary"
EXPORT_PERMISSION = "beneficiaries.export_beneficiary"
FORMATS = {"csv": base_formats.CSV, "xlsx": base_formats.XLSX}
#: Largest number of filled rows one file may hold.
MAX_ROWS = 100_000
#: Rows per INSERT batch (Django lowers it further where the database needs).
BATCH_SIZE = 1000
#: National IDs per duplicate-check query.
LOOKUP_CHUNK = 1000
#: Rows listed in the preview; the count covers them all.
PREVIEW_LIMIT = 100

_NAME_MAX = Beneficiary._meta.get_field("full_name").max_length
_EMAIL_MAX = Beneficiary._meta.get_field("email").max_length
_TEXT_MAX = {
    "city": Beneficiary._meta.get_field("city").max_length,
    "district": Beneficiary._meta.get_field("district").max_length,
}
_INCOME_LIMIT = Decimal("10000000000")  # 12 digits, 2 of them decimals
_CENT = Decimal("0.01")
_DATE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")
_GENDERS = {"m": Gender.MALE, "male": Gender.MALE, "ذكر": Gender.MALE, "f": Gender.FEMALE, "female": Gender.FEMALE}
_GENDERS[normalize("أنثى")] = Gender.FEMALE
_XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0"


class ImportFileError(ValidationError):
    """The file cannot be read at all (not one of its rows)."""


# --- Reading files -----------------------------------------------------------


def detect_format(content: bytes, name: str = "") -> str:
    """``csv`` or ``xlsx``, by the file's first bytes rather than its name."""
    if content.startswith(_XLSX_MAGIC):
        return "xlsx"
    if content.startswith(_XLS_MAGIC) or name.lower().endswith(".xls"):
        raise ImportFileError(
            _("Old Excel files (XLS) are not accepted: save the file as XLSX or CSV and upload it again."),
            code="xls",
        )
    return "csv"


def read_table(content: bytes, fmt: str | None = None) -> tablib.Dataset:
    """The first sheet of an XLSX file, or a CSV file, as a Dataset.

    Blank lines are kept (as empty rows) so that the n-th row of the Dataset
    is line n + 1 of the file, as a spreadsheet numbers it. Raises
    ``ImportFileError`` with a translated message when the file is unreadable.
    """
    fmt = fmt or detect_format(content)
    if fmt == "xlsx":
        return _table_to_dataset(_xlsx_rows(content))
    if fmt == "csv":
        return _table_to_dataset(_csv_rows(content))
    raise ImportFileError(_("Upload a CSV or Excel (XLSX) file."), code="format")


def _decode(content: bytes) -> str:
    if b"\x00" in content[:4096]:
        raise ImportFileError(_("This file is not a CSV text file."), code="not_text")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Arabic Windows saves "CSV" in the Windows Arabic code page.
        return content.decode("cp1256", errors="replace")


def _csv_rows(content: bytes) -> Iterator[list[Any]]:
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as exc:
        raise ImportFileError(_("This CSV file is damaged and cannot be read."), code="bad_csv") from exc


def _xlsx_rows(content: bytes) -> Iterator[Sequence[Any]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    unreadable = (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, TypeError, AttributeError)
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except unreadable as exc:
        raise ImportFileError(_("This file could not be read as an Excel workbook (XLSX)."), code="bad_xlsx") from exc
    try:
        sheet = book.active
        # Some programs write a wrong used range; read what is really there.
        sheet.reset_dimensions()
        yield from sheet.iter_rows(values_only=True)
    except unreadable as exc:
        raise ImportFileError(_("This file could not be read as an Excel workbook (XLSX)."), code="bad_xlsx") from exc
    finally:
        book.close()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _table_to_dataset(rows: Iterable[Sequence[Any]]) -> tablib.Dataset:
    iterator = iter(rows)
    headers = next(iterator, None)
    if headers is None:
        raise ImportFileError(_("The file is empty."), code="empty")
    headers = ["" if h is None else str(h).strip() for h in headers]
    data: list[list[Any]] = []
    pending_blank = 0
    filled = 0
    for row in iterator:
        if all(_blank(v) for v in row):
            # Kept only when a filled row follows: trailing blank rows vanish.
            pending_blank += 1
            continue
        filled += 1
        if filled > MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(max)s rows: split it into smaller files.") % {"max": f"{MAX_ROWS:,}"},
                code="too_many_rows",
            )
        data.extend([] for _blank_row in range(pending_blank))
        pending_blank = 0
        data.append(list(row))
    width = max([len(headers), *(len(r) for r in data)])
    headers += [""] * (width - len(headers))
    dataset = tablib.Dataset(headers=headers)
    for row in data:
        dataset.append(row + [""] * (width - len(row)))
    return dataset


# --- Import ------------------------------------------------------------------


@dataclass
class RowError:
    line: int
    reasons: list[str]


@dataclass
class PreviewRow:
    line: int
    full_name: str
    branch: str
    category: str
    domains: str
    city: str
    preferred_channel: str


@dataclass
class ImportResult:
    dry_run: bool
    #: Filled rows read (blank lines are not counted).
    total: int = 0
    #: Files written (0 on a dry run or when any row is bad).
    created: int = 0
    errors: list[RowError] = field(default_factory=list)
    #: The first rows that would be (or were) created.
    preview: list[PreviewRow] = field(default_factory=list)
    first_file_number: str = ""
    last_file_number: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Lookups:
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
    def load(cls, user: Any) -> _Lookups:
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


@dataclass
class _Candidate:
    line: int
    beneficiary: Beneficiary
    domain_ids: list[int]
    domain_names: str


def _text(value: Any) -> str:
    """A cell as text: spreadsheets give numbers and dates as such."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


# The usual forms of a Saudi mobile number, and the mobile numbering plan
# (from the phonenumbers metadata): most rows need no full parse.
_MOBILE_FORMS = re.compile(r"^(?:\+966|00966|966|0)?(5\d{8})$")
_SA_MOBILE = re.compile(PhoneMetadata.metadata_for_region("SA").mobile.national_number_pattern)
_PHONE_NOISE = re.compile(r"[\s\-().]")


def _phone(text: str) -> str:
    """``core.phones.normalize_phone``, with a fast path for well-formed Saudi mobile numbers."""
    match = _MOBILE_FORMS.match(_PHONE_NOISE.sub("", normalize_digits(text)))
    if match and _SA_MOBILE.fullmatch(match.group(1)):
        return "+966" + match.group(1)
    return normalize_phone(text)


def _date_of_birth(value: Any, reasons: list[str], today: date) -> date | None:
    if isinstance(value, datetime):
        parsed: date | None = value.date()
    elif isinstance(value, date):
        parsed = value
    else:
        text = normalize_digits(_text(value))
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
    text = normalize_digits(_text(value)).replace("٫", ".")
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


def _check_row(values: dict[str, Any], lookups: _Lookups) -> tuple[dict[str, Any], list[Domain], list[str]]:
    """Clean one row: the model's field values, its domains and every reason it is refused."""
    reasons: list[str] = []
    data: dict[str, Any] = {}

    full_name = " ".join(_text(values.get("full_name")).split())
    if not full_name:
        reasons.append(_required("full_name"))
    elif len(full_name) > _NAME_MAX:
        reasons.append(_too_long("full_name", _NAME_MAX))
    data["full_name"] = full_name

    national_id = clean_national_id(_text(values.get("national_id")))
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

    phone_text = _text(values.get("phone"))
    if not phone_text:
        reasons.append(_required("phone"))
    else:
        try:
            data["phone"] = _phone(phone_text)
        except ValidationError as exc:
            reasons.extend(str(message) for message in exc.messages)

    email = _text(values.get("email"))
    if email:
        try:
            if len(email) > _EMAIL_MAX:
                raise ValidationError("too long")
            validate_email(email)
        except ValidationError:
            reasons.append(_("The email address “%(email)s” is not valid.") % {"email": email[:80]})
    data["email"] = email

    gender_text = _text(values.get("gender"))
    if gender_text:
        gender = _GENDERS.get(gender_text.lower()) or _GENDERS.get(normalize(gender_text))
        if gender is None:
            reasons.append(_("The gender must be m (male) or f (female)."))
        data["gender"] = gender or ""

    data["date_of_birth"] = _date_of_birth(values.get("date_of_birth"), reasons, lookups.today)

    branch_code = _text(values.get("branch"))
    if not branch_code:
        reasons.append(_required("branch"))
    else:
        data["branch"] = _scope_item(branch_code, "branch", lookups.branches, lookups.allowed_branches, reasons)

    category_code = _text(values.get("category"))
    if not category_code:
        reasons.append(_required("category"))
    else:
        data["category"] = _scope_item(
            category_code, "category", lookups.categories, lookups.allowed_categories, reasons
        )

    codes = list(dict.fromkeys(c.strip() for c in DOMAIN_SEPARATORS.split(_text(values.get("domains"))) if c.strip()))
    if not codes:
        reasons.append(_required("domains"))
    domains = []
    for code in codes:
        domain = _scope_item(code, "domains", lookups.domains, lookups.allowed_domains, reasons)
        if domain is not None and domain not in domains:
            domains.append(domain)

    for key, limit in _TEXT_MAX.items():
        text = " ".join(_text(values.get(key)).split())
        if len(text) > limit:
            reasons.append(_too_long(key, limit))
        data[key] = text

    data["monthly_income"] = _income(values.get("monthly_income"), reasons)

    channel_text = _text(values.get("preferred_channel"))
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


def _map_headers(headers: Sequence[Any]) -> tuple[list[tuple[int, str]], list[int], list[str]]:
    """Columns to read (index, key), columns with no header, and the header's problems."""
    mapping: list[tuple[int, str]] = []
    unnamed: list[int] = []
    reasons: list[str] = []
    seen: dict[str, str] = {}
    for index, raw in enumerate(headers):
        text = _text(raw)
        if not text:
            unnamed.append(index)
            continue
        column = HEADER_LOOKUP.get(_header_key(text))
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


def _as_table(source: Any) -> tuple[list[Any], Iterable[Sequence[Any]]]:
    """Headers and rows from a Dataset, file content, mappings, or sequences headed by a header row."""
    if isinstance(source, str):
        source = source.encode("utf-8")
    if isinstance(source, bytes | bytearray):
        source = read_table(bytes(source))
    if isinstance(source, tablib.Dataset):
        dataset = source
        return list(dataset.headers or []), (dataset[i] for i in range(dataset.height))
    rows = list(source)
    if not rows:
        return [], []
    if isinstance(rows[0], Mapping):
        headers: dict[Any, None] = {}
        for row in rows:
            headers.update(dict.fromkeys(row))
        keys = list(headers)
        return keys, ([row.get(key) for key in keys] for row in rows)
    return list(rows[0]), rows[1:]


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _registered(hashes: Sequence[str], by: Any) -> dict[str, str]:
    """Blind index -> file number ("" when the importer may not see that file) of IDs already registered."""
    found: dict[str, tuple[int, str]] = {}
    for chunk in _chunks(hashes, LOOKUP_CHUNK):
        rows = Beneficiary.objects.filter(national_id_hash__in=chunk).values_list(
            "national_id_hash", "pk", "file_number"
        )
        found.update({digest: (pk, number) for digest, pk, number in rows})
    if not found:
        return {}
    visible: set[int] = set()
    pks = [pk for pk, _number in found.values()]
    for chunk in _chunks(pks, LOOKUP_CHUNK):
        visible.update(Beneficiary.objects.visible_to(by).filter(pk__in=chunk).values_list("pk", flat=True))
    return {digest: (number if pk in visible else "") for digest, (pk, number) in found.items()}


def _add_registered_errors(
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


def import_beneficiaries(*, by: Any, rows_or_dataset: Any, dry_run: bool) -> ImportResult:
    """Check every row of an import file and, when all are good and not ``dry_run``, create the files.

    ``rows_or_dataset``: a ``tablib.Dataset`` (row n is line n + 1), the
    bytes of a CSV or XLSX file, an iterable of mappings (header -> cell),
    or of sequences whose first is the header row. Headers are the Arabic
    ones of the export or their English aliases.

    Checks: the required columns and values, a valid national ID or Iqama
    number not repeated in the file nor already registered, a valid Saudi
    mobile number, known and active branch, category and domain codes
    within the importer's scope, and a valid email, date of birth, income
    and channel. Any bad row: nothing is written and ``errors`` lists every
    bad row with all its translated reasons. Requires
    ``beneficiaries.import_beneficiary``.
    """
    if not by.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied
    result = ImportResult(dry_run=dry_run)
    headers, rows = _as_table(rows_or_dataset)
    mapping, unnamed, header_reasons = _map_headers(headers)
    if header_reasons:
        result.errors.append(RowError(line=1, reasons=header_reasons))
        return result

    lookups = _Lookups.load(by)
    errors: dict[int, list[str]] = {}
    candidates: list[_Candidate] = []
    lines_by_hash: dict[str, list[int]] = {}
    unnamed_reason = _("A value is in a column that has no header.")
    for offset, row in enumerate(rows):
        line = offset + 2
        if all(_blank(value) for value in row):
            continue
        result.total += 1
        values = {key: (row[index] if index < len(row) else None) for index, key in mapping}
        data, domains, reasons = _check_row(values, lookups)
        if any(index < len(row) and not _blank(row[index]) for index in unnamed):
            reasons.append(unnamed_reason)
        if reasons:
            errors[line] = reasons
            if data["national_id"]:  # a valid ID on a bad row still counts for duplicates
                lines_by_hash.setdefault(blind_index(data["national_id"], NATIONAL_ID_INDEX), []).append(line)
            continue
        beneficiary = Beneficiary(**data, created_by=by)
        beneficiary.prepare()
        lines_by_hash.setdefault(beneficiary.national_id_hash, []).append(line)
        candidates.append(_Candidate(line, beneficiary, [d.pk for d in domains], "، ".join(d.name for d in domains)))

    if result.total == 0:
        result.errors.append(RowError(line=1, reasons=[_("The file has no rows under its header.")]))
        return result

    for lines in lines_by_hash.values():
        if len(lines) > 1:
            for line in lines:
                others = "، ".join(str(other) for other in lines if other != line)
                errors.setdefault(line, []).append(
                    _("This ID number is repeated in the file (also on line %(lines)s).") % {"lines": others}
                )
    _add_registered_errors(_registered(list(lines_by_hash), by), lines_by_hash, errors)

    _fill_preview(result, candidates)
    if errors:
        result.errors = [RowError(line=line, reasons=errors[line]) for line in sorted(errors)]
        return result
    if dry_run:
        return result

    try:
        _write(candidates, result)
    except IntegrityError:
        # The same ID registered at a desk while the file was being checked.
        registered = _registered(list(lines_by_hash), by)
        if not registered:
            raise
        _add_registered_errors(registered, lines_by_hash, errors)
        result.errors = [RowError(line=line, reasons=errors[line]) for line in sorted(errors)]
        result.created = 0
    return result


def _fill_preview(result: ImportResult, candidates: list[_Candidate]) -> None:
    result.preview = [
        PreviewRow(
            line=c.line,
            full_name=c.beneficiary.full_name,
            branch=c.beneficiary.branch.name,
            category=c.beneficiary.category.name,
            domains=c.domain_names,
            city=c.beneficiary.city,
            preferred_channel=str(PreferredChannel(c.beneficiary.preferred_channel).label),
        )
        for c in candidates[:PREVIEW_LIMIT]
    ]


@transaction.atomic
def _write(candidates: list[_Candidate], result: ImportResult) -> None:
    objects = [c.beneficiary for c in candidates]
    # Reserved last, just before the inserts: the counter row stays locked
    # until this transaction ends.
    numbers = reserve_references(FILE_PREFIX, len(objects))
    for obj, number in zip(objects, numbers, strict=True):
        obj.file_number = number
    Beneficiary.objects.bulk_create(objects, batch_size=BATCH_SIZE)
    if any(obj.pk is None for obj in objects):  # a database that does not return new keys
        pks = {}
        for chunk in _chunks(numbers, LOOKUP_CHUNK):
            pks.update(Beneficiary.objects.filter(file_number__in=chunk).values_list("file_number", "pk"))
        for obj in objects:
            obj.pk = pks[obj.file_number]
    through = Beneficiary.domains.through
    through.objects.bulk_create(
        [through(beneficiary_id=c.beneficiary.pk, domain_id=pk) for c in candidates for pk in c.domain_ids],
        batch_size=BATCH_SIZE * 5,
    )
    result.created = len(objects)
    result.first_file_number, result.last_file_number = numbers[0], numbers[-1]


# --- Export ------------------------------------------------------------------


def _file_name(stem: str, fmt: str) -> str:
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{fmt}"


def _render(dataset: tablib.Dataset, fmt: str) -> bytes:
    if fmt == "csv":
        # A byte-order mark: Excel then reads the Arabic text as UTF-8.
        return ("\ufeff" + base_formats.CSV().export_data(dataset)).encode("utf-8")
    return _xlsx_bytes(dataset)


def _xlsx_bytes(dataset: tablib.Dataset) -> bytes:
    """A right-to-left sheet, header in bold and frozen, every cell text."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title=dataset.title or "beneficiaries")
    sheet.sheet_view.rightToLeft = True
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in dataset.headers or []:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for index in range(dataset.height):
        sheet.append(list(dataset[index]))
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def _check_format(fmt: str) -> str:
    fmt = (fmt or "").lower()
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    return fmt


def export_beneficiaries(*, by: Any, request: HttpRequest, queryset: Any, fmt: str) -> tuple[bytes, str, str]:
    """The beneficiary files of ``queryset`` that ``by`` may see, as CSV or XLSX.

    Only rows of ``Beneficiary.objects.restrict(by, "view")`` are written;
    national ID, phone and income are masked unless ``by`` has
    ``view_sensitive``. One access log row per exported file is written in
    the same transaction. Requires ``beneficiaries.export_beneficiary``.
    Returns ``(content, content_type, filename)``.
    """
    fmt = _check_format(fmt)
    if not by.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied
    allowed = Beneficiary.objects.restrict(by, "view")
    if queryset is not None:
        allowed = allowed.filter(pk__in=queryset.values("pk"))
    allowed = allowed.select_related("branch", "category").prefetch_related("domains").order_by("pk")
    resource = BeneficiaryResource(sensitive_allowed=can_see_sensitive(by))
    with transaction.atomic():
        dataset = resource.export(queryset=allowed)
        dataset.title = "beneficiaries"
        content = _render(dataset, fmt)
        content_type = ContentType.objects.get_for_model(Beneficiary)
        common = {
            "actor": by,
            "action": AccessLog.Action.EXPORT,
            "content_type": content_type,
            "detail": fmt.upper(),
            "ip_address": client_ip(request),
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
            # The path without the search: a searched ID number must not sit in the log in clear text.
            "path": request.path[:300],
        }
        AccessLog.objects.bulk_create(
            [AccessLog(object_id=str(pk), object_repr=text[:200], **common) for pk, text in resource.exported],
            batch_size=BATCH_SIZE,
        )
    return content, FORMATS[fmt]().get_content_type(), _file_name("beneficiaries", fmt)


def import_template(fmt: str) -> tuple[bytes, str, str]:
    """A blank file with the import columns' headers: ``(content, content_type, filename)``."""
    fmt = _check_format(fmt)
    dataset = tablib.Dataset(headers=TEMPLATE_HEADERS, title="beneficiaries")
    return _render(dataset, fmt), FORMATS[fmt]().get_content_type(), f"beneficiaries-import-template.{fmt}"


# --- What the import page explains -------------------------------------------


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


def codes_for(user: Any) -> dict[str, list[tuple[str, str]]]:
    """The active branch, category and domain codes ``user`` may import into."""
    return {
        kind: list(model.objects.visible_to(user).filter(is_active=True).order_by("code").values_list("code", "name"))
        for kind, model in (("branches", Branch), ("categories", Category), ("domains", Domain))
    }
