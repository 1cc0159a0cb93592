"""A staff member with an unsigned policy sees it first after sign-in, reads it and signs it (RS-1)."""

import pytest
from django.core.management import call_command

from mustafid.accounts.demo import DEMO_PASSWORD
from mustafid.policies.demo import UNSIGNED_DEMO_USER
from mustafid.policies.models import PolicySignature

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_rs1_the_first_page_after_sign_in_is_the_policy_to_sign_and_signing_takes_the_typed_name(
    live_server, page, screenshot
):
    call_command("load_demo", force=True)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", UNSIGNED_DEMO_USER)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=first-sign]")
    assert "/policies/" in page.url
    screenshot("policies-to-sign-ar")
    rows = page.locator("[data-testid=policies] tbody tr")
    assert rows.count() == 2
    rows.first.locator("a").click()
    page.wait_for_selector("[data-testid=sign-form]")
    # A name that is not the account's is refused in Arabic, and what was typed stays.
    page.check("#id_confirmed")
    page.fill("#id_typed_name", "اسم آخر")
    page.click("[data-testid=sign]")
    page.wait_for_selector(".invalid-feedback, [role=alert]")
    assert page.input_value("#id_typed_name") == "اسم آخر"
    assert PolicySignature.objects.filter(user__email=UNSIGNED_DEMO_USER).count() == 0
    page.fill("#id_typed_name", "ريم بنت عبدالرحمن المطيري")
    page.check("#id_confirmed")
    screenshot("policy-sign-ar")
    page.click("[data-testid=sign]")
    page.wait_for_selector("[data-testid=policies]")
    assert PolicySignature.objects.filter(user__email=UNSIGNED_DEMO_USER).count() == 1
    # The next page is the home page: one signature is left, and the home page says so.
    page.goto(f"{live_server.url}/")
    page.wait_for_selector("[data-testid=today]")
    assert "/policies/" in page.locator("main").inner_html()
