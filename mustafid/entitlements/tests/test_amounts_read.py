"""Every amount on the staff pages reads ``6,000.00 ريال`` (issue 10.2).

Django localised the ``Decimal`` through the Arabic formats (``6000,00``), a
decimal comma no Saudi reader expects; the pages now print amounts through
the one ``|amount`` filter.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from mustafid.accounts.roles import Role
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.entitlements.selectors import timeline_entries

from .factories import decided_request, entitlement_with

pytestmark = pytest.mark.django_db

SIX_THOUSAND = "6,000.00 ريال"


@pytest.fixture
def aid():
    beneficiary = BeneficiaryFactory()
    worker = scoped_staff(Role.CASE_WORKER, beneficiary)
    request = decided_request(beneficiary=beneficiary, amount=Decimal("6000"))
    entitlement = entitlement_with(request, by=worker, dues=[timezone.localdate()], amount=Decimal("6000"))
    return {"b": beneficiary, "worker": worker, "request": request, "entitlement": entitlement}


def body(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def assert_reads_six_thousand(html: str) -> None:
    assert SIX_THOUSAND in html
    assert "6000,00" not in html and "6000.00" not in html


def test_the_request_page_shows_the_approved_amount_grouped(client, aid):
    assert_reads_six_thousand(body(client, aid["worker"], reverse("requests:detail", args=[aid["request"].pk])))


def test_the_beneficiarys_aid_page_shows_total_and_instalments_grouped(client, aid):
    assert_reads_six_thousand(body(client, aid["worker"], reverse("entitlements:beneficiary", args=[aid["b"].pk])))


def test_the_scheduling_page_shows_the_approved_amount_grouped(client, aid):
    assert_reads_six_thousand(body(client, aid["worker"], reverse("entitlements:create", args=[aid["request"].pk])))


def test_the_aid_due_and_the_delivery_pages_show_the_amount_grouped(client, aid):
    desk = scoped_staff(Role.RECEPTIONIST, aid["b"])
    assert_reads_six_thousand(body(client, desk, reverse("entitlements:due")))
    instalment = aid["entitlement"].instalments.get()
    assert_reads_six_thousand(body(client, desk, reverse("entitlements:deliver", args=[instalment.pk])))


def test_the_timeline_says_the_delivered_amount_grouped(aid):
    instalment = aid["entitlement"].instalments.get()
    instalment.status = instalment.Status.DELIVERED
    instalment.delivered_at = timezone.now() - timedelta(hours=1)
    instalment.save(update_fields=["status", "delivered_at"])
    titles = [str(e.title) for e in timeline_entries(aid["b"], aid["worker"], 10)]
    assert any("6,000.00" in t for t in titles), titles


def test_the_file_shows_the_monthly_income_as_an_amount(client):
    """The file's monthly income read ``6000,00`` (the Arabic locale's decimal comma)."""
    beneficiary = BeneficiaryFactory(monthly_income=Decimal("6000"))
    worker = scoped_staff(Role.CASE_WORKER, beneficiary)
    assert worker.has_perm("beneficiaries.view_sensitive")
    html = body(client, worker, reverse("beneficiaries:detail", args=[beneficiary.pk]))
    assert SIX_THOUSAND in html
    assert "6000,00" not in html
