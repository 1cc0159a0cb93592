from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "mustafid.surveys"
    label = "surveys"
    verbose_name = _("Satisfaction measurement")

    def ready(self) -> None:
        from mustafid.audit.registry import audited
        from mustafid.beneficiaries.timeline import register_file_actions, register_timeline_source

        from . import data_subject, workflow  # noqa: F401  (the copy's section; the campaign's workflow)
        from .models import Campaign, Question, Questionnaire
        from .selectors import file_actions, timeline_entries

        register_timeline_source(timeline_entries)
        register_file_actions(file_actions)

        # What was asked, and of whom, is the evidence of SM-1: every change is in the audit trail.
        audited(Questionnaire)
        audited(Question)
        audited(Campaign)
