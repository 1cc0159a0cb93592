"""The request's workflow table is the law: every step the services take, from every state.

The walk puts a real, complete request in each state of the table in turn
and asks the service of each action to take its step: the table's
allowed steps succeed and land in the declared state, every other one is
refused by the service itself (not only by the page) with a translated
error, and changes nothing.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from mustafid.accounts.roles import Role
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.core.models import WorkflowEvent
from mustafid.notifications.models import Notification
from mustafid.requests import services
from mustafid.requests.models import ServiceRequest, Status
from mustafid.requests.tests.factories import filled_draft
from mustafid.requests.workflow import REQUEST_FLOW
from mustafid.services.tests.factories import published_service

ARABIC = set("ابتثجحخدذرزسشصضطظعغفقكلمنهوي")


@pytest.fixture
def cycle(db):
    beneficiary = BeneficiaryFactory(preferred_channel="sms")
    desk = scoped_staff(Role.RECEPTIONIST, beneficiary)
    worker = scoped_staff(Role.CASE_WORKER, beneficiary)
    chair = scoped_staff(Role.COMMITTEE_MEMBER, beneficiary)
    request = filled_draft(by=desk, beneficiary=beneficiary, version=published_service())
    request = services.complete_request(by=desk, request=request)
    return {"b": beneficiary, "desk": desk, "worker": worker, "chair": chair, "request": request}


# Each action of the table, taken through its service by the role that takes it in the society.
STEPS = {
    "edit": lambda c, r: services.save_answers(by=c["desk"], request=r, answers={}, criteria_answers={}),
    "complete": lambda c, r: services.complete_request(by=c["desk"], request=r),
    "assign": lambda c, r: services.assign_case_worker(by=c["desk"], request=r, case_worker=c["worker"]),
    "return_for_information": lambda c, r: services.return_for_information(
        by=c["worker"], request=r, reason="صورة صك الإعالة"
    ),
    "resume": lambda c, r: services.resume(by=c["desk"], request=r),
    "add_note": lambda c, r: services.add_study_note(by=c["worker"], request=r, kind="research", text="زيارة"),
    "recommend": lambda c, r: services.recommend(by=c["worker"], request=r, recommendation="approved", note="تستحق"),
    "decide": lambda c, r: services.record_decision(
        by=c["chair"],
        request=r,
        decision="approved",
        reasons="",
        approved_amount=Decimal("900"),
        decided_on=timezone.localdate(),
    ),
    "send_back": lambda c, r: services.send_back_for_study(by=c["chair"], request=r, reason="زيارة ميدانية"),
    "reply": lambda c, r: services.send_reply(by=c["desk"], request=r),
    "withdraw": lambda c, r: services.withdraw_request(by=c["desk"], request=r, reason="اتصل هاتفيا"),
}


def test_every_action_of_the_table_has_a_step_in_this_walk():
    assert set(STEPS) == set(REQUEST_FLOW.actions)


def test_every_state_is_reachable_and_only_final_states_are_dead_ends():
    assert REQUEST_FLOW.reachable() == set(REQUEST_FLOW.states)
    for state in REQUEST_FLOW.states.values():
        leaves = any(state.value in a.moves for a in REQUEST_FLOW.actions.values())
        assert leaves != state.final, state.value


@pytest.mark.parametrize("state", list(Status.values))
@pytest.mark.parametrize("action", list(REQUEST_FLOW.actions))
def test_the_service_takes_exactly_the_steps_the_table_allows(cycle, action, state):
    request = cycle["request"]
    ServiceRequest.objects.filter(pk=request.pk).update(status=state)
    request.refresh_from_db()
    if REQUEST_FLOW.allows(action, state):
        STEPS[action](cycle, request)
        request.refresh_from_db()
        assert request.status == REQUEST_FLOW.actions[action].moves[state]
    else:
        events = WorkflowEvent.objects.count()
        with pytest.raises(ValidationError) as refused:
            STEPS[action](cycle, request)
        assert refused.value.code == "bad_transition"
        with override("ar"):
            message = str(REQUEST_FLOW.refuse(action, request).messages[0])
        assert ARABIC & set(message), message
        request.refresh_from_db()
        assert request.status == state
        assert WorkflowEvent.objects.count() == events


def test_hd5_the_page_offers_exactly_the_buttons_the_table_allows(client, cycle):
    request = cycle["request"]
    client.force_login(cycle["desk"])
    body = client.get(reverse("requests:detail", args=[request.pk])).content.decode()
    assert reverse("requests:withdraw", args=[request.pk]) in body
    assert reverse("requests:recommend", args=[request.pk]) not in body  # the desk does not study
    ServiceRequest.objects.filter(pk=request.pk).update(status=Status.REPLIED)
    body = client.get(reverse("requests:detail", args=[request.pk])).content.decode()
    assert reverse("requests:withdraw", args=[request.pk]) not in body
    assert 'data-state="replied"' in body and "text-bg-success" in body


def test_a_state_has_one_colour_on_staff_pages_and_on_the_portal():
    from django.template import Context, Template

    request = ServiceRequest(status=Status.WITHDRAWN)
    html = Template("{% load mustafid %}{% status_badge r %}|{% status_badge r extra='fs-6' %}").render(
        Context({"r": request})
    )
    staff, portal = html.split("|")
    assert f"text-bg-{REQUEST_FLOW.tone(Status.WITHDRAWN)}" in staff
    assert f"text-bg-{REQUEST_FLOW.tone(Status.WITHDRAWN)}" in portal


# --- withdrawal -------------------------------------------------------------------


def test_staff_withdraw_on_the_beneficiarys_word_the_clock_stops_and_the_beneficiary_is_told(client, cycle):
    request = cycle["request"]
    client.force_login(cycle["desk"])
    url = reverse("requests:withdraw", args=[request.pk])
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200 and "reason" in refused.context["withdraw_form"].errors
    request.refresh_from_db()
    assert request.status == Status.COMPLETE

    assert client.post(url, {"reason": "اتصلت المستفيدة وطلبت سحب الطلب"}).status_code == 302
    request.refresh_from_db()
    assert request.status == Status.WITHDRAWN and request.withdrawn_on == timezone.localdate()
    assert request.status not in REQUEST_FLOW.group("clock_running")
    told = Notification.objects.get(dedupe_key=f"request:{request.pk}:withdrawn")
    assert told.channel == "sms" and request.reference in told.body
    # Past its due date it is never escalated: the clock stopped.
    ServiceRequest.objects.filter(pk=request.pk).update(due_on=timezone.localdate().replace(year=2000))
    assert services.flag_overdue() == 0
    page = client.get(reverse("requests:detail", args=[request.pk])).content.decode()
    assert 'data-testid="withdrawn"' in page and "اتصلت المستفيدة" in page
    assert 'data-state="withdrawn"' in page


def test_rl4_the_committee_sends_a_request_back_for_more_study_with_its_reason(client, cycle):
    request = cycle["request"]
    services.recommend(by=cycle["worker"], request=request, recommendation="approved", note="")
    with pytest.raises(ValidationError):
        services.send_back_for_study(by=cycle["chair"], request=request, reason="  ")
    services.send_back_for_study(by=cycle["chair"], request=request, reason="نحتاج زيارة ميدانية")
    request.refresh_from_db()
    assert request.status == Status.IN_STUDY
    client.force_login(cycle["worker"])
    page = client.get(reverse("requests:detail", args=[request.pk])).content.decode()
    assert 'data-testid="history"' in page and "نحتاج زيارة ميدانية" in page
