"""Reads of committees and their meetings, scoped to the user (RL-4).

A meeting is seen by the members of its committee, by administrators and by
senior management; anyone else gets a 404 (no ID probing). The cases on a
committee's agenda are shown to its members through their case type's card
(``cases.CaseType.card``), which shows no sensitive value.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db import models
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from mustafid.accounts.models import User
from mustafid.accounts.roles import Role
from mustafid.core.hijri import dual_date
from mustafid.core.home import HOME_ROWS, HomeItem, HomeSection

from .cases import CaseCard, CaseType, case_type_of, case_types_for, registered_case_types
from .models import AgendaItem, Committee, CommitteeMember, ConflictDeclaration, Meeting, MinuteApproval, Vote
from .workflow import MEETING_FLOW

#: Roles that see every committee's meetings (oversight), without being members.
OVERSIGHT_ROLES = (Role.ADMINISTRATOR, Role.SENIOR_MANAGEMENT)


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_administrator(user: Any) -> bool:
    return _active(user) and user.has_role(Role.ADMINISTRATOR)


def membership(committee: Committee, user: Any) -> CommitteeMember | None:
    """The user's seat on ``committee``, or None."""
    if not _active(user):
        return None
    return CommitteeMember.objects.filter(committee=committee, user=user).first()


def meetings_visible_to(user: Any) -> QuerySet[Meeting]:
    """Meetings of the user's committees; all for administrators and senior management; within their branch scope."""
    if not _active(user) or not user.has_perm("committees.view_meeting"):
        return Meeting.objects.none()
    # The role says which committees' meetings; the scope (branch) bounds it for everyone.
    in_scope = Meeting.objects.visible_to(user)
    if user.has_role(*OVERSIGHT_ROLES):
        return in_scope
    mine = CommitteeMember.objects.filter(user=user).values("committee_id")
    return in_scope.filter(committee_id__in=mine)


def meeting_list(user: Any) -> QuerySet[Meeting]:
    """The list page's rows: one query whatever the number of meetings on the page."""
    return (
        meetings_visible_to(user)
        .select_related("committee")
        .annotate(item_count=Count("agenda", distinct=True))
        .order_by("-held_on", "-id")
    )


def home_section(user: Any, today: date) -> HomeSection | None:
    """The home page's meetings (issue 10.1): those of the user's committees not yet closed, soonest first."""
    if not _active(user) or not user.has_perm("committees.view_meeting"):
        return None
    meetings = meetings_visible_to(user).filter(status__in=MEETING_FLOW.group("open")).select_related("committee")
    rows = list(meetings.order_by("held_on", "id")[:HOME_ROWS])
    return HomeSection(
        key="meetings",
        title=_("Meetings"),
        icon="calendar-event",
        count=len(rows) if len(rows) < HOME_ROWS else meetings.count(),
        url=reverse("committees:list"),
        items=[
            HomeItem(
                label=m.committee.name,
                url=reverse("committees:detail", args=[m.pk]),
                meta=dual_date(m.held_on),
                tone="warning" if m.held_on <= today else "",
            )
            for m in rows
        ],
        order=40,
    )


def get_meeting(user: Any, pk: int) -> Meeting:
    try:
        return meetings_visible_to(user).select_related("committee", "created_by").get(pk=pk)
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc


def get_item(user: Any, pk: int) -> AgendaItem:
    try:
        return AgendaItem.objects.select_related("meeting__committee").get(
            pk=pk, meeting__in=meetings_visible_to(user).values("pk")
        )
    except AgendaItem.DoesNotExist as exc:
        raise Http404 from exc


def committees_for_scheduling(user: Any) -> QuerySet[Committee]:
    """Active committees the user may schedule a meeting of: their own, or all for an administrator."""
    if not _active(user) or not user.has_perm("committees.add_meeting"):
        return Committee.objects.none()
    active = Committee.objects.visible_to(user).filter(is_active=True)
    if is_administrator(user):
        return active
    return active.filter(pk__in=CommitteeMember.objects.filter(user=user).values("committee_id"))


def case_type_for_item(item: AgendaItem) -> CaseType:
    content_type = ContentType.objects.get_for_id(item.case_type_id)  # cached: no query per item
    return case_type_of(f"{content_type.app_label}.{content_type.model}")


