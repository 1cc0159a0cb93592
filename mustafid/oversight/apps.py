from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "mustafid.oversight"
    label = "oversight"
    verbose_name = _("Supervisory visits")

    def ready(self) -> None:
        from mustafid.audit.registry import audited
        from mustafid.core.home import register_home_section

        from . import workflow  # noqa: F401  (declares the workflows: the badge filter finds them by label)
        from .models import ChecklistTemplate, CorrectiveAction, Finding, Visit, VisitAnswer
        from .selectors import home_section

        # Findings and corrective actions are the evidence a branch was followed up (SM-3).
        for model in (ChecklistTemplate, Visit, VisitAnswer, Finding, CorrectiveAction):
            audited(model)
        register_home_section(home_section)
