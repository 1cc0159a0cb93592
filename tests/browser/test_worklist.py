"""The worklist in the browser: stage tabs with counts, filters kept across them, overdue marked (issue 10.1)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from mustafid.accounts.models import User
from mustafid.beneficiaries.models import Beneficiary
from mustafid.requests.models import ServiceRequest, Status
from mustafid.services.models import ServiceVersion

from .test_request_cycle import BENEFICIARY, SERVICE, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_issue_10_1_the_worklist_shows_every_stage_and_filters_by_channel(live_server, page, screenshot):
    call_command("load_demo", force=True)
    beneficiary = Beneficiary.objects.get(full_name=BENEFICIARY)
    version = ServiceVersion.objects.filter(service__name=SERVICE, published_at__isnull=False).latest("number")
    researcher = User.objects.get(email="researcher@mustafid.test")
    today = timezone.localdate()

    def filed(reference, status, via, due_on, **extra):
        return ServiceRequest.objects.create(
            beneficiary=beneficiary,
            version=version,
            received_via=via,
            status=status,
            reference=reference,
            completed_on=today - timedelta(days=20),
            due_on=due_on,
            **extra,
        )

    filed("REQ-2026-900001", Status.COMPLETE, "portal", today + timedelta(days=20))
    filed("REQ-2026-900002", Status.COMPLETE, "phone", today + timedelta(days=21))
    filed("REQ-2026-900003", Status.IN_STUDY, "interview", today - timedelta(days=1), case_worker=researcher)
    filed("REQ-2026-900004", Status.AT_COMMITTEE, "letter", today + timedelta(days=5))

    sign_in(page, live_server, "researcher@mustafid.test")
    page.goto(f"{live_server.url}/requests/")
    rows = page.locator("[data-testid=bucket-unassigned] [data-testid=row]")
    assert rows.count() == 2
    assert page.locator("[data-testid=count-unassigned]").inner_text() == "2"
    assert page.locator("[data-testid=stage-unassigned]").get_attribute("aria-current") == "page"

    # The channel filter: only the request filed on the portal, still in the same stage.
    page.select_option("#id_received_via", "portal")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**received_via=portal**")
    assert rows.count() == 1 and "REQ-2026-900001" in rows.first.inner_text()
    assert page.locator("[data-testid=count-unassigned]").inner_text() == "1"
    # The tabs keep the filter: in study, nothing came through the portal.
    page.click("[data-testid=stage-in_study]")
    page.wait_for_url("**stage=in_study**")
    assert "received_via=portal" in page.url
    assert page.locator("[data-testid=bucket-in_study] [data-testid=row]").count() == 0

    # Assigned to me, the filters cleared: the overdue request, marked.
    page.click("form[role=search] a.btn-link")
    page.click("[data-testid=stage-mine]")
    page.wait_for_url("**stage=mine**")
    mine = page.locator("[data-testid=bucket-mine] [data-testid=row]")
    assert mine.count() == 1
    assert "REQ-2026-900003" in mine.first.inner_text()
    assert mine.first.locator("[data-testid=overdue]").is_visible()
    screenshot("worklist-ar")

    # The home page: the request to study is theirs today, and the search box leads to the files.
    page.goto(f"{live_server.url}/")
    study = page.locator("[data-testid=section-requests_mine]")
    assert "REQ-2026-900003" in study.inner_text()
    assert study.locator("[data-testid=section-count]").inner_text() == "1"
    page.fill("[data-testid=home-search] input[name=q]", "عبدالله")
    page.click("[data-testid=home-search] button[type=submit]")
    page.wait_for_url("**/beneficiaries/?q=**")
    assert BENEFICIARY in page.content()
    page.goto(f"{live_server.url}/")
    screenshot("home-case-worker-ar")

    # The committees page: the request referred to the member's committee waits for a meeting.
    sign_in(page, live_server, "committee@mustafid.test")
    page.goto(f"{live_server.url}/committees/")
    waiting = page.locator("[data-testid=waiting-for-a-meeting] [data-testid=waiting-case]")
    assert waiting.count() == 1 and "REQ-2026-900004" in waiting.first.inner_text()
    screenshot("committees-waiting-ar")
