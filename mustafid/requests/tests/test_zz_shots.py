import pytest
from django.urls import reverse
from decimal import Decimal
from django.utils import timezone
from mustafid.requests.tests.test_signature_browser import browser_context, signed_in, stroke  # noqa
from mustafid.accounts.roles import Role
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.requests import services
from mustafid.requests.tests.factories import filled_draft
from mustafid.services.tests.factories import published_service

pytestmark = [pytest.mark.django_db(transaction=True)]

def test_shots(browser_context, client, live_server):
    b = BeneficiaryFactory(full_name="سارة بنت محمد")
    desk = scoped_staff(Role.RECEPTIONIST, b)
    worker = scoped_staff(Role.CASE_WORKER, b, full_name="الباحثة نورة")
    v = published_service()
    d = services.create_draft(by=desk, beneficiary=b, version=v, received_via="interview")
    tab = signed_in(browser_context, client, desk, live_server)
    tab.set_viewport_size({"width": 1280, "height": 900})
    tab.goto(live_server.url + reverse("beneficiaries:detail", args=[b.pk]))
    tab.screenshot(path="/tmp/shot0_beneficiary.png", full_page=True)
    tab.goto(live_server.url + reverse("requests:new", args=[b.pk]) + f"?version={v.pk}")
    tab.screenshot(path="/tmp/shot1_new.png", full_page=True)
    tab.goto(live_server.url + reverse("requests:intake", args=[d.pk]))
    tab.fill("#id_f_reason", "فقدان العمل")
    tab.click("[data-testid=register-complete]")
    tab.screenshot(path="/tmp/shot2_refusal.png", full_page=True)
    c = services.complete_request(by=desk, request=filled_draft(by=desk, beneficiary=b, version=v))
    services.assign_case_worker(by=worker, request=c, case_worker=worker)
    services.add_study_note(by=worker, request=c, kind="visit", text="زيارة منزلية", visited_on=timezone.localdate())
    tab2 = signed_in(browser_context, client, worker, live_server)
    tab2.set_viewport_size({"width": 1280, "height": 900})
    tab2.goto(live_server.url + reverse("requests:detail", args=[c.pk]))
    tab2.screenshot(path="/tmp/shot3_detail.png", full_page=True)
    services.recommend(by=worker, request=c, recommendation="approved", note="تستحق")
    services.record_decision(request=c, decision="approved", reasons="", approved_amount=Decimal("1500"), decided_on=timezone.localdate())
    tab2.goto(live_server.url + reverse("requests:detail", args=[c.pk]))
    tab2.screenshot(path="/tmp/shot4_decided.png", full_page=True)
    tab2.goto(live_server.url + reverse("requests:worklist"))
    tab2.screenshot(path="/tmp/shot5_worklist.png", full_page=True)
    tab2.set_viewport_size({"width": 390, "height": 800})
    tab2.goto(live_server.url + reverse("requests:intake", args=[d.pk]))
    tab2.screenshot(path="/tmp/shot6_phone_intake.png", full_page=True)
