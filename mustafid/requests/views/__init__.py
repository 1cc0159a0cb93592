"""Staff pages of the service request cycle (HD-2..HD-6). Thin: forms clean, services write, selectors read.

Every page needs a signed-in staff member who may view service requests
(403 otherwise); a request or beneficiary outside their scope is a 404 (no
ID probing); a step the role may not take is a 403, and a step the state
machine refuses is said in a message. Files leave only through views that
check scope and write the access log (RL-2).

The pages are split by what they do: ``intake`` (a new request and its draft),
``actions`` (the request page and the steps taken on it), ``files`` (receipts,
letters, signatures and documents, served checked and logged) and ``worklist``.
"""

from __future__ import annotations

from ..models import Attestation, ServiceRequest

VIEW = "requests.view_servicerequest"
CHANGE = "requests.change_servicerequest"
# The steps on a request need the permissions its workflow table names (workflow.REQUEST_FLOW).


def _attestation(request: ServiceRequest) -> Attestation | None:
    return Attestation.objects.filter(request=request).select_related("witnessed_by").first()


def _log_detail(request: ServiceRequest, what: str = "") -> str:
    label = f"{request} ({request.version.service.name})"
    return f"{what}: {label}" if what else label
