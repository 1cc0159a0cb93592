"""The outbox: every message to a beneficiary, written with the change that causes it."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mustafid.accounts.models import Branch, Category, Domain
from mustafid.core.crypto import EncryptedTextField
from mustafid.core.permissions import ScopedQuerySet


class Channel(models.TextChoices):
    """The agreed channels (HD-5); phone and letter become staff tasks."""

    SMS = "sms", _("Text message (SMS)")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone call")
    LETTER = "letter", _("Letter")


STAFF_CHANNELS = frozenset({Channel.PHONE, Channel.LETTER})
# Dedupe keys of messages whose text no staff page may show (portal sign-in codes).
# Messages whose text is for the recipient alone: the portal's one-time codes, and
# any message another app writes under a "secret:" key (a complaint's tracking code,
# a one-time satisfaction link): staff could otherwise act in the recipient's place.
SECRET_KEY_PREFIXES = ("portal-code:", "secret:")


class NotificationQuerySet(ScopedQuerySet):
    # A message shows a beneficiary's name, phone and words: it is scoped in
    # every dimension of the beneficiary it is about, copied when it is written
    # (notifications import no beneficiary app). A message about no beneficiary
    # has no category nor domain, so only global-scope staff see it.
    scope_lookups = {"branch": "branch", "category": "category", "domain": "domains"}
    scope_many = frozenset({"domain"})


class Notification(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed: needs attention")
        TASK_OPEN = "task_open", _("Staff task: to do")
        TASK_DONE = "task_done", _("Staff task: done")

    channel = models.CharField(_("channel"), max_length=10, choices=Channel)
    status = models.CharField(_("status"), max_length=10, choices=Status, db_index=True)
    recipient_name = models.CharField(_("recipient"), max_length=200)
    # Phone number or email address: personal data, encrypted like the file it came from.
    address = EncryptedTextField(_("address"), blank=True, default="")
    subject = models.CharField(_("subject"), max_length=200)
    # The text may hold personal data or a one-time code: encrypted at rest too.
    body = EncryptedTextField(_("message"))
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    domains = models.ManyToManyField(Domain, blank=True, related_name="+")
    # What the message is about (a service request, a complaint...).
    about_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    about_id = models.CharField(max_length=64, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    # One notification per event, however often the code that raises it runs.
    dedupe_key = models.CharField(max_length=150, unique=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    provider_id = models.CharField(max_length=100, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_note = models.CharField(_("what was done"), max_length=300, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notif_due_idx")]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient_name}: {self.subject}"

    @property
    def is_secret(self) -> bool:
        """A message carrying a one-time code or link: its text is for the recipient alone."""
        return self.dedupe_key.startswith(SECRET_KEY_PREFIXES)

    @property
    def shown_body(self) -> str:
        """The text as staff may see it: a placeholder for a code, whether sent yet or not."""
        return str(_("(a one-time code: never shown)")) if self.is_secret else self.body
