"""The grouped top bar works on a phone and with the keyboard (issue 10.6)."""

import pytest
from django.core.management import call_command

from .test_accessibility import staff_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_on_a_phone_the_menu_opens_and_a_group_leads_to_its_page(live_server, page):
    call_command("load_demo", force=True)
    page.set_viewport_size({"width": 375, "height": 740})
    staff_sign_in(page, live_server, "reception@mustafid.test")
    worklist = page.locator("[data-testid=main-menu] a[href='/requests/']")
    # Folded on a phone: the bar is one menu button.
    assert not worklist.is_visible()
    page.click(".navbar-toggler")
    page.wait_for_selector("#nav.show")
    group = page.locator("[data-testid=main-menu] summary", has_text="الطلبات واللجان")
    group.wait_for(state="visible")
    assert not worklist.is_visible()
    group.click()
    worklist.wait_for(state="visible")
    # Within the phone's width, and as tall as a thumb needs.
    box = worklist.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375 and box["height"] >= 40
    # Nothing is wider than the phone: the page does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    with page.expect_navigation():
        worklist.click()
    assert page.url.endswith("/requests/")
    # The receptionist has no oversight to open: the group is not on her bar.
    assert page.locator("[data-testid=main-menu] summary", has_text="الرقابة").count() == 0


def test_on_a_wide_screen_a_group_opens_with_the_keyboard_and_closes_with_escape(live_server, page):
    call_command("load_demo", force=True)
    staff_sign_in(page, live_server, "admin@mustafid.test")
    group = page.locator("[data-testid=main-menu] summary", has_text="الرقابة")
    change_log = page.locator("[data-testid=main-menu] a[href='/audit/changes/']")
    assert not change_log.is_visible()
    group.focus()
    page.keyboard.press("Enter")
    change_log.wait_for(state="visible")
    page.keyboard.press("Escape")
    change_log.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    # Opening another group closes the first: one menu at a time.
    page.keyboard.press("Enter")
    change_log.wait_for(state="visible")
    page.locator("[data-testid=main-menu] summary", has_text="الإعدادات").click()
    change_log.wait_for(state="hidden")
    # Its entries follow its title in the tab order.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "/calendar/"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/calendar/")
