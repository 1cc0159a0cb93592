from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsConfig(AppConfig):
    name = "mustafid.requests"
    label = "requests"
    verbose_name = _("Service requests")

    def ready(self) -> None:
        from mustafid.audit.registry import audited
        from mustafid.beneficiaries.models import register_committee_cases
        from mustafid.beneficiaries.timeline import register_file_actions, register_timeline_source
        from mustafid.committees.cases import register_case_type
        from mustafid.core.home import register_home_section

        # Imported for what they register: the request's workflow, the sections of the data-subject copy.
        from . import data_subject, workflow  # noqa: F401
        from .committee import ServiceRequestCase
        from .documents import register_documents
        from .models import Pause, RequestDocument, ServiceRequest, StudyNote, files_before_committees_of
        from .selectors import file_actions, home_sections, timeline_entries

        def reverse_relations(model) -> list[str]:
            # The history of a new row would read its reverse one-to-one relations (the
            # attestation), and Django then remembers "none" on the instance.
            return [f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete]

        # The answers may hold income or health details: the history shows that they changed, not what they were.
        audited(ServiceRequest, mask_fields=["answers"], exclude_fields=reverse_relations(ServiceRequest))
        for model in (RequestDocument, Pause, StudyNote):
            # Read in the scope of their request (issue 9.1).
            audited(model, exclude_fields=reverse_relations(model), scope_through="request")
        register_timeline_source(timeline_entries)
        register_case_type(ServiceRequestCase())
        register_documents()
        register_file_actions(file_actions)
        # A committee member opens the files of the requests before their committees (issue 9.2).
        register_committee_cases(files_before_committees_of)
        # The home page's requests to assign, study and reply (issue 10.1).
        register_home_section(home_sections)
