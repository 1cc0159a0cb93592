"""Satisfaction measurement (SM-1, SM-2, SM-4): questionnaires, campaigns, invitations, responses.

A questionnaire's questions are frozen once someone answered it: the
answers must keep meaning what was asked. Editing an answered questionnaire
makes a new version (a copy, version + 1); the old one keeps its answers.

A campaign sends one questionnaire to a segment of beneficiaries; each gets
one invitation holding the keyed hash of a one-time link (never the link),
and at most one response. A staff member may also fill a questionnaire
with a beneficiary: a field survey or a structured interview.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from mustafid.accounts.models import Branch, Category, Domain
from mustafid.beneficiaries.models import Beneficiary
from mustafid.core.models import TimeStampedModel
from mustafid.core.permissions import ScopedQuerySet, _is_active_staff
from mustafid.services.models import Service


def _in_language(arabic: str, english: str) -> str:
    """The English wording on the English pages when there is one; the Arabic otherwise."""
    return english if english and translation.get_language() == "en" else arabic


class Questionnaire(TimeStampedModel):
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    introduction_en = models.TextField(_("introduction in English"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    #: the version this one was copied from: the versions of one questionnaire form a chain.
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_version", editable=False
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["title", "-version"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        permissions = [("manage_questionnaire", _("Can build questionnaires and send satisfaction campaigns"))]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    @property
    def shown_title(self) -> str:
        return _in_language(self.title, self.title_en)

    @property
    def shown_introduction(self) -> str:
        return _in_language(self.introduction, self.introduction_en)

    @property
    def is_current(self) -> bool:
        return not hasattr(self, "next_version")

    def has_responses(self) -> bool:
        return self.responses.exists()


class Question(models.Model):
    class Kind(models.TextChoices):
        RATING = "rating", _("Rating from 1 to 5")
        SINGLE = "single", _("One choice")
        MULTIPLE = "multiple", _("Several choices")
        TEXT = "text", _("Free text")

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveIntegerField(_("order"))
    kind = models.CharField(_("kind of answer"), max_length=10, choices=Kind)
    text = models.CharField(_("question"), max_length=500)
    text_en = models.CharField(_("question in English"), max_length=500, blank=True)
    #: for the choice kinds: [[Arabic, English], ...]; an answer keeps the choice's index.
    choices = models.JSONField(_("choices"), default=list, blank=True)
    required = models.BooleanField(_("an answer is required"), default=True)

    class Meta:
        ordering = ["questionnaire", "order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text

    @property
    def shown_text(self) -> str:
        return _in_language(self.text, self.text_en)

    @property
    def has_choices(self) -> bool:
        return self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE)

    def choice_labels(self) -> list[str]:
        return [_in_language(arabic, english) for arabic, english in self.choices]


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    CLOSED = "closed", _("Closed")


class CampaignQuerySet(ScopedQuerySet):
    """A campaign for one branch is that branch's; a campaign for every branch is seen by all who hold the permission.

    Its invitations and responses are scoped by their beneficiary: a
    society-wide campaign shows each person only the figures of their scope.
    """

    def visible_to(self, user: Any) -> CampaignQuerySet:
        if not _is_active_staff(user):
            return self.none()
        if user.has_global_scope:
            return self
        return self.filter(models.Q(branch__isnull=True) | models.Q(branch_id__in=user.scope_ids("branch")))


class Campaign(TimeStampedModel):
    title = models.CharField(_("title"), max_length=200)
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("questionnaire")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus, default=CampaignStatus.DRAFT, db_index=True
    )
    # The segment: each criterion left empty takes everyone.
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("branch")
    )
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
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("service")
    )
    served_from = models.DateField(_("served or closed from"), null=True, blank=True)
    served_to = models.DateField(_("served or closed until"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    #: whose scope the segment is read in, also by the task that invites a large segment.
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reminder_rounds = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminded_on = models.DateField(_("last reminded on"), null=True, blank=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("satisfaction campaign")
        verbose_name_plural = _("satisfaction campaigns")

    def __str__(self) -> str:
        return self.title


class InvitationQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> InvitationQuerySet:
        if not _is_active_staff(user):
            return self.none()
        if user.has_global_scope:
            return self
        return self.filter(beneficiary__in=Beneficiary.objects.visible_to(user).values("pk"))


class Invitation(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="invitations")
    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.PROTECT, related_name="survey_invitations")
    # The keyed hash of the one-time link's token: the token is only in the message sent.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"))
    reminded_round = models.PositiveSmallIntegerField(_("last reminder"), default=0)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "beneficiary"], name="survey_invitation_once_per_campaign")
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.campaign} / {self.beneficiary_id}"


class ResponseQuerySet(InvitationQuerySet):
    pass


class Response(models.Model):
    class Kind(models.TextChoices):
        CAMPAIGN = "campaign", _("Answered through a campaign's link")
        FIELD_SURVEY = "field_survey", _("Field survey")
        INTERVIEW = "interview", _("Structured interview")

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="responses", verbose_name=_("questionnaire")
    )
    kind = models.CharField(_("kind"), max_length=15, choices=Kind, default=Kind.CAMPAIGN)
    #: one response per invitation (SM-1): the database refuses a second one.
    invitation = models.OneToOneField(
        Invitation, on_delete=models.PROTECT, null=True, blank=True, related_name="response"
    )
    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.PROTECT, related_name="survey_responses", verbose_name=_("beneficiary")
    )
    # Kept as they were when the answer came: the results read them, not today's file.
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch"))
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("service")
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("liaison officer"),
    )
    #: the staff member who filled it with the beneficiary (field survey, interview).
    filled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filled by"),
    )
    #: made by the page that sent it: a retry of the same form is the same response, never a second one.
    client_uuid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    notes = models.TextField(_("interview notes"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), db_index=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("questionnaire response")
        verbose_name_plural = _("questionnaire responses")
        permissions = [("export_response", _("Can export questionnaire results"))]

    def __str__(self) -> str:
        return f"{self.questionnaire} / {self.submitted_at:%Y-%m-%d}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    #: the indexes of the choices taken (one for a single choice).
    chosen = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["response", "question__order"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="survey_answer_once"),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="survey_rating_1_to_5",
            ),
        ]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"
