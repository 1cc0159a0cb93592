from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "mustafid.services"
    label = "services"
    verbose_name = _("Service catalogue")

    def ready(self) -> None:
        from . import auditing  # noqa: F401  (registers models with auditlog)
