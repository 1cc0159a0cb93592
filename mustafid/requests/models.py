"""Service requests: intake, completeness, attestation, study, decision, reply (HD-2..HD-6)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from mustafid.accounts.roles import Role
from mustafid.beneficiaries.models import Beneficiary
from mustafid.committees.models import AgendaItem, CommitteeMember
from mustafid.core.crypto import EncryptedJSONField
from mustafid.core.files import PrivateFileField
from mustafid.core.models import TimeStampedModel
from mustafid.core.permissions import ScopedQuerySet
from mustafid.services.models import RequiredDocument, ServiceVersion

REPLY_WORKING_DAYS = 15  # HD-6


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMPLETE = "complete", _("Received complete")
    RETURNED = "returned", _("Returned to the beneficiary for information")
    IN_STUDY = "in_study", _("In study")
    AT_COMMITTEE = "at_committee", _("At the committee")
    DECIDED = "decided", _("Decided")
    REPLIED = "replied", _("Answered")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# What may follow what is declared once, in ``workflow.REQUEST_FLOW``.


class Decision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    PARTLY = "partly", _("Approved in part")
    REJECTED = "rejected", _("Rejected")


class ReceivedVia(models.TextChoices):
    INTERVIEW = "interview", _("Interview at reception")
    LETTER = "letter", _("Letter")
    PHONE = "phone", _("Phone call")
    FAX = "fax", _("Fax")
    EMAIL = "email", _("Email")
    PORTAL = "portal", _("The portal")
    VOLUNTEER = "volunteer", _("Volunteer service")


def _committee_ids(user: Any) -> list[int]:
    """The committees the user sits on, read once per user object (one request), like ``scope_ids``."""
    cache = user.__dict__
    if "_committee_ids" not in cache:
        cache["_committee_ids"] = list(CommitteeMember.objects.filter(user=user).values_list("committee_id", flat=True))
    return cache["_committee_ids"]


def before_committees_of(user: Any) -> models.Q | None:
    """Requests before one of the user's committees: waiting at it, or on an agenda of one of its meetings.

    A plain id list, and EXISTS over the generic agenda items: one row per
    request whatever the number of meetings that saw it, no DISTINCT.
    None when the user sits on no committee.
    """
    ids = _committee_ids(user)
    if not ids:
        return None
    on_agenda = AgendaItem.objects.filter(
        case_type=ContentType.objects.get_for_model(ServiceRequest),
        case_id=models.OuterRef("pk"),
        meeting__committee_id__in=ids,
    )
    # The service version a request was filed under names its competent committee (HD-5).
    waiting = models.Q(status=Status.AT_COMMITTEE, version__committee_id__in=ids)
    return waiting | models.Q(models.Exists(on_agenda))


def files_before_committees_of(user: Any) -> models.Exists | None:
    """For ``beneficiaries.register_committee_cases``: the files with a request before the user's committees."""
    condition = before_committees_of(user)
    if condition is None:
        return None
    return models.Exists(ServiceRequest.objects.filter(condition, beneficiary_id=models.OuterRef("pk")))


class ServiceRequestQuerySet(ScopedQuerySet):
    """A request is visible when its beneficiary is, and for a committee member when it is before their committee."""

    def visible_to(self, user: Any) -> ServiceRequestQuerySet:
        narrow = (
            user.narrow_reading_roles("requests.view_servicerequest")
            if user is not None and user.is_authenticated
            else frozenset()
        )
        if not narrow:
            return self.filter(beneficiary__in=Beneficiary.objects.visible_to(user).values("pk"))
        # Only committee roles read requests narrowly: the cases before their
        # committees, within their scope (a desk role on top keeps the whole scope).
        condition = before_committees_of(user) if Role.COMMITTEE_MEMBER in narrow else None
        if condition is None:
            return self.none()
        return self.filter(condition, beneficiary__in=Beneficiary.objects.in_scope_of(user).values("pk"))


