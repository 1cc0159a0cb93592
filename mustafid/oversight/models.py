"""Supervisory visits to branches and offices, their findings and corrective actions (SM-3).

Senior management visits a branch or one of its offices with a checklist:
each item is answered (in order / not in order / not applicable), what is
wrong is written as a finding, and each finding may get corrective actions,
each with an owner and a due date, followed to closure. A visit copies its
checklist's items when it is planned, so a template changed later does not
rewrite what a past visit was checked against.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mustafid.accounts.models import Branch
from mustafid.core.permissions import ScopedQuerySet


class ChecklistTemplate(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")

    def __str__(self) -> str:
        return self.name


class ChecklistItem(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(_("order"))
    text = models.CharField(_("item"), max_length=500)

    class Meta:
        ordering = ["template", "order", "id"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self) -> str:
        return self.text


class VisitStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("visit status", "Planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("visit status", "In progress")
    COMPLETED = "completed", pgettext_lazy("visit status", "Completed")


class VisitQuerySet(ScopedQuerySet):
    scope_lookups = {"branch": "branch"}


class Visit(models.Model):
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="visits", verbose_name=_("branch"))
    place = models.CharField(_("office or place"), max_length=200, blank=True)
    visit_on = models.DateField(_("date of the visit"))
    visitors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="visits", verbose_name=_("visitors"))
    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.PROTECT, related_name="visits", verbose_name=_("checklist")
    )
    status = models.CharField(_("status"), max_length=12, choices=VisitStatus, default=VisitStatus.PLANNED)
    summary = models.TextField(_("summary"), blank=True)
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        ordering = ["-visit_on", "-id"]
        verbose_name = _("supervisory visit")
        verbose_name_plural = _("supervisory visits")
        indexes = [models.Index(fields=["branch", "status", "visit_on"], name="oversight_visit_worklist")]

    def __str__(self) -> str:
        return f"{self.branch} {self.visit_on:%Y-%m-%d}"


class VisitAnswerQuerySet(ScopedQuerySet):
    scope_lookups = {"branch": "visit__branch"}


class VisitAnswer(models.Model):
    """One checklist item as the visit was made with it, and its answer."""

    class Result(models.TextChoices):
        UNANSWERED = "", _("Not answered yet")
        OK = "ok", _("In order")
        NOT_OK = "not_ok", _("Not in order")
        NOT_APPLICABLE = "na", _("Not applicable")

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="answers")
    order = models.PositiveIntegerField(_("order"))
    #: the item's text copied when the visit was planned.
    item_text = models.CharField(_("item"), max_length=500)
    result = models.CharField(_("answer"), max_length=8, choices=Result, default=Result.UNANSWERED, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = VisitAnswerQuerySet.as_manager()

    class Meta:
        ordering = ["visit", "order", "id"]
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")

    def __str__(self) -> str:
        return self.item_text


class FindingQuerySet(ScopedQuerySet):
    scope_lookups = {"branch": "visit__branch"}


class Finding(models.Model):
    class Severity(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="findings")
    answer = models.ForeignKey(
        VisitAnswer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("checklist item"),
    )
    text = models.TextField(_("finding"))
    severity = models.CharField(_("severity"), max_length=8, choices=Severity, default=Severity.MEDIUM)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["visit", "id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def tone(self) -> str:
        tones = {self.Severity.HIGH.value: "danger", self.Severity.MEDIUM.value: "warning"}
        return tones.get(self.severity, "secondary")


class ActionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("corrective action status", "Open")
    DONE = "done", pgettext_lazy("corrective action status", "Done")
    CLOSED = "closed", pgettext_lazy("corrective action status", "Verified and closed")


class EscalationLevel(models.IntegerChoices):
    NONE = 0, _("Not escalated")
    OWNER = 1, _("Reminder to the owner")
    MANAGEMENT = 2, _("Senior management")


class CorrectiveActionQuerySet(ScopedQuerySet):
    scope_lookups = {"branch": "finding__visit__branch"}

    def overdue(self, today: date) -> CorrectiveActionQuerySet:
        """Past their due date and not closed."""
        return self.filter(due_on__lt=today).exclude(status=ActionStatus.CLOSED)

    def with_overdue(self, today: date) -> CorrectiveActionQuerySet:
        """Each row with ``overdue``, the flag the lists show, computed by the database."""
        late = models.Q(due_on__lt=today) & ~models.Q(status=ActionStatus.CLOSED)
        return self.annotate(overdue=models.ExpressionWrapper(late, output_field=models.BooleanField()))

    def readable_by(self, user) -> CorrectiveActionQuerySet:
        """What ``user`` may open: every action of their scope with the permission, and their own."""
        if not (user is not None and user.is_authenticated and user.is_active):
            return self.none()
        own = self.filter(owner=user)
        if user.has_perm("oversight.view_correctiveaction"):
            return self.visible_to(user) | own
        return own


class CorrectiveAction(models.Model):
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="actions")
    text = models.TextField(_("corrective action"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="corrective_actions",
        verbose_name=_("owner"),
    )
    #: a plain calendar date the person assigning it chose.
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=8, choices=ActionStatus, default=ActionStatus.OPEN)
    escalation_level = models.PositiveSmallIntegerField(
        _("escalation"), choices=EscalationLevel, default=EscalationLevel.NONE
    )
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = CorrectiveActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        permissions = [("verify_correctiveaction", _("Can verify and close corrective actions"))]
        indexes = [models.Index(fields=["owner", "status", "due_on"], name="oversight_action_owner")]

    def __str__(self) -> str:
        return self.text[:80]

    def is_overdue(self, today: date) -> bool:
        return self.status != ActionStatus.CLOSED and self.due_on < today

    def days_overdue(self, today: date) -> int:
        return max((today - self.due_on).days, 0) if self.status != ActionStatus.CLOSED else 0


class ActionEscalation(models.Model):
    """One escalation of an overdue action, written once per level (the sweep may run any number of times)."""

    action = models.ForeignKey(CorrectiveAction, on_delete=models.CASCADE, related_name="escalations")
    level = models.PositiveSmallIntegerField(_("level"), choices=EscalationLevel)
    on = models.DateField(_("on"))
    #: who was told, by name, as the action's page shows it.
    told = models.TextField(_("told"), blank=True)

    class Meta:
        ordering = ["action", "level"]
        constraints = [models.UniqueConstraint(fields=["action", "level"], name="oversight_escalation_once")]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")

    def __str__(self) -> str:
        return f"{self.action_id}: {self.get_level_display()}"
