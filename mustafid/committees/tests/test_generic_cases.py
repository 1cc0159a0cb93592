"""Committees serve every kind of case (RL-4, CM-1, CP-2): the same quorum, declarations, votes and minute.

A toy case type registered for the test (the follow-up committee deciding on
official holidays, standing in for complaints) goes through the same
meeting as a service request; the request's own steps (send back, withdrawal)
settle its agenda item; members approve the minute one by one.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from mustafid.committees import cases, selectors, services
from mustafid.committees.models import AgendaItem, Committee, CommitteeMember, MinuteApproval
from mustafid.committees.tests.factories import CommitteeFactory
from mustafid.core.models import Holiday, WorkflowEvent
from mustafid.requests import services as request_services

from .helpers import at_committee, declare_and_vote, in_session, member


class HolidayCase(cases.CaseType):
    """A stand-in for a later case app: what the committee decides is written on the case by this type."""

    model = "core.holiday"
    committee_kind = Committee.Kind.FOLLOW_UP
    decision_choices = (("upheld", "Upheld"), ("dismissed", "Dismissed"))
    verbose_name = "holiday"
    decided: dict[int, str] = {}

    def waiting(self, committee):
        return Holiday.objects.filter(name_en="pending").order_by("date")

    def refusal(self, case, committee):
        return None if case.name_en == "pending" else f"{case} is not waiting"

    def card(self, case, user):
        return cases.CaseCard(reference=f"H-{case.pk}", title=case.name_ar, subject=case.name_ar)

    def decide(self, *, by, case, decision, reasons, amount, decided_on):
        case.name_en = decision
        case.save()


@pytest.fixture
def follow_up(db, monkeypatch):
    monkeypatch.setitem(cases._TYPES, HolidayCase.model, HolidayCase())
    committee = CommitteeFactory(name="لجنة المتابعة", kind=Committee.Kind.FOLLOW_UP, quorum=2)
    seats = {
        "chair": member(committee, "رئيس لجنة المتابعة", CommitteeMember.Role.CHAIR),
        "m1": member(committee, "عضو أول"),
        "m2": member(committee, "عضو ثان"),
        "secretary": member(committee, "أمين", CommitteeMember.Role.SECRETARY),
    }
    return {"committee": committee, **seats}


def test_cm1_another_kind_of_case_goes_through_the_same_quorum_declarations_and_votes(
    follow_up, django_capture_on_commit_callbacks
):
    f = follow_up
    case = Holiday.objects.create(date=date(2031, 1, 5), name_ar="قضية", name_en="pending")
    assert selectors.awaiting_committee(f["committee"]) == [case]
    meeting, (item,) = in_session(f, [case])
    assert item.case == case
    with pytest.raises(ValidationError) as info:
        services.cast_vote(by=f["m1"], item=item, choice="upheld")
    assert info.value.code == "undeclared"
    declare_and_vote(f, item, {"chair": "upheld", "m1": "upheld"}, conflicts=("m2",))
    with pytest.raises(ValidationError) as info:
        services.cast_vote(by=f["m2"], item=item, choice="dismissed")
    assert info.value.code == "conflicted"
    with pytest.raises(ValidationError) as info:
        services.decide_item(by=f["chair"], item=item, decision="dismissed", reasons="")
    assert info.value.code == "against_votes"
    services.decide_item(by=f["chair"], item=item, decision="upheld", reasons="")
    case.refresh_from_db()
    assert case.name_en == "upheld"  # the case type's own decision
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.close_meeting(by=f["chair"], meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == "closed" and meeting.minute_pdf


def test_rl4_a_request_waits_for_its_competent_committee_not_for_the_follow_up_committee(c, follow_up):
    request = at_committee(c)
    assert selectors.awaiting_committee(follow_up["committee"]) == []
    meeting = services.schedule_meeting(by=follow_up["chair"], committee=follow_up["committee"], held_on=date.today())
    with pytest.raises(ValidationError):
        services.add_to_agenda(by=follow_up["chair"], meeting=meeting, cases=[request])


def test_rl4_the_committee_sends_a_request_back_for_more_study_with_its_reason(c, client):
    request = at_committee(c)
    meeting, (item,) = in_session(c, [request])
    with pytest.raises(PermissionDenied):  # only the chair settles an item
        services.send_back_item(by=c["m1"], item=item, reason="x")
    client.force_login(c["chair"])
    page = client.get(reverse("committees:detail", args=[meeting.pk])).content.decode()
    assert reverse("committees:send_back", args=[item.pk]) in page
    client.post(reverse("committees:send_back", args=[item.pk]), {f"s{item.pk}-reason": "نحتاج زيارة ميدانية"})
    item.refresh_from_db()
    request.refresh_from_db()
    assert (item.decided, item.outcome) == (True, AgendaItem.Outcome.SENT_BACK)
    assert request.status == "in_study"
    event = WorkflowEvent.objects.get(object_id=request.pk, action="send_back")
    assert event.note == "نحتاج زيارة ميدانية" and event.by == c["chair"]
    # Studied again, it can come back to a later agenda.
    request_services.recommend(by=c["worker"], request=request, recommendation="partly", note="بعد الزيارة")
    assert request in selectors.awaiting_committee(c["committee"], unscheduled=True)


def test_a_request_withdrawn_while_on_the_agenda_is_recorded_as_withdrawn_in_the_minute(c, client):
    withdrawn, decided = at_committee(c), at_committee(c)
    meeting, (first, second) = in_session(c, [withdrawn, decided])
    request_services.withdraw_request(by=c["desk"], request=withdrawn, reason="اتصلت المستفيدة")
    with pytest.raises(ValidationError) as info:  # nothing left to declare or vote on
        services.declare_conflict(by=c["m1"], item=first, has_conflict=False)
    assert info.value.code == "item_withdrawn"
    declare_and_vote(c, second, {"chair": "approved", "m1": "approved", "m2": "approved"})
    services.decide_item(by=c["chair"], item=second, decision="approved", reasons="", approved_amount=Decimal("500"))
    client.force_login(c["chair"])
    page = client.get(reverse("committees:detail", args=[meeting.pk])).content.decode()
    assert 'data-testid="close-meeting"' in page  # the withdrawn request does not hold the meeting open
    assert reverse("committees:declare", args=[first.pk]) not in page
    meeting = services.close_meeting(by=c["chair"], meeting=meeting)
    first.refresh_from_db()
    assert (first.decided, first.outcome) == (True, AgendaItem.Outcome.WITHDRAWN)


def test_cp2_each_member_present_approves_the_minute_once(c, client):
    absent = member(c["committee"], "عضو غائب")
    request = at_committee(c)
    meeting, (item,) = in_session(c, [request])
    declare_and_vote(c, item, {"chair": "approved", "m1": "approved", "m2": "approved"})
    with pytest.raises(ValidationError):  # not before the meeting is closed
        services.approve_minute(by=c["m1"], meeting=meeting)
    services.decide_item(by=c["chair"], item=item, decision="approved", reasons="", approved_amount=Decimal("700"))
    meeting = services.close_meeting(by=c["chair"], meeting=meeting)
    with pytest.raises(ValidationError) as info:
        services.approve_minute(by=absent, meeting=meeting)
    assert info.value.code == "absent"
    for key in ("chair", "m1", "m2"):
        services.approve_minute(by=c[key], meeting=meeting)
    with pytest.raises(ValidationError):
        services.approve_minute(by=c["m1"], meeting=meeting)
    client.force_login(c["secretary"])
    page = client.get(reverse("committees:detail", args=[meeting.pk])).content.decode()
    assert 'data-testid="minute-approved"' not in page and 'data-testid="approve-minute"' in page
    client.post(reverse("committees:approve", args=[meeting.pk]))
    assert list(MinuteApproval.objects.filter(meeting=meeting).values_list("member", flat=True)) == [
        c[k].pk for k in ("chair", "m1", "m2", "secretary")
    ]
    page = client.get(reverse("committees:detail", args=[meeting.pk])).content.decode()
    assert 'data-testid="minute-approved"' in page


def test_the_meeting_workflow_reaches_every_state_and_refuses_steps_out_of_turn(c):
    from mustafid.committees.workflow import MEETING_FLOW

    assert MEETING_FLOW.reachable() == set(MEETING_FLOW.states)
    meeting = services.schedule_meeting(by=c["chair"], committee=c["committee"], held_on=date.today())
    with pytest.raises(ValidationError) as info:  # planned: nothing to close yet
        services.close_meeting(by=c["chair"], meeting=meeting)
    assert info.value.code == "bad_transition"
    with pytest.raises(ValidationError) as info:
        services.approve_minute(by=c["chair"], meeting=meeting)
    assert info.value.code == "bad_transition"
