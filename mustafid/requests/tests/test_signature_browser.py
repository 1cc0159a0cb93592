"""HD-4 in a real browser: the signature pad works with the mouse and with touch, and an empty box is refused.

Playwright for Python drives Debian's Chromium (never a downloaded browser).
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.urls import reverse

from mustafid.accounts.roles import Role
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.requests import services
from mustafid.requests.models import Attestation
from mustafid.services.tests.factories import published_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = os.environ.get("MUSTAFID_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser_context(django_db_setup, live_server):
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run `make browser` (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 900, "height": 1000}, locale="ar-SA", has_touch=True)
        yield context
        context.close()
        browser.close()
        # The test's own queries ran on a connection opened inside Playwright's context:
        # close it, or PostgreSQL refuses to drop the test database at the end.
        connections.close_all()


@pytest.fixture
def draft():
    beneficiary = BeneficiaryFactory(full_name="سارة بنت محمد")
    desk = scoped_staff(Role.RECEPTIONIST, beneficiary)
    request = services.create_draft(
        by=desk, beneficiary=beneficiary, version=published_service(), received_via="interview"
    )
    return request, desk


def signed_in(context, client, user, live_server):
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def stroke(page, *, touch: bool) -> None:
    """A signature-like stroke across the box, as pointer events of a mouse or of a finger."""
    page.locator("[data-signature-canvas]").evaluate(
        """(canvas, touch) => {
            const box = canvas.getBoundingClientRect();
            const kind = touch ? "touch" : "mouse";
            const at = (type, i) => canvas.dispatchEvent(new PointerEvent(type, {
                bubbles: true, cancelable: true, pointerId: 7, isPrimary: true, pointerType: kind,
                buttons: type === "pointerup" ? 0 : 1, pressure: 0.5,
                clientX: box.left + 20 + i * 12, clientY: box.top + 40 + (i % 5) * 15,
            }));
            at("pointerdown", 0);
            for (let i = 1; i < 25; i++) at("pointermove", i);
            at("pointerup", 25);
        }""",
        touch,
    )


@pytest.mark.parametrize("touch", [False, True], ids=["mouse", "touch"])
def test_hd4_the_beneficiary_signs_on_the_screen(browser_context, client, live_server, draft, touch):
    request, desk = draft
    tab = signed_in(browser_context, client, desk, live_server)
    tab.goto(live_server.url + reverse("requests:intake", args=[request.pk]))
    tab.fill("#id_signer_name", "سارة بنت محمد")

    # An empty box is refused before anything is sent.
    tab.click("[data-testid=sign]")
    assert tab.locator("[data-signature-empty]").is_visible()
    assert not Attestation.objects.exists()

    stroke(tab, touch=touch)
    assert tab.evaluate("document.querySelector('[data-signature-input]').value").startswith("data:image/png;base64,")
    # Clearing empties the box and the posted value.
    tab.click("[data-signature-clear]")
    assert tab.evaluate("document.querySelector('[data-signature-input]').value") == ""
    stroke(tab, touch=touch)
    with tab.expect_navigation():
        tab.click("[data-testid=sign]")
    attestation = Attestation.objects.get(request=request)
    assert (attestation.method, attestation.signer_name) == ("screen", "سارة بنت محمد")
    with attestation.signature.open("rb") as handle:
        assert handle.read(8) == b"\x89PNG\r\n\x1a\n"
    assert services.attestation_intact(attestation)
