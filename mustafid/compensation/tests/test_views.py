"""The claim pages: scope, the steps through the page, a refused step keeping what was typed."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from mustafid.accounts.roles import Role
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.compensation.models import Claim, Status

from .helpers import fault_by_ruling, opened, ruling_pdf


def date_fields(prefix: str, name: str, day) -> dict[str, str]:
    # CalendarDateField: the calendar and the date as typed.
    return {f"{prefix}-{name}_0": "gregorian", f"{prefix}-{name}_1": day.isoformat()}


def test_a_case_worker_opens_a_claim_and_establishes_the_fault_by_a_ruling_from_the_page(w, client):
    client.force_login(w["worker"])
    response = client.post(
        reverse("compensation:new", args=[w["b"].pk]), {"harm": "تأخر صرف الإعانة", "claimed_amount": "3000"}
    )
    claim = Claim.objects.get(beneficiary=w["b"])
    assert response.status_code == 302 and response["Location"] == reverse("compensation:detail", args=[claim.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert claim.reference in page.content.decode()
    assert 'data-testid="step-offer"' not in page.content.decode()  # CP-1: no offer before the fault

    step = reverse("compensation:step", args=[claim.pk, "establish_by_ruling"])
    data = {
        "establish_by_ruling-authority": "المحكمة العامة",
        "establish_by_ruling-number": "77/ق",
        **date_fields("establish_by_ruling", "ruling_date", timezone.localdate()),
    }
    refused = client.post(step, {**data, "establish_by_ruling-document": ruling_pdf(b"not a pdf")})
    assert refused.status_code == 422
    assert "77/ق" in refused.content.decode()  # what was typed is kept
    client.post(step, {**data, "establish_by_ruling-document": ruling_pdf()})
    claim.refresh_from_db()
    assert claim.status == Status.FAULT_ESTABLISHED
    assert 'data-testid="step-offer"' in client.get(reverse("compensation:detail", args=[claim.pk])).content.decode()
    offer = reverse("compensation:step", args=[claim.pk, "offer"])
    client.post(offer, {"offer-party": "society", "offer-amount": "2000"})
    assert claim.offers.get().amount == Decimal("2000")
    worklist = client.get(reverse("compensation:worklist"), {"view": "negotiating"})
    assert claim.reference in worklist.content.decode()


def test_a_claim_outside_the_scope_is_a_404_and_a_step_without_the_permission_a_403(w, client):
    claim = opened(w)
    outsider = scoped_staff(Role.CASE_WORKER, BeneficiaryFactory())
    client.force_login(outsider)
    assert client.get(reverse("compensation:detail", args=[claim.pk])).status_code == 404
    step = reverse("compensation:step", args=[claim.pk, "reject"])
    assert client.post(step, {"reject-reason": "x"}).status_code == 404
    assert claim.reference not in client.get(reverse("compensation:worklist")).content.decode()
    client.force_login(w["chair"])  # a committee member reads, does not negotiate
    fault_by_ruling(w, claim)
    response = client.post(reverse("compensation:step", args=[claim.pk, "offer"]), {"offer-party": "society"})
    assert response.status_code in (403, 404)


def test_a_committee_member_reads_only_the_claims_before_their_investigation_committee(w, client):
    from django.utils import timezone as tz

    from mustafid.committees import services as committee_services
    from mustafid.committees.tests.factories import CommitteeFactory
    from mustafid.committees.tests.helpers import member

    claim = opened(w)
    # The member of a competent committee (service requests) sees no claim.
    competent = CommitteeFactory(name="اللجنة المختصة")
    outsider = member(competent, "عضو اللجنة المختصة")
    client.force_login(outsider)
    assert client.get(reverse("compensation:detail", args=[claim.pk])).status_code == 404
    # The investigation committee's member reads the waiting claim and the file it concerns.
    client.force_login(w["m1"])
    assert client.get(reverse("compensation:detail", args=[claim.pk])).status_code == 200
    assert client.get(reverse("beneficiaries:detail", args=[w["b"].pk])).status_code == 200
    # Once fault is established elsewhere (a ruling) and the claim is on no agenda, it is no longer before them.
    fault_by_ruling(w, claim)
    assert client.get(reverse("compensation:detail", args=[claim.pk])).status_code == 404
    # A claim the committee examined stays readable to it.
    examined = opened(w)
    meeting = committee_services.schedule_meeting(by=w["chair"], committee=w["committee"], held_on=tz.localdate())
    committee_services.add_to_agenda(by=w["chair"], meeting=meeting, cases=[examined])
    assert client.get(reverse("compensation:detail", args=[examined.pk])).status_code == 200


def test_the_worklist_exports_as_csv_and_xlsx_within_the_scope_each_file_logged(w, client):
    from io import BytesIO

    import openpyxl

    from mustafid.audit.models import AccessLog

    claim = opened(w)
    other = BeneficiaryFactory(full_name="خارج النطاق")
    hidden = opened({**w, "b": other, "worker": scoped_staff(Role.CASE_WORKER, other)})
    client.force_login(w["worker"])
    response = client.get(reverse("compensation:export"), {"format": "csv"})
    body = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert claim.reference in body and w["b"].full_name in body
    assert hidden.reference not in body and "خارج النطاق" not in body
    assert w["b"].national_id not in body
    assert AccessLog.objects.filter(action=AccessLog.Action.EXPORT, object_id=str(w["b"].pk)).exists()
    xlsx = client.get(reverse("compensation:export"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(BytesIO(xlsx.content)).active
    assert sheet["A2"].value == claim.reference and sheet.sheet_view.rightToLeft
    assert client.get(reverse("compensation:export"), {"format": "pdf"}).status_code == 404
