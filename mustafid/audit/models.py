"""The access log: who viewed, exported or downloaded which record (RL-2)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLog(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        EXPORT = "export", _("Exported")
        DOWNLOAD = "download", _("Downloaded a document")
        PRINT = "print", _("Printed")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="access_logs",
        verbose_name=_("staff member"),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("record type"))
    object_id = models.CharField(_("record id"), max_length=64)
    object_repr = models.CharField(_("record"), max_length=200)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    path = models.CharField(_("page"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-at"], name="audit_access_record_idx"),
            models.Index(fields=["actor", "-at"], name="audit_access_actor_idx"),
        ]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")

    def __str__(self) -> str:
        return f"{self.actor} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        # Evidence is written once: an access log row is never edited.
        if self.pk is not None:
            raise ValueError("access log entries cannot be changed")
        super().save(*args, **kwargs)
