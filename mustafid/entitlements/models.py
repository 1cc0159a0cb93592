"""Approved aid and its delivery (RL-3)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mustafid.beneficiaries.models import Beneficiary
from mustafid.core.files import PrivateFileField
from mustafid.core.permissions import ScopedQuerySet
from mustafid.requests.models import ServiceRequest


class EntitlementQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> EntitlementQuerySet:
        return self.filter(beneficiary__in=Beneficiary.objects.visible_to(user).values("pk"))


class Entitlement(models.Model):
    class Kind(models.TextChoices):
        ONE_OFF = "one_off", _("One-off")
        SCHEDULED = "scheduled", _("Scheduled instalments")

    request = models.OneToOneField(ServiceRequest, on_delete=models.PROTECT, related_name="entitlement")
    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.PROTECT, related_name="entitlements")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    description = models.CharField(_("what is due"), max_length=300)
    total_amount = models.DecimalField(_("total amount (SAR)"), max_digits=12, decimal_places=2)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EntitlementQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("entitlement")
        verbose_name_plural = _("entitlements")

    def __str__(self) -> str:
        return f"{self.request}: {self.description}"


class InstalmentQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> InstalmentQuerySet:
        return self.filter(entitlement__beneficiary__in=Beneficiary.objects.visible_to(user).values("pk"))


class Instalment(models.Model):
    class Status(models.TextChoices):
        DUE = "due", _("Not yet delivered")
        DELIVERED = "delivered", _("Delivered")

    class Method(models.TextChoices):
        BANK = "bank", _("Bank transfer")
        CHEQUE = "cheque", _("Cheque")
        CASH = "cash", _("Cash")
        IN_KIND = "in_kind", _("In kind")
        CARD = "card", _("Shopping card")

    entitlement = models.ForeignKey(Entitlement, on_delete=models.PROTECT, related_name="instalments")
    due_on = models.DateField(_("due on"), db_index=True)
    amount = models.DecimalField(_("amount (SAR)"), max_digits=12, decimal_places=2)
    # What may follow what is declared once, in ``workflow.INSTALMENT_FLOW``.
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DUE)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    method = models.CharField(_("how"), max_length=10, choices=Method, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=50, blank=True)
    receipt_file = PrivateFileField(
        _("receipt"), upload_to="receipts/aid/%Y/", blank=True, original_name_field="receipt_file_name"
    )
    receipt_file_name = models.CharField(_("file name"), max_length=255, blank=True, default="", editable=False)

    objects = InstalmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")

    def __str__(self) -> str:
        return f"{self.entitlement}: {self.due_on}"

    @property
    def is_delivered(self) -> bool:
        return self.status == self.Status.DELIVERED
