from __future__ import annotations

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import UserFactory
from mustafid.documents import services
from mustafid.documents.models import Document, DocumentVersion


def publisher(**kwargs):
    kwargs.setdefault("scope_all", True)
    return UserFactory(role=Role.SENIOR_MANAGEMENT, **kwargs)


def published(
    title: str = "سياسة صرف المساعدات",
    *,
    slug: str = "aid-policy",
    by=None,
    body: str = "تصرف المساعدات بعد دراسة الحالة.\nيبلغ المستفيد بالقرار.",
    kind: str = Document.Kind.AID,
    is_public: bool = True,
    categories=(),
    pdf=None,
) -> DocumentVersion:
    """A document with its first version published."""
    by = by or publisher()
    document = services.create_document(
        by=by, kind=kind, title=title, slug=slug, is_public=is_public, categories=categories
    )
    return services.publish_version(by=by, document=document, body=body, pdf=pdf)
