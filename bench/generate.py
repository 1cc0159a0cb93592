"""Fill the benchmark database: 1,000,000 beneficiaries and 3,000,000 contacts.

Run alone with ``python -m bench.generate [--force]`` (``make bench`` calls it
too). Rows are built by worker processes (encryption with the project's own
``core.crypto.encrypt``, blind indexes with ``core.crypto.blind_index``, the
search form with ``core.arabic.normalize``) and streamed into the real tables
with PostgreSQL ``COPY``. The whole fill is one transaction: the tables are
truncated, their secondary indexes and foreign keys dropped, the rows copied
(``FREEZE``), then indexes and foreign keys put back, so an interrupted fill
leaves the database as it was. A marker row says the data is there, and
later runs skip the fill.
"""

from __future__ import annotations

import argparse
import bisect
import multiprocessing
import os
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import partial

from . import people

N_BENEFICIARIES = 1_000_000
N_INTERACTIONS = 3_000_000
FILL_VERSION = 1
CHUNK = 10_000
SEED = 20_261_125
START = datetime(2018, 1, 1, tzinfo=UTC)
END = datetime(2026, 11, 1, tzinfo=UTC)
MARKER = "bench_fill"
FILE_PREFIX = "BEN"  # beneficiaries.services.FILE_PREFIX

BENEFICIARY_COLUMNS = (
    "id", "created_at", "updated_at", "file_number", "full_name", "name_search", "gender", "date_of_birth",
    "national_id", "national_id_hash", "phone", "phone_hash", "email", "branch_id", "category_id", "city",
    "district", "address", "monthly_income", "health_notes", "preferred_channel", "is_archived", "created_by_id",
)  # fmt: skip
INTERACTION_COLUMNS = (
    "beneficiary_id", "channel", "direction", "occurred_at", "subject", "summary", "reference", "counterpart",
    "attachment", "attachment_type", "follow_up_on", "follow_up_note", "follow_up_done_at", "recorded_by_id",
    "recorded_at",
)  # fmt: skip
NULL = "\\N"

CHANNELS = [  # (channel, weight, subjects)
    ("phone", 35, ["استفسار عن موعد صرف المساعدة", "متابعة طلب مساعدة", "تحديث رقم الجوال", "الاستفسار عن حالة الطلب"]),
    ("interview", 25, ["مقابلة تسجيل ملف", "دراسة حالة اجتماعية", "تسليم مستندات الدخل", "مقابلة تحديث البيانات"]),
    ("web", 12, ["طلب خدمة عبر البوابة", "تحديث بيانات عبر الموقع", "استفسار عبر نموذج التواصل"]),
    ("letter", 10, ["خطاب طلب مساعدة سكن", "خطاب إفادة", "رد على خطاب المستفيد"]),
    ("email", 8, ["رسالة بريد بشأن الطلب", "إرسال صورة الهوية", "استفسار عن البرامج التدريبية"]),
    ("volunteer", 7, ["زيارة منزلية من متطوع", "توصيل سلة غذائية", "مرافقة لموعد طبي"]),
    ("fax", 3, ["فاكس من الجهة المحيلة", "تقرير طبي بالفاكس"]),
]  # fmt: skip
SUMMARIES = [
    "تم التواصل مع المستفيد وشرح الإجراءات المطلوبة.",
    "أفاد المستفيد بتغير وضعه المادي وسيرسل ما يثبت ذلك.",
    "طلب المستفيد تحديث بيانات الأسرة وتمت الإحالة للباحث.",
    "تم إبلاغ المستفيد بموعد الصرف القادم.",
    "سُلّمت المستندات واكتمل الملف.",
    "لم يتم الرد، وسيعاد الاتصال لاحقاً.",
]
CHANNEL_NAMES = [c[0] for c in CHANNELS]
CHANNEL_CUMULATIVE = []
_total = 0
for _name, _weight, _subjects in CHANNELS:
    _total += _weight
    CHANNEL_CUMULATIVE.append(_total)
SUBJECTS = {name: subjects for name, _w, subjects in CHANNELS}


@dataclass
class Plan:
    """What the workers need to build rows (picklable)."""

    n_beneficiaries: int
    branches: list[tuple[int, str, float]]
    categories: list[tuple[int, float]]
    domains: list[int]
    creator_id: int
    recorders: list[int]
    # The first 0-based index of each year's files (for the per-year file numbers).
    year_starts: dict[int, int] = field(default_factory=dict)
    id_offset: int = 0  # index of the first person (IDs and file numbers continue past the big fill)
    pk_offset: int = 0  # primary keys start after this
    file_prefix: str = FILE_PREFIX


