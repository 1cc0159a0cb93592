"""axe-core finds no WCAG 2 A/AA violation on the main staff pages and on the portal on a phone (issue 10.5).

axe is the vendored copy (static/vendor/axe-core, from npm, scripts/vendor.sh). It is
injected as a script file; the browser context bypasses the Content-Security-Policy for
that one script (the app's policy stays as strict as it is: a weaker one only for tests
would hide real breakage, and the other browser tests keep checking it).
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from mustafid.accounts.demo import DEMO_PASSWORD
from mustafid.accounts.models import User
from mustafid.beneficiaries.models import Beneficiary
from mustafid.committees import services as committee_services
from mustafid.committees.models import CommitteeMember
from mustafid.interactions import services as interaction_services
from mustafid.notifications.gateways import LocmemSmsBackend
from mustafid.requests import services as request_services
from mustafid.requests.tests.factories import filled_draft
from mustafid.services.models import ServiceVersion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BENEFICIARY = "عبدالله بن سعد الشمري"
SERVICE = "مساعدة مالية عاجلة"
PHONE = {"width": 375, "height": 740}


def violations(page) -> list[str]:
    """axe's violations on the page as it stands, one line each: rule, where, what."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations", WCAG
    )
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}" for v in result]


def audit(page, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("load")
    return [f"{url}: {line}" for line in violations(page)]


@pytest.fixture
def axe_context(browser):
    contexts = []

    def make(viewport):
        context = browser.new_context(viewport=viewport, locale="ar-SA", bypass_csp=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    yield make
    for context in contexts:
        context.close()


def staff_sign_in(page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=today]")


def a_request_on_an_agenda(beneficiary: Beneficiary):
    """A registered request (its SMS sits in the outbox), a meeting and a contact with a follow-up."""
    reception = User.objects.get(email="reception@mustafid.test")
    version = ServiceVersion.objects.filter(service__name=SERVICE).latest("pk")
    request = filled_draft(by=reception, beneficiary=beneficiary, version=version)
    request_services.complete_request(by=reception, request=request)
    chair = User.objects.get(email="committee@mustafid.test")
    committee = CommitteeMember.objects.get(user=chair, role=CommitteeMember.Role.CHAIR).committee
    meeting = committee_services.schedule_meeting(
        by=chair, committee=committee, held_on=timezone.localdate() + timedelta(days=3), location="قاعة الاجتماعات"
    )
    interaction_services.record_interview(
        by=reception,
        beneficiary=beneficiary,
        subject="زيارة للسؤال عن الطلب",
        notes="حضر رب الأسرة",
        follow_up_on=timezone.localdate() + timedelta(days=2),
        follow_up_note="الاتصال لإبلاغه بموعد اللجنة",
    )
    return request, meeting


def test_the_main_staff_pages_have_no_accessibility_violation(live_server, axe_context):
    call_command("load_demo", force=True)
    beneficiary = Beneficiary.objects.get(full_name=BENEFICIARY)
    request, meeting = a_request_on_an_agenda(beneficiary)
    other = Beneficiary.objects.exclude(pk=beneficiary.pk).filter(branch=beneficiary.branch).first()
    draft = request_services.create_draft(
        by=User.objects.get(email="reception@mustafid.test"),
        beneficiary=other,
        version=request.version,
        received_via="interview",
    )
    page = axe_context({"width": 1280, "height": 800})
    staff_sign_in(page, live_server, "admin@mustafid.test")
    pages = [
        "/",
        "/beneficiaries/",
        f"/beneficiaries/{beneficiary.pk}/",
        f"/beneficiaries/{beneficiary.pk}/edit/",
        "/beneficiaries/new/",
        f"/requests/{request.pk}/",
        f"/requests/new/{beneficiary.pk}/",
        f"/requests/{draft.pk}/intake/",
        "/requests/",
        "/committees/",
        f"/committees/meetings/{meeting.pk}/",
        "/committees/meetings/new/",
        "/contacts/follow-ups/",
        f"/contacts/new/{beneficiary.pk}/?channel=interview",
        "/notifications/outbox/",
        "/notifications/tasks/",
        "/entitlements/due/",
        f"/entitlements/beneficiary/{beneficiary.pk}/",
        "/audit/access/",
        "/audit/changes/",
        "/calendar/",
    ]
    found = [line for path in pages for line in audit(page, f"{live_server.url}{path}")]
    assert not found, "\n".join(found)


def test_the_new_beneficiary_form_with_errors_has_no_accessibility_violation(live_server, axe_context):
    call_command("load_demo", force=True)
    page = axe_context({"width": 1280, "height": 800})
    staff_sign_in(page, live_server, "reception@mustafid.test")
    page.goto(f"{live_server.url}/beneficiaries/new/")
    page.fill("#id_full_name", "اسم")
    page.locator("form[method=post] button[type=submit]").last.click()
    page.wait_for_selector("[aria-invalid=true]")
    found = violations(page)
    # A follow-up typed on a Friday: the question and its confirmation box.
    beneficiary = Beneficiary.objects.get(full_name=BENEFICIARY)
    page.goto(f"{live_server.url}/contacts/new/{beneficiary.pk}/?channel=interview")
    page.fill("#id_subject", "زيارة")
    page.fill("#id_summary", "سأل عن الطلب")
    today = timezone.localdate()
    friday = today + timedelta(days=(4 - today.weekday()) % 7 or 7)
    page.fill("#id_follow_up_on_1", friday.isoformat())
    page.fill("#id_follow_up_note", "الاتصال به")
    with page.expect_navigation():
        page.click("[data-testid=contact-form] button[type=submit]")
    page.wait_for_selector("[data-testid=closed-day-warning]")
    found += [f"closed day: {line}" for line in violations(page)]
    assert not found, "\n".join(found)


def test_the_portal_on_a_phone_has_no_accessibility_violation(live_server, axe_context):
    call_command("load_demo", force=True)
    LocmemSmsBackend.reset()
    beneficiary = Beneficiary.objects.get(full_name=BENEFICIARY)
    request, _meeting = a_request_on_an_agenda(beneficiary)
    page = axe_context(PHONE)
    found = audit(page, f"{live_server.url}/portal/")
    found += audit(page, f"{live_server.url}/portal/track/")
    found += audit(page, f"{live_server.url}/portal/identify/")
    page.fill("#id_national_id", beneficiary.national_id)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    found += [f"verify: {line}" for line in violations(page)]
    body = [m for m in LocmemSmsBackend.outbox if m["to"] == beneficiary.phone][-1]["body"]
    page.fill("#id_code", re.search(r"\d{6}", body).group(0))
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    for path in ["/portal/", "/portal/requests/", f"/portal/requests/{request.pk}/", "/portal/services/"]:
        found += audit(page, f"{live_server.url}{path}")
    version = ServiceVersion.objects.filter(service__name=SERVICE).latest("pk")
    found += audit(page, f"{live_server.url}/portal/services/{version.pk}/apply/")
    assert not found, "\n".join(found)


def test_the_folded_menu_on_a_phone_has_no_accessibility_violation(live_server, axe_context):
    call_command("load_demo", force=True)
    page = axe_context(PHONE)
    staff_sign_in(page, live_server, "admin@mustafid.test")
    page.click(".navbar-toggler")
    page.wait_for_selector("#nav.show")
    page.click("[data-testid=main-menu] summary >> nth=0")
    page.wait_for_selector("[data-testid=main-menu] details[open] a")
    found = violations(page)
    assert not found, "\n".join(found)
