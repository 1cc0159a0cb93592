"""CP-4 in a real browser: the beneficiary signs the settlement on a phone-sized screen, then it is paid.

Playwright for Python drives Debian's Chromium (never a downloaded browser).
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from mustafid.compensation.models import SettlementSignature, Status
from mustafid.requests.tests.test_signature_browser import browser_context, signed_in, stroke  # noqa: F401
from tests.browser.conftest import KEEP_SCREENSHOTS
from tests.browser.test_accessibility import violations

from .helpers import fault_by_ruling, opened, settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# docs/ is refreshed only when asked (MUSTAFID_SCREENSHOTS=1), as in tests/browser/conftest.py.
SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"


def axe_on(context, tab) -> list[str]:
    """axe on the page ``tab`` shows, in a second context that lets the injected script run.

    The signing itself ran under the app's Content-Security-Policy; only the audit bypasses it.
    """
    audit = context.browser.new_context(viewport={"width": 390, "height": 844}, locale="ar-SA", bypass_csp=True)
    try:
        audit.add_cookies(context.cookies())
        page = audit.new_page()
        page.goto(tab.url)
        return violations(page)
    finally:
        audit.close()


def test_cp4_the_beneficiary_signs_the_settlement_on_screen_and_only_then_it_is_paid(
    browser_context,  # noqa: F811
    client,
    live_server,
    w,
):
    claim = opened(w)
    fault_by_ruling(w, claim)
    settled(w, claim)
    tab = signed_in(browser_context, client, w["worker"], live_server)
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto(live_server.url + reverse("compensation:detail", args=[claim.pk]))
    assert tab.locator("[data-testid=step-pay]").count() == 1  # the form is offered...

    form = tab.locator("[data-testid=step-sign]")
    form.locator("select[name=sign-party]").select_option("other")
    form.locator("input[name=sign-signer_name]").fill("نورة بنت سعد")
    # An empty box is refused before anything is sent.
    form.locator("[data-testid=do-sign]").click()
    assert form.locator("[data-signature-empty]").is_visible()
    assert not SettlementSignature.objects.exists()
    stroke(tab, touch=True)
    with tab.expect_navigation():
        form.locator("[data-testid=do-sign]").click()
    signature = SettlementSignature.objects.get()
    assert (signature.method, signature.signer_name, signature.party) == ("screen", "نورة بنت سعد", "other")
    with signature.signature.open("rb") as handle:
        assert handle.read(8) == b"\x89PNG\r\n\x1a\n"

    pay = tab.locator("[data-testid=step-pay]")
    pay.locator("input[name=pay-amount]").fill("2500")
    pay.locator("input[name=pay-paid_on_1]").fill(claim.created_at.date().isoformat())
    pay.locator("select[name=pay-method]").select_option("transfer")
    pay.locator("input[name=pay-reference]").fill("TRX-1")
    with tab.expect_navigation():
        pay.locator("[data-testid=do-pay]").click()
    claim.refresh_from_db()
    assert claim.status == Status.PAID
    assert "TRX-1" in tab.locator("[data-testid=payment]").inner_text()
    assert axe_on(browser_context, tab) == []  # WCAG 2 A/AA on a phone (issue 10.5)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if KEEP_SCREENSHOTS:
        tab.screenshot(path=str(SCREENSHOTS / "compensation-claim-ar.png"), full_page=True)
