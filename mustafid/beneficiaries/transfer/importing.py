"""Writing an import file: all or nothing, in bulk, with file numbers reserved as one block."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from mustafid.accounts.models import Branch, Category, Domain
from mustafid.core.crypto import blind_index
from mustafid.core.references import reserve_references

from ..models import NATIONAL_ID_INDEX, Beneficiary, PreferredChannel
from ..services import FILE_PREFIX
from .check import (
    LOOKUP_CHUNK,
    Lookups,
    RowError,
    add_registered_errors,
    check_row,
    chunks,
    map_headers,
    registered_ids,
)
from .read import as_table, blank

IMPORT_PERMISSION = "beneficiaries.import_beneficiary"
#: Rows per INSERT batch (Django lowers it further where the database needs).
BATCH_SIZE = 1000
#: Rows listed in the preview; the count covers them all.
PREVIEW_LIMIT = 100


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
class _Candidate:
    line: int
    beneficiary: Beneficiary
    domain_ids: list[int]
    domain_names: str


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
    headers, rows = as_table(rows_or_dataset)
    mapping, unnamed, header_reasons = map_headers(headers)
    if header_reasons:
        result.errors.append(RowError(line=1, reasons=header_reasons))
        return result

    lookups = Lookups.load(by)
    errors: dict[int, list[str]] = {}
    candidates: list[_Candidate] = []
    lines_by_hash: dict[str, list[int]] = {}
    unnamed_reason = _("A value is in a column that has no header.")
    for offset, row in enumerate(rows):
        line = offset + 2
        if all(blank(value) for value in row):
            continue
        result.total += 1
        values = {key: (row[index] if index < len(row) else None) for index, key in mapping}
        data, domains, reasons = check_row(values, lookups)
        if any(index < len(row) and not blank(row[index]) for index in unnamed):
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
    add_registered_errors(registered_ids(list(lines_by_hash), by), lines_by_hash, errors)

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
        registered = registered_ids(list(lines_by_hash), by)
        if not registered:
            raise
        add_registered_errors(registered, lines_by_hash, errors)
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
        pks: dict[str, int] = {}
        for chunk in chunks(numbers, LOOKUP_CHUNK):
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


def codes_for(user: Any) -> dict[str, list[tuple[str, str]]]:
    """The active branch, category and domain codes ``user`` may import into."""
    return {
        kind: list(model.objects.visible_to(user).filter(is_active=True).order_by("code").values_list("code", "name"))
        for kind, model in (("branches", Branch), ("categories", Category), ("domains", Domain))
    }
