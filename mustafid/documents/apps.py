from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "mustafid.documents"
    label = "documents"
    verbose_name = _("Published documents")

    def ready(self) -> None:
        from mustafid.audit.registry import audited

        from .models import Document, DocumentVersion

        # What the society published, and to whom it applies, is evidence (TL-1..TL-4): in the audit trail.
        audited(Document, m2m_fields=["categories"])
        audited(DocumentVersion)
