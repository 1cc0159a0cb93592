"""The visitor's device: a random id in a signed, httponly cookie the portal issues.

It is not an identity (anyone can drop it and get a new one); it only lets
the portal keep apart the codes and budgets of the person on their own phone
from those of someone else typing the same ID number elsewhere. A cookie that
does not carry our signature is ignored and replaced.
"""

from __future__ import annotations

import re
import secrets
from functools import wraps

from django.conf import settings

from mustafid.core.crypto import blind_index

COOKIE = "mustafid_portal_device"
SALT = "mustafid.portal.device"
MAX_AGE = 365 * 24 * 60 * 60
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


def device_id(request) -> str:
    """The id from the visitor's signed cookie, or a new one (set on the response by ``with_device``)."""
    if not hasattr(request, "_portal_device"):
        value = request.get_signed_cookie(COOKIE, default="", salt=SALT, max_age=MAX_AGE)
        if not _TOKEN.match(value or ""):
            value = secrets.token_urlsafe(24)
            request._portal_device_new = True
        request._portal_device = value
    return request._portal_device


def device_hash(request) -> str:
    """What is stored about the device: a keyed hash of its id, never the id itself."""
    return blind_index(device_id(request), "portal_device")


def with_device(view):
    """Give the visitor a device cookie if they have none (or a forged one)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        device_id(request)
        response = view(request, *args, **kwargs)
        if getattr(request, "_portal_device_new", False):
            response.set_signed_cookie(
                COOKIE,
                request._portal_device,
                salt=SALT,
                max_age=MAX_AGE,
                httponly=True,
                secure=settings.SESSION_COOKIE_SECURE,
                samesite="Lax",
            )
        return response

    return wrapper
