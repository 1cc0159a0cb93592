"""Queries of the list page and the file page at 10 and at 10,000 rows.

The small and the large cases live in throw-away branches with their own
staff, built inside one transaction that is rolled back at the end: the big
data is never touched and nothing is left behind.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from . import generate, pages

SIZES = (10, 10_000)
ID_BASE = 3_000_000  # people numbers of the throw-away rows (IDs unique, apart from the big fill's)


@dataclass
class Count:
    page: str
    small: int | None
    large: int | None

    @property
    def verdict(self) -> str:
        if self.small is None or self.large is None:
            return "n/a"
        return "equal" if self.small == self.large else "NOT EQUAL"


class _Rollback(Exception):
    pass


def _reserve_pks(cursor, table: str, count: int) -> int:
    cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
    (top,) = cursor.fetchone()
    cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)", [top + count])
    return top


def _throwaway(size: int, scope, domains):
    """A branch with ``size`` beneficiaries, the first of them with ``size`` contacts, and a scoped case worker."""
    from mustafid.accounts.models import Branch, Category, Domain
    from mustafid.beneficiaries.models import Beneficiary
    from mustafid.interactions.models import Interaction

    from . import fixtures

    branch = Branch.objects.create(code=f"bench-qc-{size}", name=f"فرع تجريبي {size}", city="حائل")
    category = Category.objects.create(code=f"bench-qc-{size}", name=f"فئة تجريبية {size}")
    user = fixtures.staff(
        f"qc-{size}",
        f"موظف تجريبي {size}",
        role="case_worker",
        branches=[branch],
        categories=[category],
        domains=list(Domain.objects.all()),
    )
    ben = Beneficiary._meta.db_table
    with connection.cursor() as cursor:
        first_pk = _reserve_pks(cursor, ben, size)
        plan = generate.make_plan(
            size,
            type(scope)([(branch.pk, "حائل", 1.0)], [(category.pk, 1.0)], domains),
            user.pk,
            [user.pk],
            id_offset=ID_BASE + size * 10,
            pk_offset=first_pk,
            file_prefix=f"QC{'S' if size == SIZES[0] else 'L'}",
        )
        rows, links = generate.beneficiary_rows(plan, 0, size)
        with cursor.cursor.copy(f"COPY {ben} ({', '.join(generate.BENEFICIARY_COLUMNS)}) FROM STDIN") as copy:
            copy.write(rows)
        through = Beneficiary.domains.through._meta.db_table
        with cursor.cursor.copy(f"COPY {through} (beneficiary_id, domain_id) FROM STDIN") as copy:
            copy.write(links)
        target = first_pk + 1
        contacts = generate.interaction_rows(plan, 0, size, beneficiary_ids=[target])
        table = Interaction._meta.db_table
        with cursor.cursor.copy(f"COPY {table} ({', '.join(generate.INTERACTION_COLUMNS)}) FROM STDIN") as copy:
            copy.write(contacts)
        cursor.execute(f"ANALYZE {ben}")
    assert Beneficiary.objects.visible_to(user).count() == size
    assert Interaction.objects.filter(beneficiary_id=target).count() == size
    return user, target


def _count(client: Client, url: str) -> int:
    client.get(url)  # warm: sessions, content types, translations
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (response.status_code, url)
    return len(captured.captured_queries)


def run(scope) -> list[Count]:
    list_url, why = pages.url("beneficiaries:list")
    if list_url is None:
        print(f"  not measured: {why}")
        return [Count("list page", None, None), Count("file page", None, None)]
    has_detail, why = pages.url("beneficiaries:detail", 1)
    if not has_detail:
        print(f"  file page not measured: {why}")
    counts = {"list": {}, "detail": {}}
    try:
        with transaction.atomic():
            for size in SIZES:
                user, target = _throwaway(size, scope, scope.domains)
                client = Client()
                client.force_login(user)
                counts["list"][size] = _count(client, list_url)
                if has_detail:
                    counts["detail"][size] = _count(client, reverse("beneficiaries:detail", args=[target]))
            raise _Rollback
    except _Rollback:
        pass
    except Exception as exc:  # a page being edited right now: report it, keep going
        print(f"  failed, not measured: {type(exc).__name__}: {exc}")
        counts = {"list": {}, "detail": {}}
    small, large = SIZES
    return [
        Count(f"list page ({small:,} vs {large:,} rows)", counts["list"].get(small), counts["list"].get(large)),
        Count(
            f"file page ({small:,} vs {large:,} contacts)",
            counts["detail"].get(small),
            counts["detail"].get(large),
        ),
    ]