def case_reference(item: AgendaItem) -> str:
    return case_type_for_item(item).reference(item.case)


def _unscheduled(case_type: CaseType, committee: Committee) -> models.QuerySet:
    """``committee``'s waiting cases of ``case_type`` not on the agenda of a meeting still open."""
    on_agenda = AgendaItem.objects.filter(
        decided=False,
        meeting__status__in=MEETING_FLOW.group("open"),
        case_type=ContentType.objects.get_for_model(case_type.model_class()),
    )
    return case_type.waiting(committee).exclude(pk__in=on_agenda.values("case_id"))


def awaiting_committee(committee: Committee, *, unscheduled: bool = False, limit: int = 200) -> list[models.Model]:
    """Cases ready for ``committee``'s agenda, of every case type it decides, oldest first.

    ``unscheduled`` leaves out those already on the agenda of a meeting not yet closed.
    """
    waiting: list[models.Model] = []
    for case_type in case_types_for(committee.kind):
        qs = _unscheduled(case_type, committee) if unscheduled else case_type.waiting(committee)
        waiting.extend(qs[:limit])
    return waiting


@dataclass
class WaitingCases:
    """A committee's cases waiting for a meeting, as the committees page lists them (issue 10.1)."""

    committee: Committee
    cards: list[CaseCard]
    count: int


def _readable_by(case_type: CaseType, user: Any) -> models.QuerySet:
    """The ids of the cases of ``case_type`` the user may read: the case app's own scoped queryset."""
    manager = case_type.model_class()._default_manager
    queryset = manager.all()
    restrict = getattr(queryset, "restrict", None)
    return (restrict(user, "view") if restrict else queryset.none()).values("pk")


def waiting_for_a_meeting(user: Any, *, limit: int = 10) -> list[WaitingCases]:
    """Per committee whose meetings the user sees, the cases referred to it and on no open agenda.

    Within the user's scope: a member reads the cases before their
    committees of the branches they serve, oversight roles those of their
    scope. ``limit`` cards each, with the full count; a few queries per
    committee, whatever the number of cases.
    """
    if not _active(user) or not user.has_perm("committees.view_meeting"):
        return []
    committees = Committee.objects.visible_to(user).filter(is_active=True)
    if not user.has_role(*OVERSIGHT_ROLES):
        committees = committees.filter(pk__in=CommitteeMember.objects.filter(user=user).values("committee_id"))
    queues = []
    for committee in committees.order_by("name", "pk"):
        cards: list[CaseCard] = []
        count = 0
        for case_type in case_types_for(committee.kind):
            cases = _unscheduled(case_type, committee).filter(pk__in=_readable_by(case_type, user))
            count += cases.count()
            cards.extend(case_type.card(case, user) for case in cases[: max(limit - len(cards), 0)])
        if count:
            queues.append(WaitingCases(committee=committee, cards=cards, count=count))
    return queues


# --- the standing of one agenda item (shared by the page and the services) --


@dataclass
class Standing:
    """Where an agenda item stands: who may vote, who declared, how the votes fall."""

    quorum: int
    eligible: list[Any] = field(default_factory=list)  # present voting members without a conflict
    conflicted: list[Any] = field(default_factory=list)
    undeclared: list[Any] = field(default_factory=list)  # present voting members who have not declared
    not_voted: list[Any] = field(default_factory=list)  # eligible members who have not voted
    counts: Counter = field(default_factory=Counter)
    chair_vote: str = ""
    labels: dict[str, str] = field(default_factory=dict)  # the case type's decisions

    @property
    def quorum_met(self) -> bool:
        return len(self.eligible) >= self.quorum

    @property
    def majority(self) -> str | None:
        """The choice with the most votes; on a tie, the side the chair voted for; else None."""
        if not self.counts:
            return None
        ranked = self.counts.most_common()
        top = ranked[0][1]
        leaders = [choice for choice, n in ranked if n == top]
        if len(leaders) == 1:
            return leaders[0]
        if self.chair_vote in leaders:
            return self.chair_vote
        return None

    @property
    def majority_label(self) -> str:
        majority = self.majority
        return self.labels.get(majority, majority) if majority else ""

    @property
    def ready(self) -> bool:
        return self.quorum_met and not self.undeclared and not self.not_voted and self.majority is not None


