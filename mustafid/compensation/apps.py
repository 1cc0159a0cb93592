from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompensationConfig(AppConfig):
    name = "mustafid.compensation"
    label = "compensation"
    verbose_name = _("Compensation claims")

    def ready(self) -> None:
        from mustafid.audit.registry import audited
        from mustafid.beneficiaries.models import register_committee_cases
        from mustafid.committees.cases import register_case_type

        # Imported for what they register: the claim's workflow, its section of the data-subject copy.
        from . import data_subject, workflow  # noqa: F401
        from .committee import ClaimCase
        from .documents import register_documents
        from .models import Claim, Offer, Settlement, SettlementSignature, files_before_committees_of

        audited(Claim, exclude_fields=["offers"])
        audited(Offer, scope_through="claim")
        audited(Settlement)
        audited(SettlementSignature)
        # CP-2: the investigation and follow-up committee decides on the fault.
        register_case_type(ClaimCase())
        # A member of the investigation committee opens the files of the claims before it.
        register_committee_cases(files_before_committees_of)
        register_documents()
        self._register_views()

    def _register_views(self) -> None:
        from mustafid.beneficiaries.timeline import register_file_actions, register_timeline_source
        from mustafid.core.home import register_home_section

        from .selectors import file_actions, home_sections, timeline_entries

        register_timeline_source(timeline_entries)
        register_file_actions(file_actions)
        register_home_section(home_sections)
