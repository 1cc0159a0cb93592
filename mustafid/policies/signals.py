"""Sign-in: a staff member with a policy to sign sees it first (RS-1)."""

from __future__ import annotations

from . import selectors

#: set at sign-in when something is left to sign; the middleware shows it once, then lets the person work.
PENDING_KEY = "policies_pending"


def ask_for_pending_signatures(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session") and selectors.unsigned_of(user).exists():
        request.session[PENDING_KEY] = True
