from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "mustafid.oversight"
    label = "oversight"
    verbose_name = _("Supervisory visits")

    def ready(self) -> None:
        from mustafid.audit.registry import audited

        from . import workflow  # noqa: F401  (declares the workflows: the badge filter finds them by label)
        from .models import ChecklistTemplate, CorrectiveAction, Finding, Visit, VisitAnswer

        # Findings and corrective actions are the evidence a branch was followed up (SM-3).
        for model in (ChecklistTemplate, Visit, VisitAnswer, Finding, CorrectiveAction):
            audited(model)
