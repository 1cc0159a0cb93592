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
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mustafid.accounts.models import Branch
from mustafid.beneficiaries.models import Beneficiary
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


class ComplaintQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> ComplaintQuerySet:
        if not _is_active_staff(user):
            return self.none()
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        permissions = [("handle_complaint", _("Can handle complaints"))]

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
