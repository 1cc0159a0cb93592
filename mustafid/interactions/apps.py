from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteractionsConfig(AppConfig):
    name = "mustafid.interactions"
    label = "interactions"
    verbose_name = _("Contacts")

    def ready(self) -> None:
        from mustafid.audit.registry import audited
        from mustafid.beneficiaries.timeline import register_file_actions, register_timeline_source
        from mustafid.core import documents
        from mustafid.core.home import register_home_section

        from . import (
            data_subject,  # noqa: F401  (registers its sections of the data-subject copy)
            services,
        )
        from .home import follow_ups_due
        from .models import Interaction
        from .selectors import file_actions, timeline_entries

        audited(Interaction)
        documents.register(
            documents.DocumentKind(
                key="interactions.outgoing_letter",
                model="interactions.Interaction",
                field="attachment",
                render=services.render_outgoing_letter,
                filename=services.outgoing_letter_name,
            )
        )
        register_timeline_source(timeline_entries)
        register_file_actions(file_actions)
        register_home_section(follow_ups_due)  # the home page's follow-ups due (issue 10.1)
