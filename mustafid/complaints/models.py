"""Complaints and objections (CM-1): filed on the portal without an account, or registered by staff.

A complaint is in a staff member's scope when its beneficiary is, and, when
the complainant is not a registered beneficiary, when its branch is one of
theirs. A complaint with neither (no file matched, no branch concerned)
belongs to the society's main office: only staff with the whole society in
scope see it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mustafid.accounts.models import Branch
from mustafid.accounts.roles import Role
from mustafid.beneficiaries.models import Beneficiary
from mustafid.committees.models import AgendaItem, Committee, CommitteeMember
from mustafid.compensation.models import Settlement
from mustafid.core.crypto import EncryptedTextField
from mustafid.core.files import PrivateFileField
from mustafid.core.models import TimeStampedModel
from mustafid.core.permissions import ScopedQuerySet, _is_active_staff
from mustafid.requests.models import ServiceRequest
from mustafid.services.models import Service

REFERENCE_PREFIX = "CMP"


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ASSIGNED = "assigned", pgettext_lazy("complaint status", "Assigned")
    INVESTIGATING = "investigating", _("Under investigation")
    RESPONDED = "responded", _("Responded")
    # CM-3: an amicable settlement is drawn up and waits for both parties' signatures.
    SETTLEMENT = "settlement", _("Amicable settlement being signed")
    CLOSED = "closed", pgettext_lazy("complaint status", "Closed")


class ReceivedVia(models.TextChoices):
    PORTAL = "portal", _("Portal")
    FAX = "fax", _("Fax")
    LETTER = "letter", _("Letter")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    IN_PERSON = "in_person", _("In person")


class SubjectKind(models.TextChoices):
    REQUEST = "request", _("A service request and its decision")
    SERVICE = "service", _("A service")
    STAFF = "staff", _("A staff member")
    BRANCH = "branch", _("A branch")
    OTHER = "other", _("Other")


class ContactChannel(models.TextChoices):
    # The complainant's own channel: every answer goes there (CM-1).
    SMS = "sms", _("Text message (SMS)")
    EMAIL = "email", _("Email")


class EscalationLevel(models.IntegerChoices):
    NONE = 0, _("Not escalated")
    OFFICER = 1, _("The assigned officer")
    COMMITTEE_HEAD = 2, _("The committee head")
    SENIOR_MANAGEMENT = 3, _("Senior management")


class CommitteeDecision(models.TextChoices):
    """What the follow-up committee decided on a complaint before it (CM-1, CM-3)."""

    UPHELD = "upheld", _("The complaint is upheld")
    REJECTED = "rejected", _("The complaint is not upheld")
    SETTLE = "settle", _("To be settled amicably")


class FollowUp(models.TextChoices):
    """What an unsatisfied complainant asked for, once per complaint (CM-1)."""

    REOPEN = "reopen", _("Reopen the complaint")
    APPEAL = "appeal", _("Appeal to a level above")


class ComplaintCategory(models.Model):
    """A kind of complaint and its deadlines in working days (CM-1)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    acknowledge_days = models.PositiveSmallIntegerField(_("working days to acknowledge"), default=2)
    resolve_days = models.PositiveSmallIntegerField(_("working days to resolve"), default=10)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("complaint category")
        verbose_name_plural = _("complaint categories")

    def __str__(self) -> str:
        return self.name


def awaiting_committee() -> models.Q:
    """The complaints the follow-up committee decides on (CM-1): held, under way, and escalated to its head.

    The escalation levels name the committee head as the level above the
    officer: a complaint late past the officer's reminder, or appealed by its
    complainant "to a level above" (which lands at the committee head at
    least), is the committee's to decide. Only once someone holds it
    (assigned or under investigation): a late complaint nobody acknowledged
    needs an officer first, which the head assigns, not a committee vote. A
    decision taken takes it off the list until an appeal puts it back.
    """
    return models.Q(
        status__in=(Status.ASSIGNED, Status.INVESTIGATING),
        escalation_level__gte=EscalationLevel.COMMITTEE_HEAD,
        committee_decision="",
    )


def serves(committee: Any) -> models.Q:
    """The complaints ``committee`` may take: those of its branch; one without a branch takes every branch's."""
    return models.Q(branch_id=committee.branch_id) if committee.branch_id else models.Q()


def before_committees_of(user: Any) -> models.Q | None:
    """Complaints before one of the user's follow-up committees: waiting for one, or on one of its agendas.

    None when the user sits on no committee (the claims' rule, ``compensation.models``).
    """
    seats = CommitteeMember.objects.filter(user=user)
    if not seats.exists():
        return None
    on_agenda = AgendaItem.objects.filter(
        case_type=ContentType.objects.get_for_model(Complaint),
        case_id=models.OuterRef("pk"),
        meeting__committee_id__in=seats.values("committee_id"),
    )
    follow_up = Committee.objects.filter(
        pk__in=seats.values("committee_id"), kind=Committee.Kind.FOLLOW_UP, is_active=True
    )
    serving = models.Exists(follow_up.filter(branch__isnull=True)) | models.Q(
        branch__in=follow_up.filter(branch__isnull=False).values("branch")
    )
    return (awaiting_committee() & serving) | models.Q(models.Exists(on_agenda))


def files_before_committees_of(user: Any) -> models.Exists | None:
    """For ``beneficiaries.register_committee_cases``: the files with a complaint before the user's committees."""
    condition = before_committees_of(user)
    if condition is None:
        return None
    return models.Exists(Complaint.objects.filter(condition, beneficiary_id=models.OuterRef("pk")))


