"""IN-3 for the service catalogue: a service's new version that changes its criteria or required documents.

``services`` imports no app that could tell a beneficiary, so it sends
``version_published`` and this app, which may import the requests, listens:
those with an open request for the service are told what changed, through
their agreed channel, once per version.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from mustafid.beneficiaries.models import Beneficiary
from mustafid.requests.models import ServiceRequest
from mustafid.requests.workflow import REQUEST_FLOW
from mustafid.services.models import ServiceVersion
from mustafid.services.selectors import changes_since_previous

from .services import tell_in_batches

log = logging.getLogger(__name__)


#: what a beneficiary with a request filed is told of (IN-3): what they must meet and bring.
TOLD = ("criteria_added", "criteria_removed", "documents_added", "documents_removed")


def what_changed(version: ServiceVersion) -> dict[str, list[str]]:
    """The criteria and required documents added and removed since the previous version (the catalogue's own diff)."""
    changes = changes_since_previous(version) or {}
    return {key: changes.get(key, []) for key in TOLD}


def on_version_published(sender, version: ServiceVersion, previous: ServiceVersion | None, **kwargs) -> None:
    """Heard after the publication commits; the messages are written by a task, in batches."""
    if previous is None or not any(what_changed(version).values()):
        return
    from .tasks import send_service_change_notices

    try:
        send_service_change_notices.enqueue(version.pk)
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
    url = settings.MUSTAFID_SITE_URL.rstrip("/") + reverse("services:detail", args=[version.service.code])
    lines.append(_("The service as it is now: %(url)s") % {"url": url})
    return subject, "\n".join(lines)


def tell_open_requests(*, version_id: int) -> int:
    """Tell each active beneficiary with an open request for the service what changed (IN-3); the count told."""
    version = ServiceVersion.objects.select_related("service").get(pk=version_id)
    changed = what_changed(version)
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
