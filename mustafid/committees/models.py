"""Committees, their meetings, agendas, conflicts of interest and votes (RL-4)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from mustafid.accounts.models import Branch
from mustafid.core.files import PrivateFileField
from mustafid.core.permissions import ScopedQuerySet

if TYPE_CHECKING:
    from mustafid.accounts.models import User


class CommitteeQuerySet(ScopedQuerySet):
    """Committees are scoped by branch only: their cases carry their own category and domain scope.

    A committee serving every branch (no branch) is a conscious exception: it is
    seen by global-scope staff and by its own members, never by a staff member
    scoped to some branches just because of their branch. A committee of a
    branch is seen only by those scoped to that branch, its members included (a
    seat does not widen a member's branch scope).
    """

    scope_lookups = {"branch": "branch"}

    def visible_to(self, user: Any) -> CommitteeQuerySet:
        if not (user is not None and user.is_authenticated and user.is_active):
            return self.none()
        if user.has_global_scope:
            return self
        seats = CommitteeMember.objects.filter(user=user).values("committee_id")
        return self.filter(models.Q(branch__in=user.scope_ids("branch")) | models.Q(branch__isnull=True, pk__in=seats))


class MeetingQuerySet(ScopedQuerySet):
    """A meeting, its agenda and its minute are seen where its committee is (see ``CommitteeQuerySet``)."""

    scope_lookups = {"branch": "committee__branch"}

    def visible_to(self, user: Any) -> MeetingQuerySet:
        if not (user is not None and user.is_authenticated and user.is_active):
            return self.none()
        if user.has_global_scope:
            return self
        return self.filter(committee__in=Committee.objects.visible_to(user).values("pk"))


class Committee(models.Model):
    class Kind(models.TextChoices):
        COMPETENT = "competent", _("Competent committee")
        FOLLOW_UP = "follow_up", _("Follow-up committee")
        INVESTIGATION = "investigation", _("Investigation and follow-up committee")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.COMPETENT)
    quorum = models.PositiveSmallIntegerField(
        _("quorum"), default=3, help_text=_("Members present and not conflicted needed to decide.")
    )
    # Annotated: mypy cannot infer the type when the through model is named before it is defined.
    members: models.ManyToManyField[User, CommitteeMember] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="CommitteeMember", related_name="committees", verbose_name=_("members")
    )
    # Empty: the committee serves every branch (see CommitteeQuerySet for who sees it).
    branch = models.ForeignKey(
        Branch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committees",
        verbose_name=_("branch"),
        help_text=_("Leave empty for a committee serving every branch."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")

    def __str__(self) -> str:
        return self.name


class CommitteeMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        MEMBER = "member", _("Member")
        SECRETARY = "secretary", _("Secretary (no vote)")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="committee_memberships",
        verbose_name=_("staff member"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.MEMBER)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["committee", "user"], name="committee_member_unique")]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"

    @property
    def votes(self) -> bool:
        return self.role != self.Role.SECRETARY


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("In session")
        CLOSED = "closed", _("Closed with a minute")

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField(_("date"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PLANNED)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("members present")
    )
    minute_reference = models.CharField(_("minute number"), max_length=30, blank=True)
    minute_pdf = PrivateFileField(_("minute"), upload_to="minutes/%Y/", blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.committee} — {self.held_on:%Y-%m-%d}"


class AgendaItem(models.Model):
    """A case on a meeting's agenda: a service request, a complaint, a compensation claim...

    The case is named by content type and id; ``cases.case_type_of`` says
    how to show it and what the committee's decision does to it.
    """

    class Outcome(models.TextChoices):
        PENDING = "", _("Awaiting the decision")
        DECIDED = "decided", _("Decided")
        SENT_BACK = "sent_back", _("Sent back for more study")
        WITHDRAWN = "withdrawn", _("Withdrawn before the decision")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agenda")
    case_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    case_id = models.PositiveBigIntegerField()
    case = GenericForeignKey("case_type", "case_id")
    order = models.PositiveSmallIntegerField(default=0)
    # Settled: decided, sent back or withdrawn; nothing more is done on it in this meeting.
    decided = models.BooleanField(default=False)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome, blank=True, default="")

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "case_type", "case_id"], name="agenda_item_case_unique")
        ]
        indexes = [models.Index(fields=["case_type", "case_id"], name="agenda_item_case_idx")]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"{self.case_type.model} #{self.case_id}"


class ConflictDeclaration(models.Model):
    """Each member declares, per request, whether they have a conflict of interest."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="declarations")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    has_conflict = models.BooleanField(_("has a conflict of interest"))
    note = models.CharField(_("nature of the conflict"), max_length=300, blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="conflict_declaration_unique")]
        verbose_name = _("conflict of interest declaration")
        verbose_name_plural = _("conflict of interest declarations")

    def __str__(self) -> str:
        return f"{self.member}: {self.has_conflict}"


class Vote(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="votes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # One of the case type's decisions (``CaseType.decision_choices``).
    choice = models.CharField(_("vote"), max_length=20)
    cast_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="vote_unique")]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")

    def __str__(self) -> str:
        return f"{self.member}: {self.choice}"


class MinuteApproval(models.Model):
    """A member present at the meeting approves its minute (CP-2: a minute approved by its members)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="approvals")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("approved at"), auto_now_add=True)

    class Meta:
        ordering = ["approved_at", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="minute_approval_unique")]
        verbose_name = _("approval of the minute")
        verbose_name_plural = _("approvals of the minute")

    def __str__(self) -> str:
        return f"{self.meeting}: {self.member}"