def created_at(plan: Plan, index: int) -> datetime:
    """Files are opened steadily over the years: a higher id is a newer file."""
    span = (END - START).total_seconds()
    return START + timedelta(seconds=span * index / max(plan.n_beneficiaries, 1))


def year_starts(plan: Plan) -> dict[int, int]:
    starts = {}
    indices = range(plan.n_beneficiaries)
    for year in range(START.year, END.year + 1):
        starts[year] = bisect.bisect_left(indices, year, key=lambda i: created_at(plan, i).year)
    return starts


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S+00")


def _weighted(rng: random.Random, items: list, weights: list[float]):
    return rng.choices(items, weights=weights, k=1)[0]


def beneficiary_rows(plan: Plan, start: int, count: int) -> tuple[bytes, bytes]:
    """COPY text of rows ``start .. start+count-1`` and of their domain links."""
    from mustafid.beneficiaries.models import NATIONAL_ID_INDEX, PHONE_INDEX
    from mustafid.core.arabic import normalize
    from mustafid.core.crypto import blind_index, encrypt

    rng = random.Random(SEED * 7 + start + plan.id_offset)
    branch_weights = [b[2] for b in plan.branches]
    category_ids = [c[0] for c in plan.categories]
    category_weights = [c[1] for c in plan.categories]
    years = sorted(plan.year_starts)
    lines: list[str] = []
    links: list[str] = []
    for index in range(start, start + count):
        pk = plan.pk_offset + index + 1
        person = plan.id_offset + index
        opened = created_at(plan, index)
        year = opened.year
        if year not in plan.year_starts:
            year = years[-1]
        number = index - plan.year_starts[year] + 1
        name, gender, _parts = people.full_name(rng)
        national_id = people.national_id(person)
        phone = people.mobile(rng)
        branch_id, city, _share = _weighted(rng, plan.branches, branch_weights)
        districts = next(d for c, d in people.CITIES if c == city)
        district = rng.choice(districts)
        born = date(1941, 1, 1) + timedelta(days=rng.randrange(365 * 66))
        income = NULL if rng.random() < 0.1 else encrypt(f"{rng.randrange(0, 12_000, 50)}.00")
        health = encrypt(rng.choice(people.HEALTH)) if rng.random() < 0.12 else ""
        channel = _weighted(rng, ["sms", "phone", "letter", "email"], [70, 15, 10, 5])
        email = f"b{person}@example.sa" if channel == "email" or rng.random() < 0.1 else ""
        lines.append(
            "\t".join(
                (
                    str(pk),
                    _stamp(opened),
                    _stamp(opened),
                    f"{plan.file_prefix}-{year}-{number:06d}",
                    name,
                    normalize(name),
                    gender,
                    born.isoformat(),
                    encrypt(national_id),
                    blind_index(national_id, NATIONAL_ID_INDEX),
                    encrypt(phone),
                    blind_index(phone, PHONE_INDEX),
                    email,
                    str(branch_id),
                    str(_weighted(rng, category_ids, category_weights)),
                    city,
                    district,
                    f"{district}، {city}، ص.ب {rng.randrange(1000, 99999)}",
                    income,
                    health,
                    channel,
                    "t" if rng.random() < 0.03 else "f",
                    str(plan.creator_id),
                )
            )
        )
        for domain_id in rng.sample(plan.domains, k=1 if rng.random() < 0.6 else 2):
            links.append(f"{pk}\t{domain_id}")
    return ("\n".join(lines) + "\n").encode(), ("\n".join(links) + "\n").encode()


