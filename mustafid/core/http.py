"""Request helpers."""

from __future__ import annotations

from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address.

    Behind N trusted reverse proxies (``MUSTAFID_PROXY_COUNT``) it is the
    N-th address from the right of X-Forwarded-For: the left part can be
    forged by the client. With no proxy it is REMOTE_ADDR.
    """
    candidate = request.META.get("REMOTE_ADDR")
    count = getattr(settings, "MUSTAFID_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count and forwarded:
        hops = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(hops) >= count:
            candidate = hops[-count]
    try:
        return str(ip_address(candidate)) if candidate else None
    except ValueError:
        return None
