"""How allauth and axes treat staff accounts."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter


class StaffAccountAdapter(DefaultAccountAdapter):
    """Staff accounts are created by the administrator, never by sign-up."""

    def is_open_for_signup(self, request) -> bool:
        return False


def axes_username(request, credentials: dict | None) -> str:
    """The address a login attempt was for, whichever form sent it.

    allauth authenticates with ``email=``, the admin login with ``username=``;
    lockouts must count both against the same account.
    """
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if not value and request is not None and request.method == "POST":
        value = request.POST.get("login") or request.POST.get("username")
    return (value or "").strip().lower()