class ServiceRequest(TimeStampedModel):
    reference = models.CharField(_("reference number"), max_length=20, blank=True, db_index=True)
    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.PROTECT, related_name="service_requests", verbose_name=_("beneficiary")
    )
    version = models.ForeignKey(
        ServiceVersion, on_delete=models.PROTECT, related_name="requests", verbose_name=_("service")
    )
    received_via = models.CharField(_("received through"), max_length=10, choices=ReceivedVia)
    status = models.CharField(_("status"), max_length=15, choices=Status, default=Status.DRAFT, db_index=True)
    # The form's answers by field key; files are RequestDocument rows. Income and
    # health answers among them: encrypted at rest, decrypted only when read (issue 9.5).
    answers = EncryptedJSONField(_("answers"), default=dict, blank=True)
    # Criterion id (as text) -> True/False, as the applicant answered.
    criteria_answers = models.JSONField(_("criteria answers"), default=dict, blank=True)
    completed_on = models.DateField(_("completion date"), null=True, blank=True, db_index=True)
    due_on = models.DateField(_("reply due on"), null=True, blank=True, db_index=True)
    paused_working_days = models.PositiveIntegerField(_("working days paused"), default=0)
    case_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_requests",
        verbose_name=_("case worker"),
    )
    recommendation = models.CharField(_("recommendation"), max_length=10, choices=Decision, blank=True)
    recommendation_note = models.TextField(_("reasons for the recommendation"), blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision, blank=True)
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    approved_amount = models.DecimalField(
        _("approved amount (SAR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_letter = PrivateFileField(_("decision letter"), upload_to="decisions/%Y/", blank=True)
    letter_reference = models.CharField(_("letter number"), max_length=30, blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    replied_on_time = models.BooleanField(_("answered on time"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    # Withdrawn by the beneficiary (on the portal, or through staff on their word): the clock stops.
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    receipt = PrivateFileField(_("receipt"), upload_to="receipts/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ServiceRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "due_on"], name="request_worklist_idx")]
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        permissions = [
            ("complete_servicerequest", _("Can register a request as complete")),
            ("study_servicerequest", _("Can study requests and recommend")),
            ("reply_servicerequest", _("Can send decision letters")),
            ("decide_servicerequest", _("Can record a committee's decision on requests")),
        ]

    def __str__(self) -> str:
        return self.reference or str(_("Draft request #%(id)s") % {"id": self.pk})


class RequestDocument(models.Model):
    request = models.ForeignKey(ServiceRequest, on_delete=models.PROTECT, related_name="documents")
    required_document = models.ForeignKey(
        RequiredDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    field_key = models.CharField(max_length=50, blank=True, help_text="for a form field of kind file")
    title = models.CharField(_("title"), max_length=200)
    file = PrivateFileField(_("file"), upload_to="requests/%Y/%m/", original_name_field="original_name")
    original_name = models.CharField(_("file name"), max_length=255, blank=True, default="", editable=False)
    content_type = models.CharField(max_length=50)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("request document")
        verbose_name_plural = _("request documents")

    def __str__(self) -> str:
        return self.title


class Attestation(models.Model):
    """HD-4: the beneficiary attests the data is correct and signs. Never changed afterwards."""

    class Method(models.TextChoices):
        SCREEN = "screen", _("Signed on screen")
        SCAN = "scan", _("Signed paper, scanned")

    request = models.OneToOneField(ServiceRequest, on_delete=models.PROTECT, related_name="attestation")
    text = models.TextField(_("attestation text"))
    signer_name = models.CharField(_("signed by"), max_length=200)
    method = models.CharField(_("method"), max_length=10, choices=Method)
    signature = PrivateFileField(_("signature"), upload_to="signatures/%Y/")
    signed_at = models.DateTimeField(_("signed at"))
    sha256 = models.CharField(_("fingerprint"), max_length=64)
    witnessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("attestation")
        verbose_name_plural = _("attestations")

    def __str__(self) -> str:
        return f"{self.request}: {self.signer_name}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("an attestation is evidence: it cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("an attestation is evidence: it cannot be deleted")


class Pause(models.Model):
    """HD-6: time waiting for the beneficiary stops the clock."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.PROTECT, related_name="pauses")
    started_on = models.DateField(_("returned on"))
    ended_on = models.DateField(_("answered on"), null=True, blank=True)
    reason = models.TextField(_("what is asked of the beneficiary"))
    working_days = models.PositiveIntegerField(_("working days paused"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name = _("pause")
        verbose_name_plural = _("pauses")

    def __str__(self) -> str:
        return f"{self.request}: {self.started_on}"


class StudyNote(models.Model):
    class Kind(models.TextChoices):
        RESEARCH = "research", _("Research note")
        FIELD_VISIT = "visit", _("Field visit")

    request = models.ForeignKey(ServiceRequest, on_delete=models.PROTECT, related_name="study_notes")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    text = models.TextField(_("notes"))
    visited_on = models.DateField(_("visit date"), null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("study note")
        verbose_name_plural = _("study notes")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.request}"
