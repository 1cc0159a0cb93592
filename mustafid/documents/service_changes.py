"""IN-3 for the service catalogue: a service's new version that changes its criteria or required documents.

``services`` imports no app that could tell a beneficiary, so it sends
``version_published`` and this app, which may import the requests, listens:
those with an open request for the service are told what changed, through
their agreed channel, once per version.
"""

from __future__ import annotations

import logging

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import override

from mustafid.beneficiaries.models import Beneficiary
from mustafid.requests.models import ServiceRequest
from mustafid.requests.workflow import REQUEST_FLOW
from mustafid.services.models import ServiceVersion

from .services import tell_in_batches

log = logging.getLogger(__name__)


def what_changed(previous: ServiceVersion, version: ServiceVersion) -> dict[str, list[str]]:
    """The criteria and required documents added and removed between two versions of a service."""
    before_criteria = [c.text for c in previous.criteria.all()]
    after_criteria = [c.text for c in version.criteria.all()]
    before_documents = [d.name for d in previous.documents.all()]
    after_documents = [d.name for d in version.documents.all()]
    return {
        "criteria_added": [t for t in after_criteria if t not in before_criteria],
        "criteria_removed": [t for t in before_criteria if t not in after_criteria],
        "documents_added": [t for t in after_documents if t not in before_documents],
        "documents_removed": [t for t in before_documents if t not in after_documents],
    }


def on_version_published(sender, version: ServiceVersion, previous: ServiceVersion | None, **kwargs) -> None:
    """Heard after the publication commits; the messages are written by a task, in batches."""
    if previous is None or not any(what_changed(previous, version).values()):
        return
    from .tasks import send_service_change_notices

    try:
        send_service_change_notices.enqueue(version.pk, previous.pk)
    except Exception:
        log.exception("could not enqueue the change notices of service version %s", version.pk)


def _message(version: ServiceVersion, changed: dict[str, list[str]]) -> tuple[str, str]:
    labels = {
        "criteria_added": _("Criteria added:"),
        "criteria_removed": _("Criteria removed:"),
        "documents_added": _("Documents now required:"),
        "documents_removed": _("Documents no longer required:"),
    }
    subject = _("The service «%(service)s» has changed") % {"service": version.service.name}
    lines = [_("The society published a new version of the service «%(service)s».") % {"service": version.service.name}]
    lines += [f"{labels[key]} {'؛ '.join(items)}" for key, items in changed.items() if items]
    lines.append(_("Your request keeps the version it was filed under; we will contact you if anything is needed."))
    return subject, "\n".join(lines)


def tell_open_requests(*, version_id: int, previous_id: int) -> int:
    """Tell each active beneficiary with an open request for the service what changed (IN-3); the count told."""
    version = ServiceVersion.objects.select_related("service").get(pk=version_id)
    previous = ServiceVersion.objects.get(pk=previous_id)
    changed = what_changed(previous, version)
    if not any(changed.values()):
        return 0
    open_requests = ServiceRequest.objects.filter(
        beneficiary=OuterRef("pk"), version__service=version.service, status__in=REQUEST_FLOW.group("open")
    ).exclude(version=version)
    with override("ar"):
        subject, body = _message(version, changed)
    return tell_in_batches(
        Beneficiary.objects.filter(Exists(open_requests), is_archived=False),
        key=f"service-change:{version.pk}",
        subject=subject,
        body=body,
    )