class ComplaintQuerySet(ScopedQuerySet):
    """See the module's docstring; a committee member reads only the complaints before their committees."""

    def visible_to(self, user: Any) -> ComplaintQuerySet:
        if not _is_active_staff(user):
            return self.none()
        # A narrow role narrows whatever the scope: a member serving every branch reads no more than their cases.
        narrow = user.narrow_reading_roles("complaints.view_complaint")
        if narrow:
            condition = before_committees_of(user) if Role.COMMITTEE_MEMBER in narrow else None
            if condition is None:
                return self.none()
            of_scope = models.Q(beneficiary__in=Beneficiary.objects.in_scope_of(user).values("pk")) | models.Q(
                beneficiary__isnull=True, branch_id__in=user.scope_ids("branch")
            )
            return self.filter(condition) if user.has_global_scope else self.filter(condition).filter(of_scope)
        if user.has_global_scope:
            return self
        of_files = models.Q(beneficiary__in=Beneficiary.objects.visible_to(user).values("pk"))
        of_branches = models.Q(beneficiary__isnull=True, branch_id__in=user.scope_ids("branch"))
        return self.filter(of_files | of_branches)


class Complaint(TimeStampedModel):
    reference = models.CharField(_("reference number"), max_length=20, unique=True)
    # A keyed hash: the code itself is shown once and sent to the complainant, never stored.
    tracking_code_hash = models.CharField(max_length=64, editable=False)
    status = models.CharField(_("status"), max_length=15, choices=Status, default=Status.RECEIVED, db_index=True)
    received_via = models.CharField(_("received through"), max_length=10, choices=ReceivedVia)
    category = models.ForeignKey(
        ComplaintCategory, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("category")
    )
    complainant_name = models.CharField(_("complainant's name"), max_length=200)
    contact_channel = models.CharField(_("answer through"), max_length=10, choices=ContactChannel)
    contact_address = EncryptedTextField(_("mobile number or email"))
    beneficiary = models.ForeignKey(
        Beneficiary,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("beneficiary"),
    )
    subject_kind = models.CharField(_("the complaint is about"), max_length=10, choices=SubjectKind)
    # An objection to a decision is a complaint about that request (CM-1).
    service_request = models.ForeignKey(
        ServiceRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("service request"),
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("service")
    )
    staff_member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member"),
    )
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("branch")
    )
    # What the complainant named (a request number, a service, a person, a place), as they typed it.
    subject_detail = models.CharField(_("details of the subject"), max_length=200, blank=True)
    text = models.TextField(_("the complaint"))
    # A fax arrives as a scanned image: it is the complaint's original (CM-1).
    scan = PrivateFileField(_("scanned original"), upload_to="complaints/scans/%Y/", blank=True)
    acknowledge_due = models.DateField(_("acknowledgement due on"), db_index=True)
    resolve_due = models.DateField(_("resolution due on"), db_index=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_complaints",
        verbose_name=_("assigned officer"),
    )
    outcome = models.TextField(_("outcome"), blank=True)
    # 0: with the assigned officer; 1: the committee head; 2: senior management (CM-1).
    escalation_level = models.PositiveSmallIntegerField(
        _("escalation level"), choices=EscalationLevel, default=EscalationLevel.NONE
    )
    escalated_on = models.DateField(_("last escalated on"), null=True, blank=True)
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # The satisfaction question at closure: a one-time link (only its keyed hash is kept), one answer.
    satisfaction_token_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    satisfied = models.BooleanField(_("satisfied with the outcome"), null=True, blank=True)
    satisfaction_answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    follow_up = models.CharField(_("asked for"), max_length=10, choices=FollowUp, blank=True)
    # The follow-up committee's decision, written by its chair through the committee's page
    # (``committee.ComplaintCase.decide``); an appeal puts the complaint before the committee again.
    committee_decision = models.CharField(
        _("follow-up committee's decision"), max_length=10, choices=CommitteeDecision, blank=True
    )
    committee_decided_on = models.DateField(_("committee's decision date"), null=True, blank=True)
    # CM-3: the dispute ends amicably; the settlement (terms, signatures, PDF) is the one claims use.
    settlement = models.OneToOneField(
        Settlement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaint",
        verbose_name=_("amicable settlement"),
    )
    # The parties did not agree after all: why (empty while the settlement stands). One settlement per
    # complaint, so the abandoned one stays the complaint's record, signatures and all.
    settlement_abandoned = models.TextField(_("why the settlement was abandoned"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        permissions = [
            ("handle_complaint", _("Can handle complaints")),
            ("decide_complaint", _("Can record the follow-up committee's decision on complaints")),
        ]

    def __str__(self) -> str:
        return self.reference


class ComplaintAttachment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="attachments")
    file = PrivateFileField(_("file"), upload_to="complaints/%Y/", original_name_field="original_name")
    original_name = models.CharField(_("file name"), max_length=255, blank=True, default="", editable=False)
    content_type = models.CharField(max_length=50)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class ComplaintNote(models.Model):
    """What happened on a complaint beyond its state: investigation notes, responses, escalations."""

    class Kind(models.TextChoices):
        NOTE = "note", _("Investigation note")
        RESPONSE = "response", _("Response to the complainant")
        ESCALATION = "escalation", _("Escalation")

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="notes")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    text = models.TextField(_("text"))
    # None for the scheduled task (an escalation).
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("complaint note")
        verbose_name_plural = _("complaint notes")

    def __str__(self) -> str:
        return f"{self.complaint} · {self.get_kind_display()}"
