"""One-time codes that let a beneficiary identify on the portal without a password."""

from __future__ import annotations

from django.db import models


class OneTimeCode(models.Model):
    """A code sent by SMS to the phone registered for the national ID (hashes only, never the code)."""

    national_id_hash = models.CharField(max_length=64, db_index=True)
    code_hash = models.CharField(max_length=64)
    purpose = models.CharField(max_length=20, default="portal")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"code {self.pk}"
