"""Who the portal visitor is: kept in the session, never in a cookie of its own.

After a right code, the session holds the beneficiary's id (or, when tracking
one request, that request's id) with an expiry that moves forward while the
visitor is active. Nothing else about the beneficiary is stored in it.
"""

from __future__ import annotations

import time
from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from mustafid.beneficiaries.models import Beneficiary
from mustafid.requests.models import ServiceRequest

SESSION_KEY = "portal_beneficiary"
TRACK_KEY = "portal_track"
PENDING_KEY = "portal_pending"
IDLE_SECONDS = 30 * 60
PENDING_SECONDS = 10 * 60


def _now() -> int:
    return int(time.time())


def sign_in(request, beneficiary: Beneficiary) -> None:
    # A new session key: a session id known before signing in is worth nothing after.
    request.session.cycle_key()
    request.session.pop(PENDING_KEY, None)
    request.session[SESSION_KEY] = {"id": beneficiary.pk, "until": _now() + IDLE_SECONDS}


def sign_out(request) -> None:
    for key in (SESSION_KEY, TRACK_KEY, PENDING_KEY):
        request.session.pop(key, None)
    request.session.cycle_key()


def current_beneficiary(request) -> Beneficiary | None:
    """The identified beneficiary, or None (never identified, expired, or the file archived)."""
    if hasattr(request, "_portal_beneficiary"):
        return request._portal_beneficiary
    beneficiary = None
    held = request.session.get(SESSION_KEY)
    if held and held.get("until", 0) > _now():
        beneficiary = (
            Beneficiary.objects.filter(pk=held.get("id"), is_archived=False).select_related("category").first()
        )
    if beneficiary is None:
        request.session.pop(SESSION_KEY, None)
    else:
        request.session[SESSION_KEY] = {"id": beneficiary.pk, "until": _now() + IDLE_SECONDS}
    request._portal_beneficiary = beneficiary
    return beneficiary


def beneficiary_required(view):
    """Send a visitor who has not identified (or whose session expired) to identify first."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        beneficiary = current_beneficiary(request)
        if beneficiary is None:
            messages.info(request, _("Identify with your ID number and a code sent to your mobile."))
            return redirect("portal:identify")
        return view(request, *args, beneficiary=beneficiary, **kwargs)

    return wrapper


def set_pending(request, *, national_id_hash: str, purpose: str, reference: str = "") -> None:
    request.session[PENDING_KEY] = {
        "nid": national_id_hash,
        "purpose": purpose,
        "reference": reference,
        "until": _now() + PENDING_SECONDS,
    }


def pending(request, purpose: str) -> dict | None:
    held = request.session.get(PENDING_KEY)
    if not held or held.get("purpose") != purpose or held.get("until", 0) <= _now():
        return None
    return held


def allow_tracking(request, service_request: ServiceRequest) -> None:
    request.session.pop(PENDING_KEY, None)
    request.session.cycle_key()
    request.session[TRACK_KEY] = {"id": service_request.pk, "until": _now() + IDLE_SECONDS}


def tracked_request_id(request) -> int | None:
    held = request.session.get(TRACK_KEY)
    if not held or held.get("until", 0) <= _now():
        request.session.pop(TRACK_KEY, None)
        return None
    return held.get("id")


def visitor_request(request, pk: int) -> ServiceRequest:
    """A request the visitor may read: their own, or the one they tracked. Anything else is a 404."""
    beneficiary = current_beneficiary(request)
    qs = ServiceRequest.objects.select_related("version__service", "beneficiary")
    if beneficiary is not None:
        found = qs.filter(pk=pk, beneficiary=beneficiary).first()
        if found is not None:
            return found
    if tracked_request_id(request) == pk:
        found = qs.filter(pk=pk, beneficiary__is_archived=False).first()
        if found is not None:
            return found
    raise Http404
