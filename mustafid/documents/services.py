"""Writes of the society's published documents: a document, a new version of it (TL-1..TL-4)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mustafid.accounts.models import User
from mustafid.core.files import check_upload

from .models import Document, DocumentVersion

PUBLISH = "documents.publish_document"
#: a copy handed to the public is a PDF, nothing a browser would run or show as a picture of text.
PDF_ONLY = frozenset({"pdf"})


def _require_publisher(by: User) -> None:
    if not by.has_perm(PUBLISH):
        raise PermissionDenied


@transaction.atomic
def create_document(
    *,
    by: User,
    kind: str,
    title: str,
    slug: str,
    title_en: str = "",
    is_public: bool = True,
    categories=(),
) -> Document:
    """A new document; it reaches the portal once its first version is published."""
    _require_publisher(by)
    if Document.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("Another document has this address.")})
    document = Document.objects.create(
        kind=kind, title=title.strip(), title_en=title_en.strip(), slug=slug, is_public=is_public
    )
    document.categories.set(categories)
    return document


@transaction.atomic
def publish_version(*, by: User, document: Document, body: str, changes: str = "", pdf=None) -> DocumentVersion:
    """Put a new version in force; from the second on it says what changed (IN-3)."""
    _require_publisher(by)
    if not body.strip():
        raise ValidationError({"body": _("Write the text of the document.")})
    if pdf:
        try:
            check_upload(pdf, allowed=PDF_ONLY)
        except ValidationError as error:
            raise ValidationError({"pdf": error}) from error
    document = Document.objects.select_for_update().get(pk=document.pk)  # two publishers do not take one number
    previous = document.versions.aggregate(n=Max("number"))["n"] or 0
    if previous and not changes.strip():
        raise ValidationError({"changes": _("Summarise what changed since the previous version.")})
    version = DocumentVersion(
        document=document,
        number=previous + 1,
        body=body.strip(),
        changes=changes.strip(),
        published_at=timezone.now(),
        published_by=by,
    )
    if pdf:
        version.pdf.save(pdf.name, pdf, save=False)
    version.save()
    return version
