"""The competent committee's study and decision (RL-4, HD-5). Every write is a service here.

The order of a meeting: it is scheduled, requests waiting for the committee
are put on its agenda, attendance is recorded (the meeting is then in
session), each member present declares for each request whether they have a
conflict of interest, the members who may vote vote, the chair records the
decision (only with the quorum and as the votes fell), and the chair closes
the meeting with its minute. A closed meeting never changes.

Each service checks permission and membership (PermissionDenied), checks the
state (a translated ValidationError), and writes in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mustafid.accounts.models import User
from mustafid.core.references import next_reference
from mustafid.requests import services as request_services
from mustafid.requests.models import ServiceRequest, Status

from . import selectors
from .models import AgendaItem, Committee, CommitteeMember, ConflictDeclaration, Meeting, Vote

MINUTE_PREFIX = "MIN"


# --- checks -------------------------------------------------------------------


def _perm(user: User, codename: str) -> None:
    if not user.has_perm(f"committees.{codename}"):
        raise PermissionDenied


def _seat(committee: Committee, user: User) -> CommitteeMember:
    seat = selectors.membership(committee, user)
    if seat is None:
        raise PermissionDenied
    return seat


def _chair(committee: Committee, user: User) -> CommitteeMember:
    seat = _seat(committee, user)
    if seat.role != CommitteeMember.Role.CHAIR:
        raise PermissionDenied
    return seat


def _names(users: Iterable[User]) -> str:
    return "، ".join(str(u) for u in users)


def _not_closed(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.CLOSED:
        raise ValidationError(
            _("This meeting is closed with its minute: nothing in it can change."), code="meeting_closed"
        )


def _in_session(meeting: Meeting) -> None:
    _not_closed(meeting)
    if meeting.status != Meeting.Status.HELD:
        raise ValidationError(
            _("Record the attendance first: the meeting is not in session yet."), code="not_in_session"
        )


def _lock_meeting(meeting: Meeting) -> Meeting:
    """Re-read the meeting under a row lock: closing and changing it never interleave."""
    return Meeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)


def _lock_item(item: AgendaItem) -> AgendaItem:
    """Re-read the item and its meeting under a row lock: votes and the decision are taken in turn."""
    return (
        AgendaItem.objects.select_for_update(of=("self", "meeting"))
        .select_related("meeting__committee", "request")
        .get(pk=item.pk)
    )


def _open_item(item: AgendaItem) -> None:
    _in_session(item.meeting)
    if item.decided:
        raise ValidationError(
            _("The committee has already decided on request %(ref)s.") % {"ref": item.request.reference},
            code="item_decided",
        )


def _present(meeting: Meeting, user: User) -> bool:
    return meeting.attendees.filter(pk=user.pk).exists()


# --- scheduling and the agenda -----------------------------------------------


@transaction.atomic
def schedule_meeting(*, by: User, committee: Committee, held_on: date, location: str = "") -> Meeting:
    """Schedule a meeting of ``committee``; by one of its members or an administrator."""
    _perm(by, "add_meeting")
    if selectors.membership(committee, by) is None and not selectors.is_administrator(by):
        raise PermissionDenied
    if not committee.is_active:
        raise ValidationError(_("This committee is no longer active."), code="committee_inactive")
    if held_on is None:
        raise ValidationError(_("Give the date of the meeting."), code="no_date")
    return Meeting.objects.create(committee=committee, held_on=held_on, location=location.strip(), created_by=by)


@transaction.atomic
def add_to_agenda(*, by: User, meeting: Meeting, requests: Iterable[ServiceRequest]) -> list[AgendaItem]:
    """Put requests on the agenda: only requests at the committee stage that their service sends to this committee.

    All or nothing: every refused request is named, and none is added.
    """
    _perm(by, "add_agendaitem")
    meeting = _lock_meeting(meeting)
    if selectors.membership(meeting.committee, by) is None and not selectors.is_administrator(by):
        raise PermissionDenied
    _not_closed(meeting)
    wanted = list(
        ServiceRequest.objects.select_for_update(of=("self",))
        .select_related("version")
        .filter(pk__in=[r.pk for r in requests])
        .order_by("pk")
    )
    if not wanted:
        raise ValidationError(_("Choose at least one request."), code="no_requests")
    on_this = set(meeting.agenda.values_list("request_id", flat=True))
    elsewhere = set(
        AgendaItem.objects.filter(decided=False, request__in=wanted)
        .exclude(meeting=meeting)
        .exclude(meeting__status=Meeting.Status.CLOSED)
        .values_list("request_id", flat=True)
    )
    errors = []
    for request in wanted:
        ref = request.reference or str(request)
        if request.status != Status.AT_COMMITTEE:
            errors.append(
                _("Request %(ref)s is not waiting for the committee (it is “%(status)s”).")
                % {"ref": ref, "status": request.get_status_display()}
            )
        elif request.version.committee_id != meeting.committee_id:
            errors.append(_("Request %(ref)s belongs to another competent committee.") % {"ref": ref})
        elif request.pk in on_this:
            errors.append(_("Request %(ref)s is already on this meeting's agenda.") % {"ref": ref})
        elif request.pk in elsewhere:
            errors.append(_("Request %(ref)s is already on the agenda of another open meeting.") % {"ref": ref})
    if errors:
        raise ValidationError(errors, code="not_for_agenda")
    last = meeting.agenda.order_by("-order").values_list("order", flat=True).first() or 0
    return [
        AgendaItem.objects.create(meeting=meeting, request=request, order=last + n)
        for n, request in enumerate(wanted, start=1)
    ]


# --- the session ---------------------------------------------------------------


@transaction.atomic
def record_attendance(*, by: User, meeting: Meeting, present: list[User], today: date | None = None) -> Meeting:
    """Record the members present; the meeting is then in session.

    Only members of the committee can be marked present. A member who has
    already voted in this meeting cannot be marked absent afterwards.
    """
    _perm(by, "change_meeting")
    meeting = _lock_meeting(meeting)
    _seat(meeting.committee, by)
    _not_closed(meeting)
    if meeting.held_on > (today or timezone.localdate()):
        raise ValidationError(
            _("The meeting is scheduled for a later date: attendance is recorded on the day."), code="future_meeting"
        )
    present = list({u.pk: u for u in present}.values())
    if not present:
        raise ValidationError(_("Mark the members who are present."), code="nobody_present")
    member_ids = set(meeting.committee.memberships.values_list("user_id", flat=True))
    outsiders = [u for u in present if u.pk not in member_ids]
    if outsiders:
        raise ValidationError(
            _("Only members of the committee attend its meetings: %(names)s.") % {"names": _names(outsiders)},
            code="not_members",
        )
    present_ids = {u.pk for u in present}
    voted = User.objects.filter(pk__in=Vote.objects.filter(item__meeting=meeting).values("member_id")).exclude(
        pk__in=present_ids
    )
    if voted.exists():
        raise ValidationError(
            _("These members have already voted in this meeting and cannot be marked absent: %(names)s.")
            % {"names": _names(voted)},
            code="voters_absent",
        )
    meeting.attendees.set(present)
    meeting.status = Meeting.Status.HELD
    meeting.save(update_fields=["status"])
    return meeting


@transaction.atomic
def declare_conflict(*, by: User, item: AgendaItem, has_conflict: bool, note: str = "") -> ConflictDeclaration:
    """The member's declaration, for this request, of whether they have a conflict of interest (RL-4).

    Made once, by a member present at the meeting; a member who declares a
    conflict says its nature and does not vote on the request.
    """
    _perm(by, "add_conflictdeclaration")
    item = _lock_item(item)
    _seat(item.meeting.committee, by)
    _open_item(item)
    if not _present(item.meeting, by):
        raise ValidationError(_("Only members present at the meeting declare and vote."), code="absent")
    if ConflictDeclaration.objects.filter(item=item, member=by).exists():
        raise ValidationError(
            _("You have already declared for this request; a declaration cannot be changed."), code="declared"
        )
    note = note.strip()
    if has_conflict and not note:
        raise ValidationError(_("Say what the conflict of interest is."), code="no_note")
    return ConflictDeclaration.objects.create(item=item, member=by, has_conflict=bool(has_conflict), note=note)


@transaction.atomic
def cast_vote(*, by: User, item: AgendaItem, choice: str) -> Vote:
    """A member's vote on one request.

    Refused for someone who is not a member, for the secretary (no vote), for
    a member absent from the meeting, for a member who has not declared on
    this request or who declared a conflict of interest, and for a second vote.
    """
    _perm(by, "add_vote")
    item = _lock_item(item)
    seat = _seat(item.meeting.committee, by)
    _open_item(item)
    if not seat.votes:
        raise ValidationError(_("The committee's secretary records the meeting and does not vote."), code="secretary")
    if not _present(item.meeting, by):
        raise ValidationError(_("Only members present at the meeting declare and vote."), code="absent")
    declaration = ConflictDeclaration.objects.filter(item=item, member=by).first()
    if declaration is None:
        raise ValidationError(
            _("Declare first whether you have a conflict of interest in this request."), code="undeclared"
        )
    if declaration.has_conflict:
        raise ValidationError(
            _("You declared a conflict of interest in this request: you cannot vote on it."), code="conflicted"
        )
    if Vote.objects.filter(item=item, member=by).exists():
        raise ValidationError(_("You have already voted on this request; a vote cannot be changed."), code="voted")
    if choice not in Vote.Choice.values:
        raise ValidationError(_("Choose your vote."), code="bad_choice")
    return Vote.objects.create(item=item, member=by, choice=choice)


@transaction.atomic
def decide_item(
    *, by: User, item: AgendaItem, decision: str, reasons: str, approved_amount: Decimal | None = None
) -> AgendaItem:
    """The chair records the committee's decision on a request and it is written on the request.

    Refused without the quorum (members present and not conflicted on this
    request, at least the committee's quorum), while a member present has
    not declared or an eligible member has not voted, and when the decision
    is not the one the votes gave. The majority is the choice with the most
    votes; on a tie, the side the chair voted for prevails.
    """
    _perm(by, "change_meeting")
    item = _lock_item(item)
    meeting = item.meeting
    _chair(meeting.committee, by)
    _open_item(item)
    if not _present(meeting, by):
        raise ValidationError(_("The chair must be present to record a decision."), code="chair_absent")
    if ConflictDeclaration.objects.filter(item=item, member=by, has_conflict=True).exists():
        raise ValidationError(
            _("You declared a conflict of interest in this request: you cannot record its decision."),
            code="chair_conflicted",
        )
    standing = selectors.standing_of(item)
    if not standing.quorum_met:
        raise ValidationError(
            _(
                "The quorum is not met: %(eligible)s members present without a conflict of interest, "
                "%(quorum)s needed. The request stays with the committee."
            )
            % {"eligible": len(standing.eligible), "quorum": standing.quorum},
            code="no_quorum",
        )
    if standing.undeclared:
        raise ValidationError(
            _("Waiting for the conflict of interest declaration of: %(names)s.")
            % {"names": _names(standing.undeclared)},
            code="waiting_declarations",
        )
    if standing.not_voted:
        raise ValidationError(
            _("Waiting for the vote of: %(names)s.") % {"names": _names(standing.not_voted)}, code="waiting_votes"
        )
    majority = standing.majority
    if majority is None:
        raise ValidationError(
            _("The votes are tied and the chair's vote does not break the tie: there is no majority."),
            code="tie",
        )
    if decision != majority:
        raise ValidationError(
            _("The decision must be the one the members voted for: “%(majority)s”.")
            % {"majority": Vote.Choice(majority).label},
            code="against_votes",
        )
    request_services.record_decision(
        by=by,
        request=item.request,
        decision=decision,
        reasons=reasons.strip(),
        approved_amount=approved_amount,
        decided_on=meeting.held_on,
    )
    item.decided = True
    item.save(update_fields=["decided"])
    return item


@transaction.atomic
def close_meeting(*, by: User, meeting: Meeting) -> Meeting:
    """The chair closes the meeting once every request on its agenda is decided, and its minute is issued.

    The minute (محضر) gets its number and an Arabic PDF stating the
    committee, the date, the members present, and for each request the
    conflicts declared, the votes and the decision. Nothing changes afterwards.
    """
    _perm(by, "change_meeting")
    meeting = _lock_meeting(meeting)
    _chair(meeting.committee, by)
    _in_session(meeting)
    items = list(meeting.agenda.select_related("request"))
    if not items:
        raise ValidationError(_("The agenda is empty: there is nothing to close."), code="empty_agenda")
    pending = [i.request.reference or str(i.request) for i in items if not i.decided]
    if pending:
        raise ValidationError(
            _("The committee has not decided yet on: %(refs)s.") % {"refs": "، ".join(pending)}, code="undecided"
        )
    meeting.minute_reference = next_reference(MINUTE_PREFIX)
    meeting.closed_at = timezone.now()
    meeting.status = Meeting.Status.CLOSED
    from .documents import render_minute

    # The file is stored before the row is saved closed: a closed row is never written again.
    meeting.minute_pdf.save(f"{meeting.minute_reference}.pdf", ContentFile(render_minute(meeting)), save=False)
    meeting.save()
    return meeting
