"""Documents rendered after the change that calls for them commits.

A receipt, a decision letter, a minute or an outgoing letter is a PDF that
takes WeasyPrint a noticeable time to draw. Drawing it inside the service's
transaction held row locks (on SQLite: the whole database) for that time,
and a rolled-back change left its file behind. So a service only *asks* for
the document, in its transaction::

    documents.prepare("requests.receipt", request)

which writes a ``DocumentJob`` row there (rolled back with the change, so a
change that never happened never gets a document). Once the transaction
commits, a task renders it outside any transaction and fills the file
field. A failed render stays visible on its job and is retried with backoff
by the periodic ``retry_documents`` task; pages show "being prepared" until
the file is there (``state``).

Each app registers its documents (``register``) in ``AppConfig.ready()``:
``core`` imports no app.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
LEASE = timedelta(minutes=5)


@dataclass(frozen=True)
class DocumentKind:
    key: str  # "requests.receipt"
    model: str  # "requests.ServiceRequest"
    field: str  # the FileField the PDF goes into
    render: Callable[[Any], bytes]
    filename: Callable[[Any], str]


_KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> None:
    _KINDS[kind.key] = kind


def kind_of(key: str) -> DocumentKind:
    return _KINDS[key]


def prepare(key: str, obj: models.Model) -> None:
    """Ask for document ``key`` of ``obj``: rendered once the caller's transaction commits."""
    from .models import DocumentJob

    kind = _KINDS[key]
    job, _created = DocumentJob.objects.update_or_create(
        kind=kind.key,
        object_id=obj.pk,
        defaults={"status": DocumentJob.Status.PENDING, "next_attempt_at": timezone.now(), "last_error": ""},
    )
    transaction.on_commit(lambda: _enqueue(job.pk))


def _enqueue(job_id: int) -> None:
    from .tasks import render_document

    try:
        render_document.enqueue(job_id)
    except Exception:
        log.exception("could not enqueue document job %s; the periodic retry will render it", job_id)


def _claim(job_id: int) -> bool:
    """Take the job for this worker: two workers never render the same document at once."""
    from .models import DocumentJob

    now = timezone.now()
    open_job = models.Q(status__in=[DocumentJob.Status.PENDING, DocumentJob.Status.FAILED]) | models.Q(
        status=DocumentJob.Status.RENDERING, claimed_until__lt=now
    )
    return bool(
        DocumentJob.objects.filter(open_job, pk=job_id, attempts__lt=MAX_ATTEMPTS).update(
            status=DocumentJob.Status.RENDERING, claimed_until=now + LEASE
        )
    )


def render(job_id: int) -> bool:
    """Render one job outside any transaction; True when the file is in place."""
    from .models import DocumentJob

    if not _claim(job_id):
        return False
    job = DocumentJob.objects.get(pk=job_id)
    kind = _KINDS[job.kind]
    model = apps.get_model(kind.model)
    try:
        obj = model._default_manager.get(pk=job.object_id)
        field = getattr(obj, kind.field)
        if not field:
            data = kind.render(obj)
            name = field.storage.save(field.field.generate_filename(obj, kind.filename(obj)), ContentFile(data))
            # update(), not save(): the document is added to a row that may already be
            # evidence that never changes (a closed meeting), and nothing else is touched.
            model._default_manager.filter(pk=obj.pk).update(**{kind.field: name})
    except Exception as exc:
        attempts = job.attempts + 1
        log.exception("document %s of %s #%s failed (attempt %s)", kind.key, kind.model, job.object_id, attempts)
        DocumentJob.objects.filter(pk=job.pk).update(
            status=DocumentJob.Status.FAILED,
            attempts=attempts,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            next_attempt_at=timezone.now() + timedelta(minutes=2 ** min(attempts, 8)),
            claimed_until=None,
        )
        return False
    DocumentJob.objects.filter(pk=job.pk).update(
        status=DocumentJob.Status.READY, attempts=job.attempts + 1, last_error="", claimed_until=None
    )
    return True


def retry_due() -> int:
    """Render what is waiting: failed jobs whose backoff ran out, and pending ones whose task was lost."""
    from .models import DocumentJob

    now = timezone.now()
    due = DocumentJob.objects.filter(
        models.Q(status=DocumentJob.Status.FAILED, next_attempt_at__lte=now)
        | models.Q(status=DocumentJob.Status.PENDING, next_attempt_at__lte=now - timedelta(minutes=1))
        | models.Q(status=DocumentJob.Status.RENDERING, claimed_until__lt=now),
        attempts__lt=MAX_ATTEMPTS,
    ).values_list("pk", flat=True)[:100]
    return sum(render(pk) for pk in list(due))


def state(key: str, obj: models.Model) -> str:
    """For a page: "ready", "preparing", "failed" (retried, visible) or "" when none was asked for."""
    from .models import DocumentJob

    if getattr(obj, _KINDS[key].field):
        return "ready"
    job = DocumentJob.objects.filter(kind=key, object_id=obj.pk).only("status").first()
    if job is None:
        return ""
    return "failed" if job.status == DocumentJob.Status.FAILED else "preparing"
