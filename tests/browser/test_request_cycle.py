"""The whole request cycle in the browser: intake, study, committee, reply, portal tracking (HD-2..HD-6, RL-4, CH-5)."""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from mustafid.accounts.demo import DEMO_PASSWORD
from mustafid.accounts.models import User
from mustafid.beneficiaries.models import Beneficiary
from mustafid.committees import services as committee_services
from mustafid.committees.models import CommitteeMember, Meeting
from mustafid.core.hijri import dual_date
from mustafid.notifications.gateways import LocmemSmsBackend
from mustafid.requests.models import ServiceRequest, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERVICE = "مساعدة مالية عاجلة"
BENEFICIARY = "عبدالله بن سعد الشمري"  # a demo family of the HQ branch, told by SMS


def sign_in(page, live_server, email: str) -> None:
    """Switch the browser to another staff member: forget the session, then log in."""
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=today]")


def meeting_committee(chair):
    return CommitteeMember.objects.get(user=chair, role=CommitteeMember.Role.CHAIR).committee


def stroke(page) -> None:
    """A signature-like stroke drawn with the mouse across the signature box."""
    box = page.locator("[data-signature-canvas]")
    box.scroll_into_view_if_needed()
    bounds = box.bounding_box()
    page.mouse.move(bounds["x"] + 20, bounds["y"] + 40)
    page.mouse.down()
    for i in range(1, 25):
        page.mouse.move(bounds["x"] + 20 + i * 12, bounds["y"] + 40 + (i % 5) * 15)
    page.mouse.up()


