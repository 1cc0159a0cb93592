"""CM-1: the complaints escalated to the committee head go to the follow-up committee, which decides on them
with the committees' quorum, conflicts and votes; its decision is written on the complaint through its workflow."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from mustafid.accounts.roles import Role
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.committees import selectors as committee_selectors
from mustafid.committees import services as committee_services
from mustafid.committees.models import Committee, CommitteeMember
from mustafid.committees.tests.factories import CommitteeFactory, add_member
from mustafid.complaints import services
from mustafid.complaints.models import CommitteeDecision, Complaint, EscalationLevel, Status

from .factories import filed

pytestmark = pytest.mark.django_db

REASONS = "ثبت للجنة تأخر الرد على الطلب دون سبب، وتوصي بالاعتذار للمشتكية وإنجاز الطلب"


def seat(committee, beneficiary, name, role=CommitteeMember.Role.MEMBER):
    user = scoped_staff(Role.COMMITTEE_MEMBER, beneficiary, full_name=name)
    add_member(committee, user, role)
    return user


@pytest.fixture
def w(db):
    """The follow-up committee of the beneficiary's branch (chair, two members, a secretary; quorum 2)."""
    beneficiary = BeneficiaryFactory(full_name="نورة بنت سعد")
    committee = CommitteeFactory(
        name="لجنة المتابعة", kind=Committee.Kind.FOLLOW_UP, quorum=2, branch=beneficiary.branch
    )
    worker = scoped_staff(Role.CASE_WORKER, beneficiary)
    return {
        "committee": committee,
        "b": beneficiary,
        "worker": worker,
        "chair": seat(committee, beneficiary, "رئيس لجنة المتابعة", CommitteeMember.Role.CHAIR),
        "m1": seat(committee, beneficiary, "العضو الأول"),
        "m2": seat(committee, beneficiary, "العضو الثاني"),
        "secretary": seat(committee, beneficiary, "أمين اللجنة", CommitteeMember.Role.SECRETARY),
    }


def under_investigation(w, *, escalated=True) -> Complaint:
    complaint = filed(beneficiary=w["b"], national_id=w["b"].national_id).complaint
    services.assign(by=w["worker"], complaint=complaint, officer=w["worker"])
    services.add_note(by=w["worker"], complaint=complaint, text="اطلعت على ملف الطلب")
    if escalated:
        # The escalation itself is the sweep's (test_escalation): here, a complaint already at the head's level.
        Complaint.objects.filter(pk=complaint.pk).update(
            escalation_level=EscalationLevel.COMMITTEE_HEAD, escalated_on=timezone.localdate()
        )
    complaint.refresh_from_db()
    return complaint


def in_session(w, complaint, present=("chair", "m1", "m2", "secretary")):
    meeting = committee_services.schedule_meeting(
        by=w["chair"], committee=w["committee"], held_on=timezone.localdate(), location="قاعة الاجتماعات"
    )
    (item,) = committee_services.add_to_agenda(by=w["chair"], meeting=meeting, cases=[complaint])
    committee_services.record_attendance(by=w["secretary"], meeting=meeting, present=[w[k] for k in present])
    return meeting, item


def test_cm1_an_escalated_complaint_waits_for_the_follow_up_committee_and_no_other(w, client):
    complaint = under_investigation(w)
    quiet = under_investigation(w, escalated=False)  # still with its officer: not the committee's
    assert committee_selectors.awaiting_committee(w["committee"]) == [complaint]
    investigation = CommitteeFactory(name="لجنة التحقيق والمتابعة", kind=Committee.Kind.INVESTIGATION)
    competent = CommitteeFactory(name="اللجنة المختصة", kind=Committee.Kind.COMPETENT)
    assert committee_selectors.awaiting_committee(investigation) == []
    assert committee_selectors.awaiting_committee(competent) == []

    client.force_login(w["chair"])
    page = client.get(reverse("committees:list")).content.decode()
    assert complaint.reference in page and quiet.reference not in page
    assert "+966501234567" not in page and w["b"].national_id not in page  # the card carries no contact or ID

    chair_elsewhere = seat(investigation, w["b"], "رئيس لجنة التحقيق", CommitteeMember.Role.CHAIR)
    meeting = committee_services.schedule_meeting(
        by=chair_elsewhere, committee=investigation, held_on=timezone.localdate()
    )
    with pytest.raises(ValidationError, match=r"لجنة المتابعة|follow-up committee"):
        committee_services.add_to_agenda(by=chair_elsewhere, meeting=meeting, cases=[complaint])


