"""Writes of the society's published documents: a document, a new version of it, its change notice.

IN-3: a new version of a document shown on the portal is told to the
beneficiaries it concerns, through each one's agreed channel, after the
publication commits. A society may have many beneficiaries: the notices are
written by a task, in batches, each message deduplicated per version and
beneficiary, so a retried task or a second run tells no one twice.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from mustafid.accounts.models import User
from mustafid.beneficiaries.messages import tell
from mustafid.beneficiaries.models import Beneficiary
from mustafid.core.files import check_upload

from .models import Document, DocumentVersion

log = logging.getLogger(__name__)
#: beneficiaries told per transaction: bounded memory and lock time whatever the register's size.
BATCH = 500

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
    if version.number > 1 and document.is_public:
        # The first version changes nothing anyone relied on; a document off the portal is not published to them.
        transaction.on_commit(lambda: _enqueue_notices(version.pk))
    return version


def _enqueue_notices(version_id: int) -> None:
    from .tasks import send_document_notices

    try:
        send_document_notices.enqueue(version_id)
    except Exception:
        log.exception("could not enqueue the change notices of document version %s", version_id)


def concerned_beneficiaries(document: Document) -> QuerySet[Beneficiary]:
    """IN-3: the active beneficiaries of the document's categories; every active one when it names none."""
    beneficiaries = Beneficiary.objects.filter(is_archived=False)
    categories = list(document.categories.values_list("pk", flat=True))
    return beneficiaries.filter(category__in=categories) if categories else beneficiaries


def tell_in_batches(beneficiaries: QuerySet[Beneficiary], *, key: str, subject: str, body: str) -> int:
    """Tell each of ``beneficiaries`` through their channel, ``BATCH`` per transaction; the count told.

    The dedupe key is ``key`` and the beneficiary's id: once per beneficiary, however often this runs.
    Each message is about the beneficiary (not the shared document), so it is in their copy of
    their data (RL-2) and seen by the staff of their scope only.
    """
    rows = beneficiaries.select_related("branch", "category").prefetch_related("domains").order_by("pk")
    last, count = 0, 0
    while batch := list(rows.filter(pk__gt=last)[:BATCH]):
        with transaction.atomic():
            for beneficiary in batch:
                tell(beneficiary, about=beneficiary, dedupe_key=f"{key}:{beneficiary.pk}", subject=subject, body=body)
        last, count = batch[-1].pk, count + len(batch)
    return count


def send_change_notices(*, version: DocumentVersion) -> int:
    """Tell the beneficiaries ``version``'s document concerns what changed in it (IN-3); the count told."""
    document = version.document
    url = settings.MUSTAFID_SITE_URL.rstrip("/") + reverse("portal:document", args=[document.slug])
    with override("ar"):
        subject = _("«%(document)s» has changed") % {"document": document.title}
        body = _(
            "The society published version %(number)s of «%(document)s». What changed: %(changes)s "
            "Read it on the portal: %(url)s"
        ) % {"number": version.number, "document": document.title, "changes": version.changes, "url": url}
    return tell_in_batches(concerned_beneficiaries(document), key=f"document:{version.pk}", subject=subject, body=body)