def interaction_rows(plan: Plan, start: int, count: int, *, beneficiary_ids: list[int] | None = None) -> bytes:
    """COPY text of ``count`` contacts, on random beneficiaries (or on ``beneficiary_ids`` in turn)."""
    rng = random.Random(SEED * 13 + start)
    frequent = max(plan.n_beneficiaries // 20, 1)
    lines = []
    for n in range(count):
        if beneficiary_ids:
            pk = beneficiary_ids[n % len(beneficiary_ids)]
            index = pk - plan.pk_offset - 1
        else:
            # A fifth of the people account for a good part of the contacts.
            index = rng.randrange(frequent) * 20 if rng.random() < 0.25 else rng.randrange(plan.n_beneficiaries)
            pk = plan.pk_offset + index + 1
        opened = created_at(plan, index)
        occurred = opened + (END - opened) * rng.random()
        roll = rng.randrange(CHANNEL_CUMULATIVE[-1])
        channel = CHANNEL_NAMES[bisect.bisect_right(CHANNEL_CUMULATIVE, roll)]
        reference = f"IN-{occurred.year}-{rng.randrange(1, 99_999):05d}" if channel in ("letter", "fax") else ""
        counterpart = ""
        if channel in ("phone", "fax"):
            counterpart = people.local_mobile(people.mobile(rng))
        elif channel == "email":
            counterpart = f"b{index}@example.sa"
        follow_up, note, done = NULL, "", NULL
        if rng.random() < 0.08:
            follow_up = (occurred + timedelta(days=rng.randrange(1, 15))).date().isoformat()
            note = "معاودة الاتصال بالمستفيد"
            if rng.random() < 0.6:
                done = _stamp(occurred + timedelta(days=rng.randrange(1, 20)))
        lines.append(
            "\t".join(
                (
                    str(pk),
                    channel,
                    "in" if rng.random() < 0.6 else "out",
                    _stamp(occurred),
                    rng.choice(SUBJECTS[channel]),
                    rng.choice(SUMMARIES),
                    reference,
                    counterpart,
                    "",
                    "",
                    follow_up,
                    note,
                    done,
                    str(rng.choice(plan.recorders)),
                    _stamp(occurred),
                )
            )
        )
    return ("\n".join(lines) + "\n").encode()


# --- loading -------------------------------------------------------------------


def _tables():
    from mustafid.beneficiaries.models import Beneficiary
    from mustafid.interactions.models import Interaction

    return (
        Beneficiary._meta.db_table,
        Beneficiary.domains.through._meta.db_table,
        Interaction._meta.db_table,
    )


def check_columns(cursor) -> None:
    """Fail clearly when the schema gained a required column the generator does not fill."""
    ben, _links, inter = _tables()
    for table, columns in ((ben, BENEFICIARY_COLUMNS), (inter, INTERACTION_COLUMNS)):
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
            "AND is_nullable = 'NO' AND column_default IS NULL",
            [table],
        )
        missing = {row[0] for row in cursor.fetchall()} - set(columns) - {"id"}
        if missing:
            raise SystemExit(f"bench.generate: {table} has new required columns {sorted(missing)}: fill them")


def _drop_secondary(cursor, tables) -> list[str]:
    """Drop non-unique indexes and foreign keys of ``tables``; return the DDL that restores them."""
    restore_indexes, restore_fks = [], []
    cursor.execute(
        "SELECT c.conname, c.conrelid::regclass::text, pg_get_constraintdef(c.oid) FROM pg_constraint c "
        "WHERE c.contype = 'f' AND c.conrelid = ANY(%s::regclass[])",
        [list(tables)],
    )
    for name, table, definition in cursor.fetchall():
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        restore_fks.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisunique AND NOT i.indisprimary",
        [list(tables)],
    )
    for name, definition in cursor.fetchall():
        cursor.execute(f"DROP INDEX {name}")
        restore_indexes.append(definition)
    return restore_indexes + restore_fks


def _copy(cursor, table: str, columns, chunks) -> int:
    rows = 0
    with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FREEZE)") as copy:
        for data in chunks:
            copy.write(data)
            rows += data.count(b"\n")
    return rows


def _chunks(total: int) -> list[tuple[int, int]]:
    return [(start, min(CHUNK, total - start)) for start in range(0, total, CHUNK)]


def _ben_job(plan: Plan, span: tuple[int, int]) -> tuple[bytes, bytes]:
    return beneficiary_rows(plan, *span)


def _inter_job(plan: Plan, span: tuple[int, int]) -> bytes:
    return interaction_rows(plan, *span)


def filled(cursor, n_beneficiaries: int, n_interactions: int) -> bool:
    cursor.execute(
        f"CREATE TABLE IF NOT EXISTS {MARKER} (version int, beneficiaries int, interactions int, "
        "seconds float, filled_at timestamptz DEFAULT now())"
    )
    cursor.execute(f"SELECT version, beneficiaries, interactions FROM {MARKER} ORDER BY filled_at DESC LIMIT 1")
    return cursor.fetchone() == (FILL_VERSION, n_beneficiaries, n_interactions)


def make_plan(n_beneficiaries: int, scope, creator_id: int, recorders: list[int], **extra) -> Plan:
    plan = Plan(n_beneficiaries, scope.branches, scope.categories, scope.domains, creator_id, recorders, **extra)
    plan.year_starts = year_starts(plan)
    return plan


