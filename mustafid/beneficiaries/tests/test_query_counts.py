"""List and file pages cost the same number of queries at 10 rows and at 1,000."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mustafid.accounts.roles import Role
from mustafid.beneficiaries.models import Beneficiary
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff, valid_national_id
from mustafid.interactions.models import Interaction


def add_beneficiaries(template, count, start):
    rows = []
    for n in range(start, start + count):
        b = Beneficiary(
            file_number=f"BEN-2099-{n:06d}",
            full_name=f"مستفيد {n}",
            national_id=valid_national_id(n + 200000),
            phone=f"+96655{n:07d}",
            branch=template.branch,
            category=template.category,
        )
        b.prepare()
        rows.append(b)
    made = Beneficiary.objects.bulk_create(rows)
    through = Beneficiary.domains.through
    domain = template.domains.first()
    through.objects.bulk_create([through(beneficiary_id=b.pk, domain_id=domain.pk) for b in made])


def add_interactions(beneficiary, user, count):
    Interaction.objects.bulk_create(
        Interaction(
            beneficiary=beneficiary, channel="phone", subject=f"اتصال {n}", recorded_by=user, occurred_at=timezone.now()
        )
        for n in range(count)
    )


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_list_page_queries_do_not_grow_with_rows(client):
    first = BeneficiaryFactory()
    user = scoped_staff(Role.RECEPTIONIST, first)
    client.force_login(user)
    add_beneficiaries(first, 9, 1)
    small = queries(client, reverse("beneficiaries:list"))
    add_beneficiaries(first, 990, 100)
    assert Beneficiary.objects.count() == 1000
    assert queries(client, reverse("beneficiaries:list")) == small
    assert queries(client, reverse("beneficiaries:list") + "?q=مستفيد") == queries(
        client, reverse("beneficiaries:list") + "?q=مستفيد 5"
    )


@pytest.mark.django_db
def test_file_page_queries_do_not_grow_with_contacts(client):
    b = BeneficiaryFactory()
    user = scoped_staff(Role.CASE_WORKER, b)
    client.force_login(user)
    add_interactions(b, user, 10)
    small = queries(client, reverse("beneficiaries:detail", args=[b.pk]))
    add_interactions(b, user, 990)
    assert queries(client, reverse("beneficiaries:detail", args=[b.pk])) == small
