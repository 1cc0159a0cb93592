"""A committee's study and decision on any kind of case (RL-4, HD-5, CM-1, CP-2). Every write is a service here.

The order of a meeting: it is scheduled, cases waiting for the committee
(service requests, complaints, claims: see ``cases``) are put on its
agenda, attendance is recorded (the meeting is then in session), each
member present declares for each case whether they have a
conflict of interest, the members who may vote vote, the chair records the
decision (only with the quorum and as the votes fell), and the chair closes
the meeting with its minute, which the members present then approve. A
closed meeting never changes.

Each service checks membership (PermissionDenied), asks the meeting's
declared workflow (``workflow.MEETING_FLOW``) for the permission and the
state (a translated ValidationError), and writes in one transaction; the
decision itself is the case app's own service, reached through the case
registry. The minute's PDF is rendered after the closing commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from mustafid.accounts.models import User
from mustafid.core import documents
from mustafid.core.references import next_reference

from . import selectors
from .cases import case_type_of
from .models import AgendaItem, Committee, CommitteeMember, ConflictDeclaration, Meeting, MinuteApproval, Vote
from .workflow import MEETING_FLOW

MINUTE_PREFIX = "MIN"


# --- checks -------------------------------------------------------------------


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


def require_seat(*, item: AgendaItem, user: User, chair: bool = False) -> None:
    """Refuse (403) someone with no seat, or no chair, on the item's committee, before their form is even read.

    The services check it again under their locks; views call this first so
    that an outsider is told "not yours", not "fill in the form".
    """
    (_chair if chair else _seat)(item.meeting.committee, user)


def _names(users: Iterable[User]) -> str:
    return "، ".join(str(u) for u in users)


def _lock_meeting(meeting: Meeting) -> Meeting:
    """Re-read the meeting under a row lock: closing and changing it never interleave."""
    return Meeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)


def _lock_item(item: AgendaItem) -> AgendaItem:
    """Re-read the item and its meeting under a row lock: votes and the decision are taken in turn."""
    return (
        AgendaItem.objects.select_for_update(of=("self", "meeting"))
        .select_related("meeting__committee", "case_type")
        .get(pk=item.pk)
    )


def _open_item(item: AgendaItem, action: str, by: User) -> None:
    MEETING_FLOW.start(action, item.meeting, by=by)
    if item.decided:
        raise ValidationError(
            _("The committee has already settled “%(case)s” (%(outcome)s).")
            % {"case": selectors.case_reference(item), "outcome": item.get_outcome_display()},
            code="item_decided",
        )
    if selectors.case_type_for_item(item).is_withdrawn(item.case):
        raise ValidationError(
            _("“%(case)s” was withdrawn before the committee's decision: there is nothing to decide.")
            % {"case": selectors.case_reference(item)},
            code="item_withdrawn",
        )


def _present(meeting: Meeting, user: User) -> bool:
    return meeting.attendees.filter(pk=user.pk).exists()


# --- scheduling and the agenda -----------------------------------------------


@transaction.atomic
def schedule_meeting(*, by: User, committee: Committee, held_on: date, location: str = "") -> Meeting:
    """Schedule a meeting of ``committee``; by one of its members or an administrator."""
    if not Committee.objects.visible_to(by).filter(pk=committee.pk).exists():
        raise Http404
    if not by.has_perm("committees.add_meeting"):
        raise PermissionDenied
    if selectors.membership(committee, by) is None and not selectors.is_administrator(by):
        raise PermissionDenied
    if not committee.is_active:
        raise ValidationError(_("This committee is no longer active."), code="committee_inactive")
    if held_on is None:
        raise ValidationError(_("Give the date of the meeting."), code="no_date")
    return Meeting.objects.create(committee=committee, held_on=held_on, location=location.strip(), created_by=by)


@transaction.atomic
def add_to_agenda(*, by: User, meeting: Meeting, cases: Iterable[models.Model]) -> list[AgendaItem]:
    """Put cases on the agenda: only cases ready for this committee (their case type says which).

    All or nothing: every refused case is named, and none is added.
    """
    meeting = _lock_meeting(meeting)
    if selectors.membership(meeting.committee, by) is None and not selectors.is_administrator(by):
        raise PermissionDenied
    MEETING_FLOW.start("add_to_agenda", meeting, by=by)
    wanted = []
    for case in cases:
        # Re-read under a row lock: two meetings never take the same case at once.
        locked = type(case)._default_manager.select_for_update(of=("self",)).get(pk=case.pk)
        wanted.append((case_type_of(locked), ContentType.objects.get_for_model(locked), locked))
    if not wanted:
        raise ValidationError(_("Choose at least one case."), code="no_requests")
    on_agenda = AgendaItem.objects.filter(decided=False).exclude(meeting__status=Meeting.Status.CLOSED)
    errors = []
    for case_type, content_type, case in wanted:
        ref = case_type.reference(case)
        refusal = case_type.refusal(case, meeting.committee)
        if refusal:
            errors.append(refusal)
        elif meeting.agenda.filter(case_type=content_type, case_id=case.pk).exists():
            errors.append(_("%(ref)s is already on this meeting's agenda.") % {"ref": ref})
        elif on_agenda.filter(case_type=content_type, case_id=case.pk).exclude(meeting=meeting).exists():
            errors.append(_("%(ref)s is already on the agenda of another open meeting.") % {"ref": ref})
    if errors:
        raise ValidationError(errors, code="not_for_agenda")
    last = meeting.agenda.order_by("-order").values_list("order", flat=True).first() or 0
    return [
        AgendaItem.objects.create(meeting=meeting, case_type=content_type, case_id=case.pk, order=last + n)
        for n, (_type, content_type, case) in enumerate(wanted, start=1)
    ]


# --- the session ---------------------------------------------------------------


@transaction.atomic
def record_attendance(*, by: User, meeting: Meeting, present: list[User], today: date | None = None) -> Meeting:
    """Record the members present; the meeting is then in session.

    Only members of the committee can be marked present. A member who has
    already voted in this meeting cannot be marked absent afterwards.
    """
    meeting = _lock_meeting(meeting)
    _seat(meeting.committee, by)
    MEETING_FLOW.start("record_attendance", meeting, by=by)
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
    if meeting.status != Meeting.Status.HELD:
        MEETING_FLOW.move("record_attendance", meeting, by=by)
        meeting.save(update_fields=["status"])
    return meeting


@transaction.atomic
def declare_conflict(*, by: User, item: AgendaItem, has_conflict: bool, note: str = "") -> ConflictDeclaration:
    """The member's declaration, for this request, of whether they have a conflict of interest (RL-4).

    Made once, by a member present at the meeting; a member who declares a
    conflict says its nature and does not vote on the request.
    """
    item = _lock_item(item)
    _seat(item.meeting.committee, by)
    _open_item(item, "declare", by)
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
    item = _lock_item(item)
    seat = _seat(item.meeting.committee, by)
    _open_item(item, "vote", by)
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
    if choice not in dict(selectors.case_type_for_item(item).decision_choices):  # votes share the values
        raise ValidationError(_("Choose your vote."), code="bad_choice")
    return Vote.objects.create(item=item, member=by, choice=choice)


def _chair_settling(item: AgendaItem, by: User, action: str) -> selectors.Standing:
    """The checks before the chair settles an item: the chair, present, not conflicted, with the quorum."""
    meeting = item.meeting
    _chair(meeting.committee, by)
    _open_item(item, action, by)
    if not _present(meeting, by):
        raise ValidationError(_("The chair must be present to record a decision."), code="chair_absent")
    if ConflictDeclaration.objects.filter(item=item, member=by, has_conflict=True).exists():
        raise ValidationError(
            _("You declared a conflict of interest in this case: you cannot record its decision."),
            code="chair_conflicted",
        )
    standing = selectors.standing_of(item)
    if not standing.quorum_met:
        raise ValidationError(
            _(
                "The quorum is not met: %(eligible)s members present without a conflict of interest, "
                "%(quorum)s needed. The case stays with the committee."
            )
            % {"eligible": len(standing.eligible), "quorum": standing.quorum},
            code="no_quorum",
        )
    return standing


@transaction.atomic
def decide_item(
    *, by: User, item: AgendaItem, decision: str, reasons: str, approved_amount: Decimal | None = None
) -> AgendaItem:
    """The chair records the committee's decision on a case, and the case's own service writes it on the case.

    Refused without the quorum (members present and not conflicted on this
    case, at least the committee's quorum), while a member present has
    not declared or an eligible member has not voted, and when the decision
    is not the one the votes gave. The majority is the choice with the most
    votes; on a tie, the side the chair voted for prevails.
    """
    item = _lock_item(item)
    standing = _chair_settling(item, by, "decide")
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
    case_type = selectors.case_type_for_item(item)
    if decision != majority:
        raise ValidationError(
            _("The decision must be the one the members voted for: “%(majority)s”.")
            % {"majority": case_type.choice_label(majority)},
            code="against_votes",
        )
    case_type.decide(
        by=by,
        case=item.case,
        decision=decision,
        reasons=reasons.strip(),
        amount=approved_amount,
        decided_on=item.meeting.held_on,
    )
    item.decided = True
    item.outcome = AgendaItem.Outcome.DECIDED
    item.save(update_fields=["decided", "outcome"])
    return item


@transaction.atomic
def send_back_item(*, by: User, item: AgendaItem, reason: str) -> AgendaItem:
    """The committee, by its chair and with its quorum, sends the case back for more study, saying why.

    The reason goes on the case's history; the case comes back to a later
    agenda once studied again.
    """
    item = _lock_item(item)
    _chair_settling(item, by, "send_back")
    selectors.case_type_for_item(item).send_back(by=by, case=item.case, reason=reason)
    item.decided = True
    item.outcome = AgendaItem.Outcome.SENT_BACK
    item.save(update_fields=["decided", "outcome"])
    return item


@transaction.atomic
def close_meeting(*, by: User, meeting: Meeting) -> Meeting:
    """The chair closes the meeting once every case on its agenda is settled, and its minute is issued.

    The minute (محضر) gets its number and an Arabic PDF stating the
    committee, the date, the members present, and for each case the
    conflicts declared, the votes and the decision. A case withdrawn by the
    beneficiary before the decision is recorded as withdrawn. Nothing
    changes afterwards; the PDF is rendered once the closing commits.
    """
    meeting = _lock_meeting(meeting)
    _chair(meeting.committee, by)
    MEETING_FLOW.start("close", meeting, by=by)
    items = list(meeting.agenda.select_related("case_type"))
    if not items:
        raise ValidationError(_("The agenda is empty: there is nothing to close."), code="empty_agenda")
    pending = []
    for item in items:
        if item.decided:
            continue
        if selectors.case_type_for_item(item).is_withdrawn(item.case):
            item.decided = True
            item.outcome = AgendaItem.Outcome.WITHDRAWN
            item.save(update_fields=["decided", "outcome"])
        else:
            pending.append(selectors.case_reference(item))
    if pending:
        raise ValidationError(
            _("The committee has not decided yet on: %(refs)s.") % {"refs": "، ".join(pending)}, code="undecided"
        )
    meeting.minute_reference = next_reference(MINUTE_PREFIX)
    meeting.closed_at = timezone.now()
    MEETING_FLOW.move("close", meeting, by=by)
    meeting.save()
    # The minute's PDF is drawn once this commits (core.documents), from the closed meeting.
    documents.prepare("committees.minute", meeting)
    return meeting


@transaction.atomic
def approve_minute(*, by: User, meeting: Meeting) -> MinuteApproval:
    """A member present at the meeting approves its minute; each approval is recorded once (CP-2)."""
    meeting = _lock_meeting(meeting)
    _seat(meeting.committee, by)
    MEETING_FLOW.start("approve_minute", meeting, by=by)
    if not _present(meeting, by):
        raise ValidationError(_("Only members present at the meeting approve its minute."), code="absent")
    if MinuteApproval.objects.filter(meeting=meeting, member=by).exists():
        raise ValidationError(_("You have already approved this minute."), code="approved")
    conflicts = ConflictDeclaration.objects.filter(item__meeting=meeting, member=by, has_conflict=True)
    if any(
        not selectors.case_type_for_item(d.item).conflicted_may_approve_minute for d in conflicts.select_related("item")
    ):
        raise ValidationError(
            _("You declared a conflict of interest in a case of this minute: you cannot approve it."),
            code="conflicted",
        )
    return MinuteApproval.objects.create(meeting=meeting, member=by)
