from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "mustafid.committees"
    label = "committees"
    verbose_name = _("Committees")

    def ready(self) -> None:
        from mustafid.audit.registry import audited

        from . import data_subject, guards  # noqa: F401  (data_subject registers sections of the data-subject copy)
        from .models import AgendaItem, Committee, CommitteeMember, ConflictDeclaration, Meeting, Vote

        audited(Committee)
        audited(CommitteeMember)
        audited(Meeting, m2m_fields=["attendees"])
        audited(AgendaItem)
        audited(ConflictDeclaration)
        audited(Vote)
        guards.connect()
