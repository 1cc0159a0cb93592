from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "mustafid.complaints"
    label = "complaints"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        from mustafid.audit.registry import audited

        # Imported for what it registers: the complaint's workflow.
        from . import workflow  # noqa: F401
        from .models import Complaint

        audited(Complaint, exclude_fields=["tracking_code_hash"])
