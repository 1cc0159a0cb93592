"""Printed pages hold the content only: no bar, button, form or pagination (issue 10.5).

The beneficiary file, a request and the worklist are printed for the paper file and for a
committee; the browser is put in print media and each control is checked hidden, the content shown.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

from mustafid.beneficiaries.models import Beneficiary

from .test_accessibility import BENEFICIARY, a_request_on_an_agenda, staff_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTROLS = "nav, .navbar, footer, button, .btn, form, .pagination, a.visually-hidden-focusable"


def shown(page, selector: str) -> list[str]:
    """The elements matching ``selector`` that would be drawn on paper, by their text."""
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter((e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
            .map((e) => e.tagName + ': ' + e.textContent.trim().slice(0, 40))""",
        selector,
    )


def test_the_file_the_request_and_the_worklist_print_without_navigation_and_buttons(live_server, page):
    call_command("load_demo", force=True)
    beneficiary = Beneficiary.objects.get(full_name=BENEFICIARY)
    request, _meeting = a_request_on_an_agenda(beneficiary)
    staff_sign_in(page, live_server, "admin@mustafid.test")
    pages = {
        "file": (f"/beneficiaries/{beneficiary.pk}/", beneficiary.file_number),
        "request": (f"/requests/{request.pk}/", request.reference),
        "worklist": ("/requests/", request.reference),
    }
    for name, (path, content) in pages.items():
        page.emulate_media(media="screen")
        page.goto(f"{live_server.url}{path}")
        # On screen the controls are there: the check below would otherwise prove nothing.
        assert shown(page, "nav") and shown(page, ".btn, button"), name
        page.emulate_media(media="print")
        assert shown(page, CONTROLS) == [], name
        assert content in page.inner_text("main"), name
        assert page.locator("main h1").is_visible(), name
    # On the request, the cards that only hold an action (assign, return, withdraw, recommend) go too.
    page.emulate_media(media="print")
    page.goto(f"{live_server.url}/requests/{request.pk}/")
    assert not page.get_by_role("heading", name="تكليف باحث اجتماعي").is_visible()
    assert page.get_by_role("heading", name="الإجابات").is_visible()