def item_standing(
    item: AgendaItem,
    *,
    memberships: list[CommitteeMember],
    attendee_ids: set[int],
    declarations: list[ConflictDeclaration],
    votes: list[Vote],
) -> Standing:
    """Compute the item's standing from rows already read (no query here)."""
    case_type = case_type_for_item(item)
    labels = {value: case_type.choice_label(value) for value, _label in case_type.decision_choices}
    standing = Standing(quorum=item.meeting.committee.quorum, labels=labels)
    declared = {d.member_id: d for d in declarations}
    voted = {v.member_id: v for v in votes}
    for seat in memberships:
        if not seat.votes or seat.user_id not in attendee_ids:
            continue
        declaration = declared.get(seat.user_id)
        if declaration is None:
            standing.undeclared.append(seat.user)
            standing.eligible.append(seat.user)  # counted until they say otherwise
        elif declaration.has_conflict:
            standing.conflicted.append(seat.user)
        else:
            standing.eligible.append(seat.user)
        if seat.user_id in voted:
            standing.counts[voted[seat.user_id].choice] += 1
            if seat.role == CommitteeMember.Role.CHAIR:
                standing.chair_vote = voted[seat.user_id].choice
        elif declaration is None or not declaration.has_conflict:
            standing.not_voted.append(seat.user)
    return standing


def standing_of(item: AgendaItem) -> Standing:
    """Read and compute one item's standing (a few queries)."""
    meeting = item.meeting
    return item_standing(
        item,
        memberships=list(meeting.committee.memberships.select_related("user")),
        attendee_ids=set(meeting.attendees.values_list("pk", flat=True)),
        declarations=list(item.declarations.all()),
        votes=list(item.votes.all()),
    )


@dataclass(frozen=True)
class ShownVote:
    """A vote as the meeting page and the minute show it: the member and the decision's label."""

    vote: Vote
    label: str

    @property
    def member(self) -> User:
        return self.vote.member


def shown_votes(votes: list[Vote], standing: Standing) -> list[ShownVote]:
    return [ShownVote(vote=v, label=standing.labels.get(v.choice, v.choice)) for v in votes]


# --- the meeting page ---------------------------------------------------------


@dataclass
class ItemPanel:
    item: AgendaItem
    card: CaseCard
    case_type: CaseType
    withdrawn: bool
    declarations: list[ConflictDeclaration]
    votes: list[ShownVote]
    standing: Standing
    tally: list[tuple[str, int]]
    my_declaration: ConflictDeclaration | None
    my_vote: ShownVote | None
    can_declare: bool
    can_vote: bool
    can_decide: bool


def _agenda(meeting: Meeting) -> QuerySet[AgendaItem]:
    """The items, each case read with what its card shows (one query per case type, not per item)."""
    return meeting.agenda.prefetch_related(
        GenericPrefetch("case", [t.card_queryset() for t in registered_case_types()]),
        Prefetch("declarations", queryset=ConflictDeclaration.objects.select_related("member").order_by("id")),
        Prefetch("votes", queryset=Vote.objects.select_related("member").order_by("id")),
    )


def _panel(
    item: AgendaItem,
    *,
    user: Any,
    seat: CommitteeMember | None,
    memberships: list[CommitteeMember],
    attendee_ids: set[int],
) -> ItemPanel:
    meeting = item.meeting
    declarations = list(item.declarations.all())
    votes = list(item.votes.all())
    standing = item_standing(
        item, memberships=memberships, attendee_ids=attendee_ids, declarations=declarations, votes=votes
    )
    shown = shown_votes(votes, standing)
    mine = next((d for d in declarations if d.member_id == user.pk), None)
    my_vote = next((v for v in shown if v.vote.member_id == user.pk), None)
    case_type = case_type_for_item(item)
    withdrawn = not item.decided and case_type.is_withdrawn(item.case)
    open_item = meeting.status == Meeting.Status.HELD and not item.decided and not withdrawn
    present_here = seat is not None and user.pk in attendee_ids
    labels = standing.labels
    return ItemPanel(
        item=item,
        card=case_type.card(item.case, user),
        case_type=case_type,
        withdrawn=withdrawn,
        declarations=declarations,
        votes=shown,
        standing=standing,
        tally=[(labels.get(choice, choice), n) for choice, n in standing.counts.most_common()],
        my_declaration=mine,
        my_vote=my_vote,
        can_declare=open_item and present_here and mine is None and user.has_perm("committees.add_conflictdeclaration"),
        can_vote=open_item
        and seat is not None
        and present_here
        and seat.votes
        and mine is not None
        and not mine.has_conflict
        and my_vote is None
        and user.has_perm("committees.add_vote"),
        can_decide=open_item and seat is not None and seat.role == CommitteeMember.Role.CHAIR,
    )


