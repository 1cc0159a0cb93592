from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiaisonConfig(AppConfig):
    name = "mustafid.liaison"
    label = "liaison"
    verbose_name = _("Liaison officers")

    def ready(self) -> None:
        from mustafid.audit.registry import audited

        from .models import LiaisonAssignment, OfficerProfile

        # Who answers whom is configuration with consequences: every change is in the audit trail.
        audited(LiaisonAssignment)
        audited(OfficerProfile)
