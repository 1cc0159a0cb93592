"""A complaint on a phone, from the portal to closure and the satisfaction answer (CM-1, issue 11)."""

import re

import pytest
from django.core.management import call_command

from mustafid.accounts.models import User
from mustafid.beneficiaries.models import Beneficiary
from mustafid.complaints.models import Complaint, Status
from mustafid.notifications.models import Notification

from .test_request_cycle import BENEFICIARY, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 800}


def test_issue_11_a_complaint_filed_on_a_phone_is_followed_to_closure_and_answered(live_server, page, screenshot):
    call_command("load_demo", force=True)
    beneficiary = Beneficiary.objects.get(full_name=BENEFICIARY)

    # On a phone, from the portal's direct link, without an account.
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/portal/")
    page.click("[data-testid=complaint-link] a[href$='/complaints/file/']")
    page.fill("#id_complainant_name", BENEFICIARY)
    page.fill("#id_contact_address", "0551234567")
    page.fill("#id_national_id", beneficiary.national_id)
    page.select_option("#id_category", label="جودة الخدمة")
    page.select_option("#id_subject_kind", "service")
    page.select_option("#id_service", index=1)  # shown once the subject is chosen
    page.fill("#id_text", "تأخر صرف المساعدة دون إبلاغي بالسبب.")
    # Nothing on the form is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot("complaint-form-phone-ar")
    page.click("[data-testid=complaint-form] button[type=submit]")
    reference = page.locator("[data-testid=complaint-reference]").inner_text()
    code = page.locator("[data-testid=complaint-code]").inner_text()
    screenshot("complaint-filed-phone-ar")
    complaint = Complaint.objects.get(reference=reference)
    assert complaint.beneficiary == beneficiary

    # The society handles it, step by step, on the complaint page.
    page.set_viewport_size(DESK)
    sign_in(page, live_server, "researcher@mustafid.test")
    page.goto(f"{live_server.url}/complaints/{complaint.pk}/")
    page.click("[data-testid=complaint-actions] form[action$='/acknowledge/'] button")
    researcher = User.objects.get(email="researcher@mustafid.test")
    page.locator("#id_officer").select_option(label=str(researcher))
    page.click("form[action$='/assign/'] button")
    page.fill("form[action$='/note/'] textarea", "راجعنا ملف الأسرة مع الفرع.")
    page.click("form[action$='/note/'] button")
    page.fill("form[action$='/respond/'] textarea", "نعتذر عن التأخير، وقد صُرفت المساعدة اليوم.")
    page.click("form[action$='/respond/'] button")
    page.fill("form[action$='/close/'] textarea", "صُرفت المساعدة واعتُذر للأسرة.")
    page.click("form[action$='/close/'] button")
    page.wait_for_selector("[data-testid=status][data-state=closed]")
    complaint.refresh_from_db()
    assert complaint.assigned_to == researcher
    screenshot("complaint-detail-ar")

    # The complainant answers the one question from the link sent to their phone.
    closing = Notification.objects.get(dedupe_key=f"secret:complaint:{complaint.pk}:closed")
    match = re.search(r"(/complaints/satisfaction/[^/\s]+/)", closing.body)
    assert match is not None and closing.address == "+966551234567"
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{match.group(1)}")
    page.check("#id_satisfied_0")
    screenshot("complaint-satisfaction-phone-ar")
    page.click("[data-testid=satisfaction-form] button[type=submit]")
    page.wait_for_selector("[data-testid=satisfaction-thanks]")
    complaint.refresh_from_db()
    assert complaint.satisfied is True and complaint.status == Status.CLOSED

    # And follows it on the portal with its number and code.
    page.goto(f"{live_server.url}/complaints/track/")
    page.fill("#id_reference", reference)
    page.fill("#id_code", code)
    page.click("main form button[type=submit]")
    page.wait_for_selector("[data-testid=complaint-status] [data-state=closed]")
    assert page.locator("[data-testid=complaint-steps] li").count() == 5
    answers = page.locator("[data-testid=complaint-responses]").inner_text()
    assert "صُرفت المساعدة اليوم" in answers and "راجعنا ملف الأسرة" not in answers
    screenshot("complaint-status-phone-ar")