def fill(*, n_beneficiaries: int = N_BENEFICIARIES, n_interactions: int = N_INTERACTIONS, force: bool = False) -> dict:
    """Fill the database unless the same fill is there already; return timings."""
    from django.db import connection, transaction

    from mustafid.core.models import ReferenceCounter

    from . import fixtures

    with connection.cursor() as cursor:
        if not force and filled(cursor, n_beneficiaries, n_interactions):
            cursor.execute(f"SELECT seconds, filled_at FROM {MARKER} ORDER BY filled_at DESC LIMIT 1")
            seconds, at = cursor.fetchone()
            print(f"data already there (filled {at:%Y-%m-%d %H:%M} in {seconds / 60:.1f} min): fill skipped")
            return {"skipped": True, "seconds": seconds}

    scope = fixtures.scope_items()
    creator = fixtures.staff("loader", "إدخال البيانات", role="receptionist")
    recorders = [creator.pk, fixtures.global_user().pk, fixtures.branch_user().pk]
    plan = make_plan(n_beneficiaries, scope, creator.pk, recorders)
    ben, links, inter = _tables()
    timings: dict[str, float] = {}
    began = time.perf_counter()
    connection.close()  # the workers fork without the database connection
    pool = multiprocessing.get_context("fork").Pool(processes=os.cpu_count() or 2)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            check_columns(cursor)
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute(f"TRUNCATE {ben}, {inter} RESTART IDENTITY CASCADE")
            restore = _drop_secondary(cursor, (ben, links, inter))

            step = time.perf_counter()
            link_data: list[bytes] = []

            def ben_chunks():
                for done, (rows, link_rows) in enumerate(pool.imap(partial(_ben_job, plan), _chunks(n_beneficiaries))):
                    link_data.append(link_rows)
                    _progress("beneficiaries", (done + 1) * CHUNK, n_beneficiaries, step)
                    yield rows

            _copy(cursor, ben, BENEFICIARY_COLUMNS, ben_chunks())
            _copy(cursor, links, ("beneficiary_id", "domain_id"), link_data)
            timings["beneficiaries"] = time.perf_counter() - step

            step = time.perf_counter()

            def inter_chunks():
                for done, rows in enumerate(pool.imap(partial(_inter_job, plan), _chunks(n_interactions))):
                    _progress("contacts", (done + 1) * CHUNK, n_interactions, step)
                    yield rows

            _copy(cursor, inter, INTERACTION_COLUMNS, inter_chunks())
            timings["contacts"] = time.perf_counter() - step

            step = time.perf_counter()
            for ddl in restore:
                cursor.execute(ddl)
            timings["indexes"] = time.perf_counter() - step
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{ben}', 'id'), %s)", [n_beneficiaries])
            for year, first in plan.year_starts.items():
                last = plan.year_starts.get(year + 1, n_beneficiaries) - first
                if last > 0:
                    counter, _ = ReferenceCounter.objects.get_or_create(prefix=FILE_PREFIX, year=year)
                    counter.last_value = max(counter.last_value, last)
                    counter.save()
            cursor.execute(
                f"INSERT INTO {MARKER} (version, beneficiaries, interactions, seconds) VALUES (%s, %s, %s, %s)",
                [FILL_VERSION, n_beneficiaries, n_interactions, time.perf_counter() - began],
            )
    finally:
        pool.close()
        pool.join()
    print()
    step = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {ben}, {links}, {inter}")
    timings["vacuum analyze"] = time.perf_counter() - step
    total = time.perf_counter() - began
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {MARKER} SET seconds = %s WHERE version = %s", [total, FILL_VERSION])
    print(
        f"filled {n_beneficiaries:,} beneficiaries and {n_interactions:,} contacts in {total / 60:.1f} min ("
        + ", ".join(f"{k} {v:.0f} s" for k, v in timings.items())
        + ")"
    )
    return {"skipped": False, "seconds": total, **timings}


def _progress(what: str, done: int, total: int, since: float) -> None:
    done = min(done, total)
    if done % (CHUNK * 20) == 0 or done == total:
        rate = done / max(time.perf_counter() - since, 1e-9)
        sys.stdout.write(f"\r  {what}: {done:,}/{total:,} ({rate:,.0f} rows/s)   ")
        sys.stdout.flush()
        if done == total:
            sys.stdout.write("\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--beneficiaries", type=int, default=N_BENEFICIARIES)
    parser.add_argument("--interactions", type=int, default=N_INTERACTIONS)
    parser.add_argument("--force", action="store_true", help="fill again even when the data is there")
    args = parser.parse_args(argv)
    from .boot import boot

    boot()
    fill(n_beneficiaries=args.beneficiaries, n_interactions=args.interactions, force=args.force)


if __name__ == "__main__":
    main()
