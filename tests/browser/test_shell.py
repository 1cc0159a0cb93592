"""The demo administrator signs in, reads Arabic right to left, switches to English."""

import pytest
from django.core.management import call_command

from mustafid.accounts.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, email, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")


def test_demo_administrator_signs_in_in_arabic_and_switches_to_english(live_server, page, screenshot):
    call_command("load_demo", force=True)
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    assert page.locator("html").get_attribute("dir") == "rtl"
    screenshot("login-ar")

    sign_in(page, live_server, "admin@mustafid.test", DEMO_PASSWORD)
    page.wait_for_selector("[data-testid=today]")
    html = page.locator("html")
    assert html.get_attribute("dir") == "rtl"
    assert html.get_attribute("lang") == "ar"
    assert "مرحبًا" in page.inner_text("h1")
    assert "الموافق" in page.inner_text("[data-testid=today]")
    # The access log sits in the oversight group of the bar (issue 10.6): open it.
    page.click("nav summary:has-text('الرقابة')")
    nav = page.inner_text("nav")
    assert "سجل الاطلاع" in nav and "الإعدادات" in nav
    # Right to left for real: the brand sits on the right of the bar.
    brand = page.locator(".navbar-brand").bounding_box()
    assert brand["x"] > 1280 / 2
    screenshot("home-ar")

    page.click("[data-testid=language-switch] button")
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert html.get_attribute("dir") == "ltr"
    assert "Welcome" in page.inner_text("h1")
    assert "AH" in page.inner_text("[data-testid=today]")
    screenshot("home-en")

    page.click("[data-testid=language-switch] button")
    page.wait_for_function("document.documentElement.lang === 'ar'")
    page.goto(f"{live_server.url}/calendar/")
    assert "الإجازات الرسمية القادمة" in page.inner_text("main")
    screenshot("calendar-ar")
    page.goto(f"{live_server.url}/audit/changes/")
    assert page.locator("[data-testid=change-log]").is_visible()
    screenshot("change-log-ar", full_page=False)


def test_a_wrong_password_shows_an_arabic_error_and_keeps_the_email(live_server, page):
    call_command("load_demo", force=True)
    sign_in(page, live_server, "reception@mustafid.test", "not-the-password")
    page.wait_for_selector(".alert-danger")
    assert "غير صحيحة" in page.inner_text(".alert-danger")
    assert page.input_value("#id_login") == "reception@mustafid.test"
