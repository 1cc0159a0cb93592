"""An inquiry in the browser (issue 11.4, HD-1, IN-1): asked on a phone without an account, answered by the officer."""

import pytest

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import PASSWORD, BranchFactory, UserFactory
from mustafid.inquiries.models import Inquiry, Status
from mustafid.notifications.models import Notification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_VIEWPORT = {"width": 390, "height": 844}


def test_a_visitor_asks_on_a_phone_and_the_officer_answers(live_server, page, screenshot):
    branch = BranchFactory(code="hq", name="المقر الرئيسي")
    officer = UserFactory(role=Role.LIAISON_OFFICER, branches=[branch], email="liaison@mustafid.test")

    page.set_viewport_size(PHONE_VIEWPORT)
    page.goto(f"{live_server.url}/portal/")
    page.click("[data-testid=portal-ask]")
    # The field for robots is not there for a person: neither seen nor reachable.
    assert not page.locator("#id_website").is_visible()
    page.select_option("#id_kind", "support")
    page.fill("#id_inquirer_name", "خالد العتيبي")
    page.select_option("#id_reply_channel", "sms")
    page.fill("#id_contact", "0551234567")
    page.select_option("#id_branch", str(branch.pk))
    page.fill("#id_subject", "لا يصلني رمز الدخول")
    page.fill("#id_question", "أطلب رمز الدخول إلى البوابة ولا تصلني الرسالة.")
    # Nothing overflows the phone's width: the form is usable without scrolling sideways.
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1"
        " || e.getBoundingClientRect().left < -1).map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 8)"
    )
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), wide
    screenshot("portal-inquiry-ar")
    page.click("[data-testid=portal-inquiry-form] button[type=submit]")
    reference = page.locator("[data-testid=inquiry-reference] strong").inner_text()
    inquiry = Inquiry.objects.get()
    assert reference == inquiry.reference and inquiry.contact == "+966551234567"

    # The officer of the branch takes the unrouted question and answers it.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", officer.email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=today]")
    page.goto(f"{live_server.url}/inquiries/?kind=support")
    page.click(f"text={reference}")
    page.click("text=أتولاه بنفسي")
    page.wait_for_selector("[data-testid=answer-form]")
    page.fill("#id_answer", "تأكد من رقم جوالك في ملفك، ثم اطلب الرمز مرة أخرى.")
    page.click("[data-testid=answer-form] button[type=submit]")
    page.wait_for_selector("[data-testid=inquiry-answer]")
    screenshot("inquiry-answered-ar")
    inquiry.refresh_from_db()
    assert inquiry.status == Status.ANSWERED and inquiry.assigned_to == officer
    sent = Notification.objects.get(dedupe_key=f"inquiry-answer:{inquiry.pk}")
    assert sent.channel == "sms" and sent.address == "+966551234567"


def test_the_inquiry_form_on_a_phone_has_no_accessibility_violation_also_with_errors(live_server, browser):
    from tests.browser.test_accessibility import PHONE, violations

    BranchFactory(code="hq", name="المقر الرئيسي")
    # axe is injected as a script: this context alone bypasses the Content-Security-Policy (see test_accessibility).
    context = browser.new_context(viewport=PHONE, locale="ar-SA", bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/portal/ask/")
        found = [f"form: {line}" for line in violations(page)]
        with page.expect_navigation():
            page.click("[data-testid=portal-inquiry-form] button[type=submit]")
        assert page.locator("[aria-invalid=true]").count() > 0, "the empty form was not refused"
        found += [f"errors: {line}" for line in violations(page)]
        assert not found, "\n".join(found)
    finally:
        context.close()
