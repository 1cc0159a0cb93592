"""The aid pages: scheduling from a request, the list of aid due, recording a delivery."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mustafid.accounts.roles import Role
from mustafid.audit.models import AccessLog
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.entitlements.models import Entitlement, Instalment

from .factories import decided_request, entitlement_with


@pytest.fixture
def setup(db):
    beneficiary = BeneficiaryFactory()
    return {
        "b": beneficiary,
        "worker": scoped_staff(Role.CASE_WORKER, beneficiary),
        "desk": scoped_staff(Role.RECEPTIONIST, beneficiary),
    }


def same_scope(beneficiary):
    return BeneficiaryFactory(
        branch=beneficiary.branch, category=beneficiary.category, domains=list(beneficiary.domains.all())
    )


def test_rl3_a_case_worker_schedules_the_aid_from_the_request(client, setup):
    request = decided_request(beneficiary=setup["b"], amount=Decimal("900"))
    client.force_login(setup["worker"])
    url = reverse("entitlements:create", args=[request.pk])
    page = client.get(url)
    assert page.status_code == 200 and "900" in page.content.decode()
    response = client.post(
        url,
        {
            "kind": "scheduled",
            "description": "سلة غذائية شهرية",
            "total_amount": "900",
            "instalments": "3",
            "first_due_on_0": "gregorian",
            "first_due_on_1": "2027-01-15",
            "every_months": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("entitlements:beneficiary", args=[setup["b"].pk])
    entitlement = Entitlement.objects.get(request=request)
    assert [i.amount for i in entitlement.instalments.all()] == [Decimal("300")] * 3


def test_rl3_the_form_shows_the_services_refusal(client, setup):
    request = decided_request(beneficiary=setup["b"], amount=Decimal("100"))
    client.force_login(setup["worker"])
    response = client.post(
        reverse("entitlements:create", args=[request.pk]),
        {
            "kind": "one_off",
            "description": "x",
            "total_amount": "150",
            "instalments": "1",
            "first_due_on_0": "gregorian",
            "first_due_on_1": "2027-01-15",
            "every_months": "1",
        },
    )
    assert response.status_code == 200
    assert not Entitlement.objects.exists()
    assert response.context["form"].non_field_errors()


def test_rl3_a_rejected_request_offers_no_form_a_receptionist_may_not_schedule_an_outsider_sees_nothing(client, setup):
    rejected = decided_request(beneficiary=setup["b"], decision="rejected")
    client.force_login(setup["worker"])
    page = client.get(reverse("entitlements:create", args=[rejected.pk]))
    assert page.status_code == 200 and page.context["blocked"]
    client.force_login(setup["desk"])
    assert client.get(reverse("entitlements:create", args=[rejected.pk])).status_code == 403
    client.force_login(scoped_staff(Role.CASE_WORKER, BeneficiaryFactory()))
    assert client.get(reverse("entitlements:create", args=[rejected.pk])).status_code == 404


def test_rl3_the_due_list_flags_overdue_aid_and_records_a_delivery(client, setup):
    today = timezone.localdate()
    entitlement = entitlement_with(
        decided_request(beneficiary=setup["b"]),
        by=setup["worker"],
        dues=[today - timedelta(days=3), today + timedelta(days=5), today + timedelta(days=60)],
    )
    client.force_login(setup["desk"])
    page = client.get(reverse("entitlements:due"))
    assert page.status_code == 200
    rows = page.context["rows"]
    assert [r["overdue"] for r in rows] == [True, False]  # the one in two months is not listed yet
    assert page.context["overdue_count"] == 1
    overdue = entitlement.instalments.order_by("due_on").first()
    response = client.post(
        reverse("entitlements:deliver", args=[overdue.pk]),
        {
            "method": "cash",
            "receipt_number": "R-1",
            "receipt_file": SimpleUploadedFile("r.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
            "next": reverse("entitlements:due"),
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("entitlements:due")
    overdue.refresh_from_db()
    assert overdue.delivered_by == setup["desk"] and overdue.receipt_number == "R-1"
    assert client.get(reverse("entitlements:due")).context["overdue_count"] == 0
    # The receipt is served through a checked, logged view.
    download = client.get(reverse("entitlements:receipt", args=[overdue.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert AccessLog.objects.filter(action="download", object_id=str(setup["b"].pk)).exists()
    # Twice is refused, and nothing changes.
    again = client.post(reverse("entitlements:deliver", args=[overdue.pk]), {"method": "bank", "receipt_number": "R-2"})
    assert again.status_code == 200 and again.context["form"].non_field_errors()
    overdue.refresh_from_db()
    assert overdue.receipt_number == "R-1"


def test_rl3_an_outsider_cannot_deliver_or_download(client, setup):
    entitlement = entitlement_with(decided_request(beneficiary=setup["b"]), by=setup["worker"], dues=[date(2027, 1, 1)])
    instalment = entitlement.instalments.get()
    client.force_login(scoped_staff(Role.RECEPTIONIST, BeneficiaryFactory()))
    assert (
        client.post(
            reverse("entitlements:deliver", args=[instalment.pk]), {"method": "cash", "receipt_number": "1"}
        ).status_code
        == 404
    )
    assert client.get(reverse("entitlements:receipt", args=[instalment.pk])).status_code == 404
    assert client.get(reverse("entitlements:beneficiary", args=[setup["b"].pk])).status_code == 404
    assert not Instalment.objects.filter(delivered_at__isnull=False).exists()


def test_rl3_the_beneficiary_page_shows_the_schedule_and_logs_the_access(client, setup):
    entitlement_with(decided_request(beneficiary=setup["b"]), by=setup["worker"], dues=[date(2027, 1, 1)])
    client.force_login(setup["desk"])
    page = client.get(reverse("entitlements:beneficiary", args=[setup["b"].pk]))
    assert page.status_code == 200
    assert len(page.context["entitlements"]) == 1
    assert "سلة غذائية" in page.content.decode()
    assert AccessLog.objects.filter(action="view", object_id=str(setup["b"].pk)).exists()


def test_the_due_list_queries_do_not_grow_with_its_rows(client, setup):
    today = timezone.localdate()
    client.force_login(setup["desk"])
    entitlement_with(decided_request(beneficiary=setup["b"]), by=setup["worker"], dues=[today])
    client.get(reverse("entitlements:due"))  # warm the caches (permissions, content types)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("entitlements:due"))
    for _ in range(6):
        entitlement_with(
            decided_request(beneficiary=same_scope(setup["b"])),
            by=setup["worker"],
            dues=[today - timedelta(days=2), today + timedelta(days=1)],
        )
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("entitlements:due"))
    assert len(page.context["rows"]) == 13
    assert len(many) == len(one)


def test_issue_9_2_the_signed_delivery_receipt_follows_the_files_document_rule(client, setup):
    """issue 9.2: a scanned delivery receipt is a beneficiary's paper: refused, like the file's documents,
    to senior management who read the aid but not the documents; the desk downloads it."""
    from mustafid.entitlements import services

    entitlement = entitlement_with(decided_request(beneficiary=setup["b"]), by=setup["worker"], dues=[date(2027, 1, 1)])
    instalment = services.deliver_instalment(
        by=setup["desk"],
        instalment=entitlement.instalments.get(),
        method="cash",
        receipt_number="R-9",
        receipt_file=SimpleUploadedFile("r.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
    )
    url = reverse("entitlements:receipt", args=[instalment.pk])
    boss = scoped_staff(Role.SENIOR_MANAGEMENT, setup["b"])
    client.force_login(boss)
    page = client.get(reverse("entitlements:beneficiary", args=[setup["b"].pk]))
    assert page.status_code == 200 and url not in page.content.decode()
    assert client.get(url).status_code == 403
    assert not AccessLog.objects.filter(actor=boss, action="download").exists()
    client.force_login(setup["desk"])
    assert url in client.get(reverse("entitlements:beneficiary", args=[setup["b"].pk])).content.decode()
    assert client.get(url).status_code == 200


def test_issue_9_2_the_aid_pages_show_no_sensitive_value_of_the_file(client, setup):
    b = setup["b"]
    entitlement_with(decided_request(beneficiary=b), by=setup["worker"], dues=[timezone.localdate()])
    client.force_login(scoped_staff(Role.SENIOR_MANAGEMENT, b))
    for url in (reverse("entitlements:beneficiary", args=[b.pk]), reverse("entitlements:due")):
        body = client.get(url).content.decode()
        assert b.full_name in body, url
        assert b.national_id not in body and b.phone[4:] not in body, url
