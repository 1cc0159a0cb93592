from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EntitlementsConfig(AppConfig):
    name = "mustafid.entitlements"
    label = "entitlements"
    verbose_name = _("Entitlements")

    def ready(self) -> None:
        from mustafid.audit.registry import audited
        from mustafid.beneficiaries.timeline import register_file_actions, register_timeline_source

        # Imported for what they register: the sections of the data-subject copy, the instalment's workflow.
        from . import data_subject, workflow  # noqa: F401
        from .models import Entitlement, Instalment
        from .selectors import file_actions, timeline_entries

        audited(Entitlement)
        audited(Instalment)
        register_timeline_source(timeline_entries)
        register_file_actions(file_actions)
