"""Inquiries and technical support (HD-1, CM-2, IN-2), and the library of approved answers.

An inquiry comes from any channel: the portal's form (no account), a phone
call, an email or a visit registered by staff. It is routed to the liaison
officer of the beneficiary's category and the subject's domain
(``liaison.selectors.officer_for``), answered, and the answer is kept with
the approved answer's version it was built on, then sent through the
inquirer's channel by the outbox.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mustafid.accounts.models import Branch, Category, Domain
from mustafid.beneficiaries.models import Beneficiary
from mustafid.core.crypto import EncryptedTextField
from mustafid.core.models import TimeStampedModel
from mustafid.core.permissions import ScopedQuerySet


class Kind(models.TextChoices):
    INQUIRY = "inquiry", _("Inquiry")
    SUPPORT = "support", _("Technical support")


class Source(models.TextChoices):
    PORTAL = "portal", _("Portal form")
    PHONE = "phone", _("Phone call")
    EMAIL = "email", _("Email")
    WALK_IN = "walk_in", _("Visit to the office")


class ReplyChannel(models.TextChoices):
    """How the answer reaches the inquirer: the outbox's channels (a phone answer is a staff call task)."""

    SMS = "sms", _("Text message (SMS)")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone call")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", pgettext_lazy("inquiry status", "Assigned")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", pgettext_lazy("inquiry status", "Closed")


class InquiryQuerySet(ScopedQuerySet):
    """Who sees an inquiry.

    With a beneficiary: whoever sees the beneficiary's file (their branch,
    category and domains). Without one (a visitor on the portal, a caller not
    registered): the staff of the branch it was received for. In both cases
    also the officer it is assigned to, who must be able to answer what was
    routed to them even when it falls outside their file scope.
    """

    def visible_to(self, user):
        return self.in_scope_of(user, with_assigned=True)

    def in_scope_of(self, user, *, with_assigned: bool = False):
        """By the user's own scope; ``with_assigned`` adds what was assigned to them."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.has_global_scope:
            return self
        files = Beneficiary.objects.visible_to(user).values("pk")
        seen = Q(beneficiary__in=files) | Q(beneficiary__isnull=True, branch__in=user.scope_ids("branch"))
        return self.filter(seen | Q(assigned_to=user) if with_assigned else seen)


class ApprovedAnswerQuerySet(models.QuerySet):
    def current(self) -> ApprovedAnswerQuerySet:
        return self.filter(superseded_by__isnull=True, is_active=True)


class ApprovedAnswer(models.Model):
    """One version of an approved answer. Editing makes a new version: old inquiries keep the words they used."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("answer"))
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("beneficiary category")
    )
    domain = models.ForeignKey(
        Domain, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("society domain")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.INQUIRY)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="superseded_by"
    )
    is_active = models.BooleanField(_("offered"), default=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        editable=False,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), auto_now_add=True)

    objects = ApprovedAnswerQuerySet.as_manager()

    class Meta:
        ordering = ["title", "-version"]
        verbose_name = _("approved answer")
        verbose_name_plural = _("approved answers")

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def superseded_by_id_or_none(self) -> int | None:
        """The newer version's id, if this one was edited since."""
        newer = ApprovedAnswer.objects.filter(previous=self).values_list("pk", flat=True).first()
        return newer


class Inquiry(TimeStampedModel):
    reference = models.CharField(_("reference number"), max_length=30, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.INQUIRY, db_index=True)
    source = models.CharField(_("received through"), max_length=10, choices=Source.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    beneficiary = models.ForeignKey(
        Beneficiary,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inquiries",
        verbose_name=_("beneficiary"),
    )
    inquirer_name = models.CharField(_("inquirer's name"), max_length=150)
    # Encrypted like the beneficiary's own contact: a number or address is personal data (RL-2).
    contact = EncryptedTextField(_("mobile number or email"))
    reply_channel = models.CharField(_("answer by"), max_length=10, choices=ReplyChannel.choices)
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch"))
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beneficiary category"),
    )
    domain = models.ForeignKey(
        Domain, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("society domain")
    )
    subject = models.CharField(_("subject"), max_length=200)
    question = models.TextField(_("question"))
    due_on = models.DateField(_("answer due on"), db_index=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_inquiries",
        verbose_name=_("assigned to"),
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("received by"),
    )
    answer = models.TextField(_("answer"), blank=True)
    approved_answer = models.ForeignKey(
        ApprovedAnswer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inquiries",
        verbose_name=_("approved answer used"),
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = InquiryQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        indexes = [models.Index(fields=["status", "due_on"], name="inquiry_stage_due_idx")]
        permissions = [
            ("answer_inquiry", _("Can answer inquiries")),
            ("export_inquiry", _("Can export inquiries")),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("inquiries:detail", args=[self.pk])
