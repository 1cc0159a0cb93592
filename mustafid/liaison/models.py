"""Liaison officers (IN-1): who answers the beneficiaries of a category or of a society domain.

An assignment names an officer and a fallback for ONE beneficiary category
or ONE society domain. Absence belongs to the person, not to an assignment:
an officer on leave is away from every category and domain they serve, so
it is recorded once on their ``OfficerProfile`` (with dates, so leave known
in advance is entered ahead and ends by itself). The profile also holds the
officer's work contact, the only contact the portal ever shows: a staff
member's own mobile number (``User.phone``) is never published.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mustafid.accounts.models import Category, Domain
from mustafid.core.permissions import ScopedQuerySet


class LiaisonAssignmentQuerySet(ScopedQuerySet):
    """An assignment is in scope when its category, or its domain, is in the user's scope.

    The generic ``visible_to`` ANDs every dimension; an assignment has only
    one of the two, so the test is an OR here.
    """

    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.has_global_scope:
            return self
        return self.filter(Q(category__in=user.scope_ids("category")) | Q(domain__in=user.scope_ids("domain")))


class LiaisonAssignment(models.Model):
    category = models.OneToOneField(
        Category,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="liaison",
        verbose_name=_("beneficiary category"),
    )
    domain = models.OneToOneField(
        Domain,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="liaison",
        verbose_name=_("society domain"),
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="liaison_assignments",
        verbose_name=_("liaison officer"),
    )
    fallback = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="liaison_fallbacks",
        verbose_name=_("fallback officer"),
        help_text=_("Receives the inquiries and complaints while the officer is absent."),
    )

    objects = LiaisonAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("liaison officer assignment")
        verbose_name_plural = _("liaison officer assignments")
        constraints = [
            # Exactly one of the two: an assignment answers for a category or for a domain.
            models.CheckConstraint(
                condition=(Q(category__isnull=False) & Q(domain__isnull=True))
                | (Q(category__isnull=True) & Q(domain__isnull=False)),
                name="liaison_category_xor_domain",
            ),
            models.CheckConstraint(condition=~Q(fallback=models.F("officer")), name="liaison_fallback_not_officer"),
        ]

    def __str__(self) -> str:
        return str(self.category or self.domain)

    @property
    def subject(self) -> Category | Domain | None:
        return self.category or self.domain


class OfficerProfile(models.Model):
    """What the society publishes about an officer, and when they are away."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="liaison_profile",
        verbose_name=_("liaison officer"),
    )
    # Staff accounts hold one name, as the society writes it; the English portal reads this one.
    name_en = models.CharField(
        _("name in English"),
        max_length=150,
        blank=True,
        help_text=_("Shown on the portal in English; the Arabic name is shown when it is empty."),
    )
    work_phone = models.CharField(
        _("work phone"),
        max_length=30,
        blank=True,
        help_text=_("The society's line or extension; shown to beneficiaries on the portal."),
    )
    work_email = models.EmailField(
        _("work email"), blank=True, help_text=_("The society's address; shown to beneficiaries on the portal.")
    )
    absent_from = models.DateField(_("absent from"), null=True, blank=True)
    absent_until = models.DateField(
        _("absent until"),
        null=True,
        blank=True,
        help_text=_("Last day of the absence. Inquiries and complaints go to the fallback meanwhile."),
    )

    class Meta:
        verbose_name = _("liaison officer's contact and absence")
        verbose_name_plural = _("liaison officers' contacts and absences")
        constraints = [
            models.CheckConstraint(
                condition=Q(absent_from__isnull=True)
                | (Q(absent_until__isnull=False) & Q(absent_until__gte=models.F("absent_from"))),
                name="liaison_absence_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return str(self.user)

    def is_absent_on(self, day: datetime.date) -> bool:
        if self.absent_until is None or day > self.absent_until:
            return False
        return self.absent_from is None or self.absent_from <= day
