"""Every contact with a beneficiary, through any channel (CH-1..CH-6)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mustafid.beneficiaries.models import Beneficiary
from mustafid.core.crypto import EncryptedTextField
from mustafid.core.files import PrivateFileField
from mustafid.core.permissions import ScopedQuerySet


class Channel(models.TextChoices):
    INTERVIEW = "interview", _("Interview")  # CH-1
    LETTER = "letter", _("Letter")  # CH-2
    PHONE = "phone", _("Phone call")  # CH-3
    FAX = "fax", _("Fax")  # CH-4
    WEB = "web", _("Website")  # CH-5
    EMAIL = "email", _("Email")  # CH-5
    VOLUNTEER = "volunteer", _("Volunteer service")  # CH-6


class Direction(models.TextChoices):
    INCOMING = "in", _("Incoming")
    OUTGOING = "out", _("Outgoing")


class InteractionQuerySet(ScopedQuerySet):
    """A contact is visible exactly when its beneficiary is."""

    def visible_to(self, user: Any) -> InteractionQuerySet:
        return self.filter(beneficiary__in=Beneficiary.objects.visible_to(user).values("pk"))


class Interaction(models.Model):
    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.PROTECT, related_name="interactions", verbose_name=_("beneficiary")
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel)
    direction = models.CharField(_("direction"), max_length=3, choices=Direction, default=Direction.INCOMING)
    occurred_at = models.DateTimeField(_("date and time"), default=timezone.now, db_index=True)
    subject = models.CharField(_("subject"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    # Letters and faxes: the number the letter carries (incoming: registered number;
    # outgoing: the reference the society gave it).
    reference = models.CharField(_("reference number"), max_length=30, blank=True, db_index=True)
    # A phone or fax number identifies the person as much as the file's own phone does (issue 9.5).
    counterpart = EncryptedTextField(_("phone number, fax number or email address"), blank=True, default="")
    attachment = PrivateFileField(
        _("scanned file"), upload_to="interactions/%Y/%m/", blank=True, original_name_field="attachment_name"
    )
    attachment_name = models.CharField(_("file name"), max_length=255, blank=True, default="", editable=False)
    attachment_type = models.CharField(max_length=50, blank=True, editable=False)
    # An optional follow-up task (a call to return, a document to chase).
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    follow_up_note = models.CharField(_("follow-up task"), max_length=300, blank=True)
    follow_up_done_at = models.DateTimeField(_("follow-up done at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = InteractionQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["beneficiary", "-occurred_at"], name="interaction_timeline_idx")]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("interactions:detail", args=[self.pk])

    @property
    def has_open_follow_up(self) -> bool:
        return bool(self.follow_up_on) and self.follow_up_done_at is None

    @property
    def follow_up_state(self) -> str:
        """``overdue``, ``due`` (today), ``upcoming``, ``done`` or ``""`` (none asked)."""
        if not self.follow_up_on:
            return ""
        if self.follow_up_done_at is not None:
            return "done"
        today = timezone.localdate()
        if self.follow_up_on < today:
            return "overdue"
        return "due" if self.follow_up_on == today else "upcoming"

    @property
    def kind_label(self) -> str:
        """``Incoming letter``, ``Outgoing email``, else the channel: what a reader calls this contact."""
        if self.channel == Channel.LETTER:
            return str(_("Outgoing letter") if self.direction == Direction.OUTGOING else _("Incoming letter"))
        if self.channel == Channel.EMAIL:
            return str(_("Outgoing email") if self.direction == Direction.OUTGOING else _("Incoming email"))
        return str(self.get_channel_display())

    @property
    def shows_direction(self) -> bool:
        """Whether the direction is worth reading beside ``kind_label``.

        Interviews and volunteers' visits are met in person; letters and email
        already say it in their label.
        """
        return self.channel in (Channel.PHONE, Channel.FAX, Channel.WEB)
