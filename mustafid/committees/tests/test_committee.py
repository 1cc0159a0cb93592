"""RL-4: the competent committee studies and decides; conflicted members do not vote; a minute closes the meeting."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import UserFactory
from mustafid.audit.models import AccessLog
from mustafid.committees import selectors, services
from mustafid.committees.guards import ClosedMeetingError
from mustafid.committees.models import AgendaItem, ConflictDeclaration, Meeting, Vote
from mustafid.committees.tests.factories import CommitteeFactory
from mustafid.requests.tests.factories import filled_draft
from mustafid.services.tests.factories import published_service

from .helpers import at_committee, declare_and_vote, in_session

# --- conflicts of interest and votes -------------------------------------------


def test_rl4_conflicted_member_cannot_vote(c):
    _meeting, (item,) = in_session(c, [at_committee(c)])
    services.declare_conflict(by=c["m1"], item=item, has_conflict=True, note="ابن عم المستفيدة")
    with pytest.raises(ValidationError) as info:
        services.cast_vote(by=c["m1"], item=item, choice="approved")
    assert info.value.code == "conflicted"
    assert not Vote.objects.filter(item=item, member=c["m1"]).exists()
    assert ConflictDeclaration.objects.get(item=item, member=c["m1"]).note == "ابن عم المستفيدة"


def test_rl4_a_conflict_must_say_its_nature_and_a_declaration_is_made_once(c):
    _meeting, (item,) = in_session(c, [at_committee(c)])
    with pytest.raises(ValidationError):
        services.declare_conflict(by=c["m1"], item=item, has_conflict=True, note=" ")
    services.declare_conflict(by=c["m1"], item=item, has_conflict=False)
    with pytest.raises(ValidationError) as info:
        services.declare_conflict(by=c["m1"], item=item, has_conflict=True, note="تذكرت قرابة")
    assert info.value.code == "declared"


def test_rl4_who_may_not_vote(c):
    outsider = UserFactory(role=Role.COMMITTEE_MEMBER)
    _meeting, (item,) = in_session(c, [at_committee(c)], present=("chair", "m1", "secretary"))
    # Not declared yet.
    with pytest.raises(ValidationError) as info:
        services.cast_vote(by=c["m1"], item=item, choice="approved")
    assert info.value.code == "undeclared"
    # The secretary records the meeting and has no vote.
    services.declare_conflict(by=c["secretary"], item=item, has_conflict=False)
    with pytest.raises(ValidationError) as info:
        services.cast_vote(by=c["secretary"], item=item, choice="approved")
    assert info.value.code == "secretary"
    # Absent: neither declares nor votes.
    with pytest.raises(ValidationError) as info:
        services.declare_conflict(by=c["m2"], item=item, has_conflict=False)
    assert info.value.code == "absent"
    with pytest.raises(ValidationError) as info:
        services.cast_vote(by=c["m2"], item=item, choice="approved")
    assert info.value.code == "absent"
    # Not a member of this committee.
    with pytest.raises(PermissionDenied):
        services.cast_vote(by=outsider, item=item, choice="approved")
    # Twice.
    services.declare_conflict(by=c["m1"], item=item, has_conflict=False)
    services.cast_vote(by=c["m1"], item=item, choice="approved")
    with pytest.raises(ValidationError) as info:
        services.cast_vote(by=c["m1"], item=item, choice="rejected")
    assert info.value.code == "voted"
    assert list(Vote.objects.filter(item=item).values_list("member__full_name", "choice")) == [
        ("العضو الأول", "approved")
    ]


# --- quorum and decision -----------------------------------------------------------


def test_rl4_quorum_not_met_is_refused_and_the_request_stays_at_the_committee(c):
    request = at_committee(c)
    _meeting, (item,) = in_session(c, [request])
    # Two of the three voting members are conflicted: one left, the quorum is two.
    declare_and_vote(c, item, {"chair": "approved"}, conflicts=("m1", "m2"))
    with pytest.raises(ValidationError) as info:
        services.decide_item(by=c["chair"], item=item, decision="approved", reasons="", approved_amount=Decimal("1000"))
    assert info.value.code == "no_quorum"
    request.refresh_from_db()
    item.refresh_from_db()
    assert (request.status, request.decision, item.decided) == ("at_committee", "", False)


def test_rl4_the_decision_is_recorded_on_the_request_with_its_amount(c):
    request = at_committee(c)
    meeting, (item,) = in_session(c, [request])
    declare_and_vote(c, item, {"chair": "partly", "m1": "partly", "m2": "approved"})
    services.decide_item(
        by=c["chair"],
        item=item,
        decision="partly",
        reasons="يصرف نصف المبلغ المطلوب",
        approved_amount=Decimal("750.50"),
    )
    request.refresh_from_db()
    assert request.status == "decided"
    assert request.decision == "partly"
    assert request.approved_amount == Decimal("750.50")
    assert request.decision_reasons == "يصرف نصف المبلغ المطلوب"
    assert request.decided_on == meeting.held_on
    item.refresh_from_db()
    assert item.decided
    with pytest.raises(ValidationError):  # decided once
        services.decide_item(by=c["chair"], item=item, decision="partly", reasons="", approved_amount=Decimal("1"))


def test_rl4_a_decision_contrary_to_the_votes_is_refused(c):
    request = at_committee(c)
    _meeting, (item,) = in_session(c, [request])
    declare_and_vote(c, item, {"chair": "rejected", "m1": "rejected", "m2": "approved"})
    with pytest.raises(ValidationError) as info:
        services.decide_item(by=c["chair"], item=item, decision="approved", reasons="", approved_amount=Decimal("500"))
    assert info.value.code == "against_votes"
    assert "رفض" in info.value.messages[0] or "Reject" in info.value.messages[0]
    request.refresh_from_db()
    assert request.status == "at_committee"


def test_rl4_the_chair_decides_only_when_every_eligible_member_has_voted(c):
    _meeting, (item,) = in_session(c, [at_committee(c)])
    declare_and_vote(c, item, {"chair": "approved", "m1": "approved"})
    with pytest.raises(ValidationError) as info:
        services.decide_item(by=c["chair"], item=item, decision="approved", reasons="", approved_amount=Decimal("9"))
    assert info.value.code == "waiting_votes"
    assert "العضو الثاني" in info.value.messages[0]


def test_rl4_a_tie_is_broken_by_the_chairs_vote_and_only_the_chair_decides(c):
    _meeting, (item,) = in_session(c, [at_committee(c)], present=("chair", "m1", "secretary"))
    services.declare_conflict(by=c["chair"], item=item, has_conflict=False)
    services.declare_conflict(by=c["m1"], item=item, has_conflict=False)
    services.cast_vote(by=c["chair"], item=item, choice="rejected")
    services.cast_vote(by=c["m1"], item=item, choice="approved")
    with pytest.raises(PermissionDenied):
        services.decide_item(by=c["m1"], item=item, decision="approved", reasons="", approved_amount=Decimal("9"))
    with pytest.raises(ValidationError):
        services.decide_item(by=c["chair"], item=item, decision="approved", reasons="", approved_amount=Decimal("9"))
    services.decide_item(
        by=c["chair"], item=item, decision="rejected", reasons="لا تنطبق المعايير", approved_amount=None
    )
    item.case.refresh_from_db()
    assert (item.case.decision, item.case.approved_amount) == ("rejected", None)


# --- the agenda ------------------------------------------------------------------


def test_only_requests_waiting_for_this_committee_go_on_its_agenda(c):
    other_committee = CommitteeFactory(name="لجنة أخرى")
    elsewhere = at_committee(c, version=published_service(committee=other_committee))
    draft = filled_draft(by=c["desk"], beneficiary=c["b"], version=c["version"])
    mine = at_committee(c)
    assert list(selectors.awaiting_committee(c["committee"])) == [mine]
    meeting = services.schedule_meeting(by=c["chair"], committee=c["committee"], held_on=timezone.localdate())
    with pytest.raises(ValidationError) as info:
        services.add_to_agenda(by=c["chair"], meeting=meeting, cases=[mine, elsewhere, draft])
    assert len(info.value.messages) == 2
    assert not meeting.agenda.exists()  # all or nothing
    services.add_to_agenda(by=c["chair"], meeting=meeting, cases=[mine])
    with pytest.raises(ValidationError):
        services.add_to_agenda(by=c["chair"], meeting=meeting, cases=[mine])
    assert list(selectors.awaiting_committee(c["committee"], unscheduled=True)) == []


def test_only_members_or_an_administrator_schedule_and_only_members_attend(c, administrator):
    outsider = UserFactory(role=Role.COMMITTEE_MEMBER)
    # Not a member of a committee serving every branch, and no global scope: the committee is out of scope (404).
    with pytest.raises(Http404):
        services.schedule_meeting(by=outsider, committee=c["committee"], held_on=timezone.localdate())
    meeting = services.schedule_meeting(by=administrator, committee=c["committee"], held_on=timezone.localdate())
    with pytest.raises(ValidationError) as info:
        services.record_attendance(by=c["chair"], meeting=meeting, present=[c["chair"], outsider])
    assert info.value.code == "not_members"
    with pytest.raises(PermissionDenied):
        services.record_attendance(by=outsider, meeting=meeting, present=[c["chair"]])


# --- the minute and the closed meeting --------------------------------------------


def decided_meeting(c, amount=Decimal("1200")):
    request = at_committee(c)
    meeting, (item,) = in_session(c, [request])
    declare_and_vote(c, item, {"chair": "approved", "m1": "approved"}, conflicts=("m2",))
    services.decide_item(by=c["chair"], item=item, decision="approved", reasons="مستحقة", approved_amount=amount)
    return meeting, item, request


def test_rl4_closing_issues_the_minute_as_an_arabic_pdf(c, django_capture_on_commit_callbacks):
    meeting, _item, request = decided_meeting(c)
    with pytest.raises(PermissionDenied):
        services.close_meeting(by=c["m1"], meeting=meeting)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.close_meeting(by=c["chair"], meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == "closed"
    assert meeting.minute_reference.startswith(f"MIN-{timezone.localdate().year}-")
    assert meeting.closed_at is not None
    meeting.minute_pdf.open("rb")
    data = meeting.minute_pdf.read()
    meeting.minute_pdf.close()
    assert data.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)
    assert meeting.minute_reference in text
    assert request.reference in text
    assert "1,200.00" in text  # issue 10.2: the one amount format


def test_a_meeting_is_closed_only_when_every_request_is_decided(c):
    meeting, (_item,) = in_session(c, [at_committee(c)])
    with pytest.raises(ValidationError) as info:
        services.close_meeting(by=c["chair"], meeting=meeting)
    assert info.value.code == "undecided"
    meeting.refresh_from_db()
    assert (meeting.status, meeting.minute_reference) == ("held", "")


def test_rl4_a_closed_meeting_never_changes(c):
    meeting, item, _request = decided_meeting(c)
    services.close_meeting(by=c["chair"], meeting=meeting)
    another = at_committee(c)
    refusals = [
        lambda: services.add_to_agenda(by=c["chair"], meeting=meeting, cases=[another]),
        lambda: services.record_attendance(by=c["chair"], meeting=meeting, present=[c["chair"]]),
        lambda: services.declare_conflict(by=c["m2"], item=item, has_conflict=False),
        lambda: services.cast_vote(by=c["m2"], item=item, choice="rejected"),
        lambda: services.decide_item(by=c["chair"], item=item, decision="approved", reasons="", approved_amount=1),
        lambda: services.close_meeting(by=c["chair"], meeting=meeting),
    ]
    for refuse in refusals:
        with pytest.raises(ValidationError):
            refuse()
    # Nor behind the services' back.
    meeting = Meeting.objects.get(pk=meeting.pk)
    meeting.location = "مكان آخر"
    vote = Vote.objects.filter(item=item).first()
    for change in (
        meeting.save,
        lambda: meeting.attendees.remove(c["m1"]),
        vote.delete,
        lambda: ConflictDeclaration.objects.create(item=item, member=c["secretary"], has_conflict=False),
    ):
        with pytest.raises(ClosedMeetingError), transaction.atomic():
            change()
    fresh = Meeting.objects.get(pk=meeting.pk)
    assert fresh.location == "قاعة الاجتماعات"
    assert fresh.attendees.count() == 4
    assert not AgendaItem.objects.filter(case_id=another.pk).exists()


# --- the pages ---------------------------------------------------------------------


def test_the_meeting_pages_work_for_the_committee_and_log_the_minute_download(
    c, client, django_capture_on_commit_callbacks
):
    request = at_committee(c)
    client.force_login(c["chair"])
    response = client.post(
        reverse("committees:schedule"),
        {"committee": c["committee"].pk, "held_on_0": "gregorian", "held_on_1": timezone.localdate().isoformat()},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("committees:detail", args=[meeting.pk])
    client.post(
        reverse("committees:agenda_add", args=[meeting.pk]), {"cases": [f"requests.servicerequest:{request.pk}"]}
    )
    client.post(
        reverse("committees:attendance", args=[meeting.pk]), {"present": [c["chair"].pk, c["m1"].pk, c["m2"].pk]}
    )
    item = meeting.agenda.get()
    page = client.get(reverse("committees:detail", args=[meeting.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert request.reference in body and "سارة بنت محمد" in body
    assert c["b"].national_id not in body  # masked data only
    # The member's panel through htmx: declare, then vote.
    for key in ("chair", "m1", "m2"):
        client.force_login(c[key])
        response = client.post(
            reverse("committees:declare", args=[item.pk]), {f"d{item.pk}-has_conflict": "no"}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 200 and f'id="item-{item.pk}"' in response.content.decode()
        client.post(reverse("committees:vote", args=[item.pk]), {f"v{item.pk}-choice": "approved"})
    client.force_login(c["chair"])
    client.post(
        reverse("committees:decide", args=[item.pk]),
        {f"x{item.pk}-decision": "approved", f"x{item.pk}-approved_amount": "2000", f"x{item.pk}-reasons": ""},
    )
    request.refresh_from_db()
    assert (request.status, request.approved_amount) == ("decided", Decimal("2000.00"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("committees:close", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == "closed"
    response = client.get(reverse("committees:minute", args=[meeting.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AccessLog.objects.filter(actor=c["chair"], action="download", object_id=str(meeting.pk)).exists()
    assert AccessLog.objects.filter(actor=c["chair"], action="download", object_id=str(c["b"].pk)).exists()


def test_non_members_get_404_or_403(c, client):
    meeting, (item,) = in_session(c, [at_committee(c)])
    outsider = UserFactory(role=Role.COMMITTEE_MEMBER)  # on no committee of this meeting
    client.force_login(outsider)
    assert client.get(reverse("committees:detail", args=[meeting.pk])).status_code == 404
    assert (
        client.post(reverse("committees:vote", args=[item.pk]), {f"v{item.pk}-choice": "approved"}).status_code == 404
    )
    assert client.get(reverse("committees:minute", args=[meeting.pk])).status_code == 404
    assert meeting not in selectors.meetings_visible_to(outsider)
    # Senior management oversees every meeting but takes no part in it.
    boss = UserFactory(role=Role.SENIOR_MANAGEMENT, scope_all=True)
    client.force_login(boss)
    assert client.get(reverse("committees:detail", args=[meeting.pk])).status_code == 200
    response = client.post(reverse("committees:declare", args=[item.pk]), {f"d{item.pk}-has_conflict": "no"})
    assert response.status_code == 403
    # A receptionist has no committee pages at all.
    client.force_login(UserFactory(role=Role.RECEPTIONIST))
    assert client.get(reverse("committees:list")).status_code == 403
    assert not Vote.objects.exists() and not ConflictDeclaration.objects.exists()


def test_the_meeting_list_queries_do_not_grow_with_the_rows(c, client, django_assert_max_num_queries):
    client.force_login(c["chair"])
    services.schedule_meeting(by=c["chair"], committee=c["committee"], held_on=timezone.localdate())
    with django_assert_max_num_queries(20) as one:
        assert client.get(reverse("committees:list")).status_code == 200
    for _ in range(6):
        services.schedule_meeting(by=c["chair"], committee=c["committee"], held_on=timezone.localdate())
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("committees:list"))
    assert response.content.decode().count('data-testid="meeting-row"') == 7


def test_the_administrator_configures_a_committee_with_one_chair(c, admin_client):
    committee = c["committee"]
    assert admin_client.get(reverse("admin:committees_committee_changelist")).status_code == 200
    url = reverse("admin:committees_committee_change", args=[committee.pk])
    assert admin_client.get(url).status_code == 200
    seats = list(committee.memberships.order_by("pk"))
    data = {
        "name": committee.name,
        "kind": committee.kind,
        "quorum": committee.quorum,
        "is_active": "on",
        "memberships-TOTAL_FORMS": str(len(seats)),
        "memberships-INITIAL_FORMS": str(len(seats)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for n, seat in enumerate(seats):
        data |= {
            f"memberships-{n}-id": seat.pk,
            f"memberships-{n}-committee": committee.pk,
            f"memberships-{n}-user": seat.user_id,
            f"memberships-{n}-role": "chair" if seat.user == c["m1"] else seat.role,
        }
    response = admin_client.post(url, data)
    assert response.status_code == 200  # refused: two chairs
    assert "رئيس واحد" in response.content.decode() or "one chair" in response.content.decode()
    assert committee.memberships.filter(role="chair").count() == 1
    data[f"memberships-{seats.index(committee.memberships.get(user=c['m1']))}-role"] = "member"
    data["quorum"] = 2
    assert admin_client.post(url, data).status_code == 302


def test_rl4_a_service_requests_amount_keeps_the_generic_label_on_the_meeting_page_and_in_the_minute(c, client):
    from django.template.loader import render_to_string

    from mustafid.committees.cases import CaseType, case_type_of

    generic = str(CaseType.amount_label)
    request = at_committee(c)
    meeting, (item,) = in_session(c, [request])
    declare_and_vote(c, item, {"chair": "approved", "m1": "approved"}, conflicts=("m2",))
    assert case_type_of(request).amount_label == CaseType.amount_label
    client.force_login(c["chair"])
    page = client.get(reverse("committees:detail", args=[meeting.pk])).content.decode()
    assert 'data-testid="decide-form"' in page and generic in page
    services.decide_item(by=c["chair"], item=item, decision="approved", reasons="مستحقة", approved_amount=1200)
    minute = render_to_string("pdf/committee_minute.html", selectors.minute_context(meeting))
    assert "1,200.00" in minute
    from django.utils.translation import gettext

    assert gettext("Approved amount") in minute  # the request's own row, as before
