from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "mustafid.committees"
    label = "committees"
    verbose_name = _("Committees")

    def ready(self) -> None:
        from mustafid.audit.registry import audited
        from mustafid.core.home import register_home_section

        from . import (
            guards,
            workflow,  # noqa: F401  (declares the meeting's workflow for badges and pages)
        )
        from .documents import register_documents
        from .models import AgendaItem, Committee, CommitteeMember, ConflictDeclaration, Meeting, MinuteApproval, Vote
        from .selectors import home_section

        audited(Committee)
        # Committees and meetings are scoped themselves; the rest is read in the scope of its meeting (issue 9.1).
        audited(CommitteeMember, scope_through="committee")
        audited(Meeting, m2m_fields=["attendees"])
        audited(AgendaItem, scope_through="meeting")
        audited(ConflictDeclaration, scope_through="item__meeting")
        audited(Vote, scope_through="item__meeting")
        audited(MinuteApproval, scope_through="meeting")
        guards.connect()
        register_home_section(home_section)  # the home page's meetings (issue 10.1)
        register_documents()
