"""The reports keep no data of their own: they read every app. The model only carries their permissions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    class Meta:
        managed = False  # no table: a holder for the permissions below
        default_permissions = ()
        permissions = [
            ("view_dashboard", _("Can see the management dashboard")),
            ("view_compliance", _("Can see the compliance report")),
        ]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
