from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "mustafid.complaints"
    label = "complaints"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        from mustafid.audit.registry import audited
        from mustafid.beneficiaries.timeline import register_timeline_source
        from mustafid.core.home import register_home_section

        # Imported for what they register: the complaint's workflow, its section of the data-subject copy.
        from . import data_subject, workflow  # noqa: F401
        from .models import Complaint, ComplaintNote
        from .selectors import home_sections, timeline_entries

        # The hashes of the codes are secrets: the history shows that they changed, never what they were.
        audited(Complaint, exclude_fields=["tracking_code_hash", "satisfaction_token_hash"])
        audited(ComplaintNote, scope_through="complaint")
        register_timeline_source(timeline_entries)
        register_home_section(home_sections)
        from .defaults import seed_categories

        post_migrate.connect(seed_categories, sender=self, dispatch_uid="mustafid-complaint-categories")
