from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BeneficiariesConfig(AppConfig):
    name = "mustafid.beneficiaries"
    label = "beneficiaries"
    verbose_name = _("Beneficiaries")

    def ready(self) -> None:
        from . import (
            auditing,  # noqa: F401  (registers models with auditlog)
            data_subject_sections,  # noqa: F401  (registers the file's sections of the data-subject copy)
        )
