from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "mustafid.documents"
    label = "documents"
    verbose_name = _("Published documents")

    def ready(self) -> None:
        from mustafid.audit.registry import audited
        from mustafid.services.signals import version_published

        from .models import Document, DocumentVersion
        from .service_changes import on_version_published

        # What the society published, and to whom it applies, is evidence (TL-1..TL-4): in the audit trail.
        audited(Document, m2m_fields=["categories"])
        audited(DocumentVersion)
        # IN-3: a service's changed criteria or documents are told to those with open requests for it.
        version_published.connect(on_version_published, dispatch_uid="mustafid-documents-service-changes")
