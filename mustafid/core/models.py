"""Shared kernel models: base classes, the holiday calendar, reference counters."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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
