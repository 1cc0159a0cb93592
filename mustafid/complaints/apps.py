from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "mustafid.complaints"
    label = "complaints"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        from mustafid.audit.registry import audited
        from mustafid.beneficiaries.models import register_committee_cases
        from mustafid.beneficiaries.timeline import register_timeline_source
        from mustafid.committees.cases import register_case_type
        from mustafid.core.home import register_home_section

        # Imported for what they register: the complaint's workflow, its section of the data-subject copy.
        from . import data_subject, workflow  # noqa: F401
        from .committee import ComplaintCase
        from .models import Complaint, ComplaintNote, files_before_committees_of
        from .selectors import home_sections, timeline_entries

        # The hashes of the codes are secrets: the history shows that they changed, never what they were.
        audited(Complaint, exclude_fields=["tracking_code_hash", "satisfaction_token_hash"])
        audited(ComplaintNote, scope_through="complaint")
        # CM-1: the follow-up committee decides on the complaints escalated to its head.
        register_case_type(ComplaintCase())
        # A member of the follow-up committee opens the files of the complaints before it.
        register_committee_cases(files_before_committees_of)
        register_timeline_source(timeline_entries)
        register_home_section(home_sections)
        from .defaults import seed_categories

        post_migrate.connect(seed_categories, sender=self, dispatch_uid="mustafid-complaint-categories")
