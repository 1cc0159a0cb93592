"""One-time codes that let a beneficiary identify on the portal without a password."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class OneTimeCode(models.Model):
    """A code sent by SMS to the phone registered for the national ID (hashes only, never the code)."""

    national_id_hash = models.CharField(max_length=64, db_index=True)
    # The device (signed cookie) that asked: a code is checked, and replaced,
    # only on the device it was asked from, so someone who knows the ID number
    # cannot spoil or lock the code its owner is typing on their own phone.
    device_hash = models.CharField(max_length=64, blank=True, default="")
    code_hash = models.CharField(max_length=64)
    purpose = models.CharField(max_length=20, default="portal")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")

    def __str__(self) -> str:
        return gettext("one-time code %(number)s") % {"number": self.pk}


class CodeBudget(models.Model):
    """How many codes one key (a device, an address, an ID number, everyone) asked for in one window.

    Counted in the database so every gunicorn worker sees the same numbers; a
    window is fixed (it starts at a multiple of its length), so the page can
    say exactly when the budget comes back. Keys are keyed hashes: no address
    or ID number is stored in them.
    """

    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="portal_budget_key_window")]
        verbose_name = _("one-time code allowance")
        verbose_name_plural = _("one-time code allowances")
        indexes = [models.Index(fields=["window_start"], name="portal_budget_window_idx")]

    def __str__(self) -> str:
        return f"budget {self.pk}: {self.count}"
