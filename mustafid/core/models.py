"""Shared kernel models: base classes, the holiday calendar, reference counters."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .files import IMAGE_KINDS, PrivateFileField, check_upload


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Holiday(models.Model):
    """An official holiday: not a working day.

    Islamic holidays are announced by moon sighting, so the seeded dates are
    estimates the administrator moves when the announcement comes.
    """

    class Source(models.TextChoices):
        SEEDED = "seeded", _("Seeded from the official calendar")
        MANUAL = "manual", _("Entered by the administrator")

    date = models.DateField(_("date"), unique=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    is_estimated = models.BooleanField(
        _("estimated date"),
        default=False,
        help_text=_("Islamic holidays depend on moon sighting: confirm or move them when announced."),
    )
    source = models.CharField(_("source"), max_length=10, choices=Source, default=Source.MANUAL)

    class Meta:
        ordering = ["date"]
        verbose_name = _("official holiday")
        verbose_name_plural = _("official holidays")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name_ar}"


class ReferenceCounter(models.Model):
    """The last number given per document type and year (REQ-2027-000042)."""

    prefix = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="core_reference_counter_unique")]
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last_value}"


class RateBudget(models.Model):
    """How many times one thing was done in one fixed window (``core.rate_budget``).

    The key is a keyed hash of what is counted and the window's start, so an
    address is never stored; a row is spent by one atomic statement, so every
    worker sees the same count. Rows of ended windows are purged on a schedule.
    """

    key = models.CharField(max_length=64, unique=True)
    window_ends = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("rate budget")
        verbose_name_plural = _("rate budgets")

    def __str__(self) -> str:
        return f"{self.key[:12]}: {self.count}"


class WorkflowEvent(models.Model):
    """One step a case took through its workflow: the case's history (``core.workflow``).

    Written by ``Workflow.move`` in the transaction of the step itself, so the
    history and the state never disagree. The case is named by content type
    and id: every kind of case (request, meeting, complaint...) keeps its
    history here, and ``core`` imports none of them.
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    action = models.CharField(_("step"), max_length=40)
    from_state = models.CharField(_("from"), max_length=30)
    to_state = models.CharField(_("to"), max_length=30)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="core_workflow_event_case")]
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state} → {self.to_state}"


class DocumentJob(models.Model):
    """A document asked for by a change, rendered after it commits (``core.documents``)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        RENDERING = "rendering", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed, will be retried")

    kind = models.CharField(_("document"), max_length=50)
    object_id = models.PositiveBigIntegerField()
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="core_document_job_unique")]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="core_document_job_due")]
        verbose_name = _("document to prepare")
        verbose_name_plural = _("documents to prepare")

    def __str__(self) -> str:
        return f"{self.kind} #{self.object_id}: {self.status}"


LETTER_IMAGE_MAX_BYTES = 2 * 1024 * 1024


def validate_letter_image(upload) -> None:
    """A logo, stamp or signature is a PNG or JPEG by its content, at most 2 MB (what WeasyPrint draws)."""
    check_upload(upload, allowed=IMAGE_KINDS, max_bytes=LETTER_IMAGE_MAX_BYTES)


class LetterSignature(models.Model):
    """How the society signs its letters: one block, set by a global administrator (issue 10.3).

    One row only (``pk`` 1): the decision letter and the receipt end with the
    same signatory, logo and stamp. The images are private files: a stamp and
    a signature are what a forger wants, so no URL serves them; the PDFs embed
    them (``core.letters``).
    """

    SINGLETON_PK = 1

    signatory_name = models.CharField(_("signatory's name"), max_length=200)
    signatory_title = models.CharField(_("signatory's title"), max_length=200)
    logo = PrivateFileField(_("logo"), upload_to="letters/", blank=True, validators=[validate_letter_image])
    signature = PrivateFileField(
        _("signature image"), upload_to="letters/", blank=True, validators=[validate_letter_image]
    )
    stamp = PrivateFileField(_("stamp"), upload_to="letters/", blank=True, validators=[validate_letter_image])
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("letter signature and stamp")
        verbose_name_plural = _("letter signature and stamp")

    def __str__(self) -> str:
        return f"{self.signatory_name} — {self.signatory_title}"

    def save(self, *args, **kwargs):
        # Always the one row: a second "add" replaces the block rather than adding a rival one.
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> LetterSignature | None:
        return cls.objects.filter(pk=cls.SINGLETON_PK).first()
