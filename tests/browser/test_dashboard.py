"""The management dashboard in the browser: charts drawn beside their numbers, a number opens its list (SM-5)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from mustafid.beneficiaries.models import Beneficiary
from mustafid.requests.models import ServiceRequest, Status
from mustafid.services.models import ServiceVersion

from .test_request_cycle import BENEFICIARY, SERVICE, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sm5_the_dashboard_draws_its_charts_and_a_late_number_opens_the_late_requests(live_server, page, screenshot):
    call_command("load_demo", force=True)
    beneficiary = Beneficiary.objects.get(full_name=BENEFICIARY)
    version = ServiceVersion.objects.filter(service__name=SERVICE, published_at__isnull=False).latest("number")
    today = timezone.localdate()
    day = today - timedelta(days=max(1, (today.day - 1) // 2))  # within this quarter
    for n, late in enumerate((False, False, True)):
        ServiceRequest.objects.create(
            beneficiary=beneficiary,
            version=version,
            received_via="interview",
            status=Status.REPLIED,
            reference=f"REQ-2026-95000{n}",
            completed_on=day,
            due_on=day if late else today,
            replied_on=today,
        )

    sign_in(page, live_server, "manager@mustafid.test")
    page.goto(f"{live_server.url}/reports/dashboard/")
    assert page.locator("[data-testid=metric-requests_late]").inner_text() == "1"
    # Chart.js drew on the canvas: it sized it and left pixels (a blank canvas has none).
    drawn = page.evaluate(
        """() => { const c = document.querySelector('canvas[data-chart=requests]');
                   const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                   return d.some(v => v !== 0); }"""
    )
    assert drawn
    screenshot("management-dashboard-ar")
    page.click("[data-testid=metric-requests_late]")
    page.wait_for_url("**metric=requests_late**")
    assert page.locator("[data-testid=records] tbody tr").count() == 1
    assert "REQ-2026-950002" in page.locator("[data-testid=records]").inner_text()
    # The compliance report: every clause, HD-6 at risk or worse with one late reply in three.
    page.goto(f"{live_server.url}/reports/compliance/")
    assert page.locator("[data-testid=clauses] tbody tr").count() == 39
    assert page.locator("[data-testid=clause-HD-6] [data-testid=share]").inner_text() == "67%"
    screenshot("compliance-report-ar")