def meeting_page(meeting: Meeting, user: Any, *, only_item: int | None = None) -> dict:
    """Everything the meeting page shows, in a bounded number of queries."""
    memberships = list(meeting.committee.memberships.select_related("user").order_by("role", "user__full_name"))
    attendees = list(meeting.attendees.order_by("full_name"))
    attendee_ids = {u.pk for u in attendees}
    seat = next((m for m in memberships if m.user_id == user.pk), None)
    agenda = _agenda(meeting)
    if only_item is not None:
        agenda = agenda.filter(pk=only_item)
    items = list(agenda)
    for item in items:
        item.meeting = meeting  # already read: no query per item
    panels = [_panel(item, user=user, seat=seat, memberships=memberships, attendee_ids=attendee_ids) for item in items]
    is_open = meeting.status in MEETING_FLOW.group("open")
    may = MEETING_FLOW.available(user, meeting)  # the table's permission and state; the seat is checked here
    may_organise = seat is not None or is_administrator(user)
    approvals = list(meeting.approvals.select_related("member")) if not is_open else []
    return {
        "meeting": meeting,
        "memberships": memberships,
        "attendees": attendees,
        "attendee_ids": attendee_ids,
        "seat": seat,
        "panels": panels,
        "is_open": is_open,
        "can_add_items": may["add_to_agenda"] and may_organise,
        "can_record_attendance": may["record_attendance"] and seat is not None,
        "can_close": (
            may["close"]
            and seat is not None
            and seat.role == CommitteeMember.Role.CHAIR
            and bool(panels)
            and all(p.item.decided or p.withdrawn for p in panels)
        ),
        "can_download": meeting.status == Meeting.Status.CLOSED and bool(meeting.minute_pdf),
        "approvals": approvals,
        "minute_approved": minute_approved(meeting, approvals=approvals, attendees=attendees),
        "can_approve": (
            may["approve_minute"]
            and user.pk in attendee_ids
            and seat is not None
            and all(a.member_id != user.pk for a in approvals)
        ),
    }


def minute_approved(meeting: Meeting, *, approvals: list[MinuteApproval], attendees: list[Any]) -> bool:
    """CP-2: the minute is established once every member present at the meeting approved it."""
    approved = {a.member_id for a in approvals}
    return meeting.status == Meeting.Status.CLOSED and bool(attendees) and all(u.pk in approved for u in attendees)


def minute_context(meeting: Meeting) -> dict:
    """What the minute states: the committee, the date, who attended, and each request's record."""
    memberships = list(meeting.committee.memberships.select_related("user"))
    roles = {m.user_id: m for m in memberships}
    rank: dict[str, int] = {
        CommitteeMember.Role.CHAIR: 0,
        CommitteeMember.Role.MEMBER: 1,
        CommitteeMember.Role.SECRETARY: 2,
    }
    attendees = sorted(
        meeting.attendees.order_by("full_name"), key=lambda u: rank.get(getattr(roles.get(u.pk), "role", ""), 3)
    )
    attendee_ids = {u.pk for u in attendees}
    items = list(_agenda(meeting))
    rows = []
    for item in items:
        item.meeting = meeting
        declarations = list(item.declarations.all())
        votes = list(item.votes.all())
        standing = item_standing(
            item, memberships=memberships, attendee_ids=attendee_ids, declarations=declarations, votes=votes
        )
        case_type = case_type_for_item(item)
        rows.append(
            {
                "item": item,
                "card": case_type.card(item.case, None),
                "case_name": case_type.verbose_name,
                "declarations": declarations,
                "conflicts": [d for d in declarations if d.has_conflict],
                "votes": shown_votes(votes, standing),
                "standing": standing,
            }
        )
    return {
        "meeting": meeting,
        "committee": meeting.committee,
        "attendees": [(u, roles.get(u.pk)) for u in attendees],
        "absent": [m for m in memberships if m.user_id not in attendee_ids],
        "rows": rows,
    }