def test_cm1_a_conflicted_member_cannot_vote_on_a_complaint_but_may_approve_its_minute(w):
    complaint = under_investigation(w)
    meeting, item = in_session(w, complaint)
    committee_services.declare_conflict(by=w["m2"], item=item, has_conflict=True, note="قريبة المشتكية")
    with pytest.raises(ValidationError):
        committee_services.cast_vote(by=w["m2"], item=item, choice=CommitteeDecision.UPHELD)
    for key in ("chair", "m1"):
        committee_services.declare_conflict(by=w[key], item=item, has_conflict=False)
        committee_services.cast_vote(by=w[key], item=item, choice=CommitteeDecision.UPHELD)
    committee_services.decide_item(by=w["chair"], item=item, decision=CommitteeDecision.UPHELD, reasons=REASONS)
    committee_services.close_meeting(by=w["chair"], meeting=meeting)
    # Unlike a compensation claim's (CP-2), this minute establishes no fault: the conflicted member may approve it.
    assert committee_services.approve_minute(by=w["m2"], meeting=meeting).member == w["m2"]


def test_cm1_the_committee_decision_lands_on_the_complaint_page_its_history_and_the_timeline(w, client):
    complaint = under_investigation(w)
    _meeting, item = in_session(w, complaint)
    for key in ("chair", "m1", "m2"):
        committee_services.declare_conflict(by=w[key], item=item, has_conflict=False)
        committee_services.cast_vote(by=w[key], item=item, choice=CommitteeDecision.SETTLE)
    client.force_login(w["chair"])
    prefix = f"x{item.pk}"
    client.post(
        reverse("committees:decide", args=[item.pk]),
        {f"{prefix}-decision": CommitteeDecision.SETTLE, f"{prefix}-approved_amount": "", f"{prefix}-reasons": REASONS},
    )
    complaint.refresh_from_db()
    assert (complaint.committee_decision, complaint.committee_decided_on) == (
        CommitteeDecision.SETTLE,
        timezone.localdate(),
    )
    assert complaint.status == Status.INVESTIGATING  # the officer answers, or draws up the settlement
    assert committee_selectors.awaiting_committee(w["committee"]) == []  # decided: off the list

    client.force_login(w["worker"])
    page = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    notes = page.split('data-testid="complaint-notes"')[1].split("</ul>")[0]
    history = page.split('data-testid="complaint-history"')[1].split("</ol>")[0]
    assert REASONS in notes and "التسوية الودية" in notes
    assert 'data-testid="committee-decision"' in page
    assert "قرار لجنة المتابعة" in history
    timeline = client.get(reverse("beneficiaries:detail", args=[w["b"].pk])).content.decode()
    assert "التسوية الودية" in timeline


def test_cm1_an_appeal_puts_a_decided_complaint_before_the_committee_again(w):
    complaint = under_investigation(w)
    services.record_committee_decision(
        by=w["chair"],
        complaint=complaint,
        decision=CommitteeDecision.REJECTED,
        reasons=REASONS,
        decided_on=timezone.localdate(),
    )
    services.respond(by=w["worker"], complaint=complaint, text="لم تثبت الشكوى")
    services.close(by=w["worker"], complaint=complaint, outcome="لم تثبت الشكوى")
    complaint.refresh_from_db()
    services.answer_satisfaction(complaint=complaint, satisfied=False, follow_up="appeal")
    assert committee_selectors.awaiting_committee(w["committee"]) == [complaint]


def test_cm1_a_member_of_another_branch_committee_does_not_see_the_complaint(w, client):
    complaint = under_investigation(w)
    elsewhere = BeneficiaryFactory()
    other = CommitteeFactory(name="لجنة المتابعة بفرع آخر", kind=Committee.Kind.FOLLOW_UP, branch=elsewhere.branch)
    outsider = seat(other, elsewhere, "عضو فرع آخر", CommitteeMember.Role.CHAIR)
    assert committee_selectors.awaiting_committee(other) == []
    client.force_login(outsider)
    assert complaint.reference not in client.get(reverse("committees:list")).content.decode()
    assert client.get(reverse("complaints:detail", args=[complaint.pk])).status_code == 404
    # The branch's own members read the complaint before their committee, and no other complaint.
    client.force_login(w["m1"])
    assert client.get(reverse("complaints:detail", args=[complaint.pk])).status_code == 200
    quiet = under_investigation(w, escalated=False)
    assert client.get(reverse("complaints:detail", args=[quiet.pk])).status_code == 404


def test_cm1_a_member_serving_every_branch_reads_only_the_complaints_before_the_committee(w):
    complaint = under_investigation(w)
    quiet = under_investigation(w, escalated=False)
    everywhere = CommitteeFactory(name="لجنة المتابعة العامة", kind=Committee.Kind.FOLLOW_UP)
    member = scoped_staff(Role.COMMITTEE_MEMBER, w["b"], scope_all=True)
    add_member(everywhere, member)
    assert list(Complaint.objects.visible_to(member)) == [complaint]
    assert quiet not in Complaint.objects.visible_to(member)