def test_a_request_goes_from_the_desk_to_the_committee_and_is_tracked_on_the_portal(
    live_server, page, screenshot, tmp_path
):
    call_command("load_demo", force=True)
    LocmemSmsBackend.reset()
    beneficiary = Beneficiary.objects.get(full_name=BENEFICIARY)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4\n% a scanned paper\n%%EOF\n")

    # --- Reception opens the request, fills it in, uploads, signs and registers it complete.
    sign_in(page, live_server, "reception@mustafid.test")
    page.goto(f"{live_server.url}/requests/new/{beneficiary.pk}/")
    page.click(f"[data-testid=new-request-form] label:has-text('{SERVICE}')")
    page.click("[data-testid=new-request-form] button[type=submit]")
    page.wait_for_selector("[data-testid=intake-form]")
    request = ServiceRequest.objects.get(beneficiary=beneficiary, status=Status.DRAFT)
    version = request.version
    assert version.service.name == SERVICE

    page.select_option("#id_f_emergency", "إيجار متأخر")
    page.fill("#id_f_situation", "تراكم الإيجار ثلاثة أشهر بعد انقطاع دخل رب الأسرة")
    page.fill("#id_f_amount_requested", "3000")
    page.fill("#id_f_family_size", "3")
    page.fill("#id_f_monthly_income", "2500")
    for criterion in version.criteria.all():
        page.check(f"input[name=c_{criterion.pk}][value=yes]")
    for document in version.documents.filter(required=True):
        page.set_input_files(f"input[name=d_{document.pk}]", str(scan))
    page.fill("#id_signer_name", BENEFICIARY)
    stroke(page)
    assert page.evaluate("document.querySelector('[data-signature-input]').value").startswith("data:image/png")
    screenshot("request-intake-ar")
    with page.expect_navigation():
        page.click("[data-testid=sign]")
    page.wait_for_selector("[data-testid=register-complete]")
    with page.expect_navigation():
        page.click("[data-testid=register-complete]")
    page.wait_for_selector("[data-testid=completed]")
    request.refresh_from_db()
    assert request.status == Status.COMPLETE and request.reference.startswith("REQ-")
    assert request.documents.count() == version.documents.filter(required=True).count()
    assert page.inner_text("[data-testid=completed-reference]").strip() == request.reference
    assert dual_date(request.due_on, "ar") in page.inner_text("[data-testid=completed]")
    screenshot("request-complete-ar")

    # --- The case worker recommends approval to the aid committee.
    sign_in(page, live_server, "researcher@mustafid.test")
    page.goto(f"{live_server.url}/requests/{request.pk}/")
    page.check("[data-testid=recommend-form] input[name=recommendation][value=approved]")
    page.fill("[data-testid=recommend-form] textarea[name=note]", "زيارة منزلية أكدت الظرف: الأسرة مستحقة.")
    with page.expect_navigation():
        page.click("[data-testid=recommend-form] button[type=submit]")
    request.refresh_from_db()
    assert (request.status, request.recommendation) == (Status.AT_COMMITTEE, "approved")

    # --- The chair schedules a meeting, sets the agenda, records attendance, declares, votes and decides.
    chair = User.objects.get(email="committee@mustafid.test")
    member = User.objects.get(email="member@mustafid.test")  # the demo committee's second voting member
    sign_in(page, live_server, chair.email)
    page.goto(f"{live_server.url}/committees/meetings/new/")
    page.select_option("#id_held_on_0", "gregorian")
    page.fill("#id_held_on_1", timezone.localdate().isoformat())
    page.fill("#id_location", "قاعة الاجتماعات")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    page.wait_for_selector("[data-testid=meeting-title]")
    meeting = Meeting.objects.get()
    page.check(f"[data-testid=agenda-form] input[value='requests.servicerequest:{request.pk}']")
    with page.expect_navigation():
        page.click("[data-testid=agenda-form] button[type=submit]")
    for user in (chair, member):
        page.check(f"[data-testid=attendance-form] input[value='{user.pk}']")
    with page.expect_navigation():
        page.click("[data-testid=attendance-form] button[type=submit]")
    page.wait_for_selector("[data-testid=declare-form]")
    assert set(meeting.attendees.all()) == {chair, member}
    item = meeting.agenda.get()

    page.check(f"[data-testid=declare-form] input[name=d{item.pk}-has_conflict][value=no]")
    page.click("[data-testid=declare-form] button[type=submit]")
    page.wait_for_selector("[data-testid=vote-form]")
    page.check(f"[data-testid=vote-form] input[name=v{item.pk}-choice][value=approved]")
    page.click("[data-testid=vote-form] button[type=submit]")
    page.wait_for_selector("[data-testid=vote-form]", state="detached")
    # The second member present declares and votes through the services.
    committee_services.declare_conflict(by=member, item=item, has_conflict=False)
    committee_services.cast_vote(by=member, item=item, choice="approved")

    page.reload()
    page.select_option(f"[name=x{item.pk}-decision]", "approved")
    page.fill(f"[name=x{item.pk}-approved_amount]", "2500")
    page.fill(f"[name=x{item.pk}-reasons]", "ظرف طارئ ثابت بالدراسة")
    with page.expect_navigation():
        page.click("[data-testid=decide-form] button[type=submit]")
    page.wait_for_selector("[data-testid=agenda-item] [data-testid=decision]")
    request.refresh_from_db()
    assert (request.status, request.decision, str(request.approved_amount)) == (Status.DECIDED, "approved", "2500.00")
    with page.expect_navigation():
        page.click("[data-testid=close-meeting]")
    page.wait_for_selector("[data-testid=minute-link]")
    meeting.refresh_from_db()
    assert meeting.status == "closed" and meeting.minute_reference.startswith("MIN-")
    screenshot("committee-meeting-ar")

    # --- Reception sends the reply: the decision letter is issued.
    sign_in(page, live_server, "reception@mustafid.test")
    page.goto(f"{live_server.url}/requests/{request.pk}/")
    with page.expect_navigation():
        page.click("[data-testid=send-reply]")
    page.wait_for_selector("[data-testid=letter-link]")
    request.refresh_from_db()
    assert request.status == Status.REPLIED and request.letter_reference.startswith("DEC-")
    assert request.letter_reference in page.inner_text("[data-testid=decision]")

    # --- On the portal, the beneficiary tracks the request with its reference, the ID number and a code.
    page.context.clear_cookies()
    LocmemSmsBackend.reset()
    page.goto(f"{live_server.url}/portal/track/")
    page.fill("#id_reference", request.reference)
    page.fill("#id_national_id", beneficiary.national_id)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    page.wait_for_selector("[data-testid=code-sent]")
    messages = [m for m in LocmemSmsBackend.outbox if m["to"] == beneficiary.phone]
    code = re.search(r"\d{6}", messages[-1]["body"]).group(0)
    page.fill("#id_code", code)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    page.wait_for_selector("[data-testid=status]")
    assert page.inner_text("[data-testid=status]").strip() == "تم الرد"
    assert request.reference in page.content()
    screenshot("portal-status-ar")
