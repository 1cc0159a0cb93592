from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "mustafid.portal"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from . import data_subject  # noqa: F401  (registers its sections of the data-subject copy)
