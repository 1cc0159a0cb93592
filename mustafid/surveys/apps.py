from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "mustafid.surveys"
    label = "surveys"
    verbose_name = _("Satisfaction measurement")

    def ready(self) -> None:
        from mustafid.audit.registry import audited

        from . import workflow  # noqa: F401  (declares the campaign's workflow)
        from .models import Campaign, Question, Questionnaire

        # What was asked, and of whom, is the evidence of SM-1: every change is in the audit trail.
        audited(Questionnaire)
        audited(Question)
        audited(Campaign)
