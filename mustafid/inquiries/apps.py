from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InquiriesConfig(AppConfig):
    name = "mustafid.inquiries"
    label = "inquiries"
    verbose_name = _("Inquiries")

    def ready(self) -> None:
        from mustafid.audit.registry import audited
        from mustafid.beneficiaries.timeline import register_file_actions, register_timeline_source
        from mustafid.core.home import register_home_section

        from . import (
            data_subject,  # noqa: F401  (registers its section of the data-subject copy)
            workflow,  # noqa: F401  (registers the declared workflow)
        )
        from .models import ApprovedAnswer, Inquiry
        from .selectors import file_actions, my_open_inquiries, timeline_entries

        audited(Inquiry)
        audited(ApprovedAnswer)
        register_timeline_source(timeline_entries)
        register_file_actions(file_actions)
        register_home_section(my_open_inquiries)  # the officer's open inquiries on the home page (issue 11.4)
