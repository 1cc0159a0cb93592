"""Import of a 50,000-row CSV, against bare ``bulk_create`` of the same rows.

Both run into a throw-away branch and category inside a transaction that is
rolled back, so the big data stays as it was and nothing is left behind
(also the file-number counter goes back to where it was).
"""

from __future__ import annotations

import csv
import io
import random
import time
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from . import fixtures, people

N_ROWS = 50_000
ID_BASE = 2_000_000  # people numbers of the imported rows: unique, apart from the big fill's
BRANCH_CODE = "bench-import"
CATEGORY_CODE = "bench-import"


@dataclass
class ImportBench:
    rows: int
    import_seconds: float | None = None
    dry_run_seconds: float | None = None
    bulk_seconds: float | None = None
    note: str = ""

    @property
    def import_rate(self) -> float | None:
        return self.rows / self.import_seconds if self.import_seconds else None

    @property
    def dry_run_rate(self) -> float | None:
        return self.rows / self.dry_run_seconds if self.dry_run_seconds else None

    @property
    def bulk_rate(self) -> float | None:
        return self.rows / self.bulk_seconds if self.bulk_seconds else None


class _Rollback(Exception):
    pass


def csv_rows(n: int, domain_codes: list[str], seed: int = 77) -> list[dict[str, str]]:
    """Valid rows as a society's spreadsheet holds them (local mobile numbers, codes, plain amounts)."""
    rng = random.Random(seed)
    rows = []
    for index in range(n):
        name, gender, _parts = people.full_name(rng)
        city, districts = rng.choice(people.CITIES)
        channel = rng.choices(["sms", "phone", "letter", "email"], [70, 15, 10, 5])[0]
        rows.append(
            {
                "full_name": name,
                "national_id": people.national_id(ID_BASE + index),
                "phone": people.local_mobile(people.mobile(rng)),
                "email": f"imp{index}@example.sa" if channel == "email" else "",
                "gender": gender,
                "date_of_birth": (date(1941, 1, 1) + timedelta(days=rng.randrange(365 * 66))).isoformat(),
                "branch": BRANCH_CODE,
                "category": CATEGORY_CODE,
                "domains": ";".join(rng.sample(domain_codes, 1 if rng.random() < 0.6 else 2)),
                "city": city,
                "district": rng.choice(districts),
                "monthly_income": str(rng.randrange(0, 12_000, 50)),
                "preferred_channel": channel,
            }
        )
    return rows


def to_csv(rows: list[dict[str, str]]) -> bytes:
    """The CSV as the import template has it: the Arabic headers, UTF-8 with a BOM."""
    from mustafid.beneficiaries.transfer.columns import COLUMNS

    columns = [c for c in COLUMNS if c.importable]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.header for c in columns])
    for row in rows:
        writer.writerow([row.get(c.key, "") for c in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _bulk_create(rows: list[dict[str, str]], by, branch, category, domains: dict) -> None:
    """What an import costs at the least: the model objects, their derived columns, bulk INSERTs."""
    from decimal import Decimal

    from mustafid.beneficiaries.models import Beneficiary
    from mustafid.core.phones import normalize_phone

    objects = []
    for index, row in enumerate(rows):
        obj = Beneficiary(
            file_number=f"BULK-{index:06d}",
            full_name=row["full_name"],
            national_id=row["national_id"],
            phone=normalize_phone(row["phone"]),
            email=row["email"],
            gender=row["gender"],
            date_of_birth=date.fromisoformat(row["date_of_birth"]),
            branch=branch,
            category=category,
            city=row["city"],
            district=row["district"],
            monthly_income=Decimal(row["monthly_income"]),
            preferred_channel=row["preferred_channel"],
            created_by=by,
        )
        obj.prepare()
        objects.append(obj)
    Beneficiary.objects.bulk_create(objects, batch_size=1000)
    through = Beneficiary.domains.through
    through.objects.bulk_create(
        [
            through(beneficiary_id=obj.pk, domain_id=domains[code])
            for obj, row in zip(objects, rows, strict=True)
            for code in row["domains"].split(";")
        ],
        batch_size=5000,
    )


def _in_rolled_back_transaction(fn) -> float:
    """Seconds ``fn`` takes inside a transaction that is then rolled back."""
    from mustafid.accounts.models import Branch, Category

    elapsed = 0.0
    try:
        with transaction.atomic():
            branch = Branch.objects.create(code=BRANCH_CODE, name="فرع الاستيراد التجريبي", city="حائل")
            category = Category.objects.create(code=CATEGORY_CODE, name="فئة الاستيراد التجريبية")
            started = time.perf_counter()
            fn(branch, category)
            elapsed = time.perf_counter() - started
            raise _Rollback
    except _Rollback:
        pass
    return elapsed


def run(n_rows: int = N_ROWS) -> ImportBench:
    from mustafid.accounts.models import Domain

    result = ImportBench(rows=n_rows)
    try:
        from mustafid.beneficiaries.transfer.importing import import_beneficiaries
    except ImportError as exc:
        result.note = f"import service not there yet ({exc})"
        return result
    by = fixtures.importer_user()
    domains = dict(Domain.objects.values_list("code", "pk"))
    rows = csv_rows(n_rows, sorted(domains))
    content = to_csv(rows)

    result.bulk_seconds = _in_rolled_back_transaction(
        lambda branch, category: _bulk_create(rows, by, branch, category, domains)
    )

    outcome = {}

    def dry(branch, category):
        outcome["dry"] = import_beneficiaries(by=by, rows_or_dataset=content, dry_run=True)

    def real(branch, category):
        outcome["real"] = import_beneficiaries(by=by, rows_or_dataset=content, dry_run=False)

    try:
        result.dry_run_seconds = _in_rolled_back_transaction(dry)
        result.import_seconds = _in_rolled_back_transaction(real)
    except Exception as exc:  # the service is being written right now
        result.import_seconds = result.dry_run_seconds = None
        result.note = f"import failed: {type(exc).__name__}: {exc}"
        return result
    for key in ("dry", "real"):
        got = outcome[key]
        if got.errors:
            first = got.errors[0]
            raise SystemExit(f"import ({key}) refused the generated CSV: line {first.line}: {first.reasons}")
    if outcome["real"].created != n_rows:
        raise SystemExit(f"import created {outcome['real'].created} files of {n_rows}")
    return result
