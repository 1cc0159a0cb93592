"""After sign-in, the first page a staff member with an unsigned required policy sees is that policy (RS-1).

Once: the page lists what is left and the home page keeps a section of it,
so the person is not locked out of urgent work (a beneficiary at the desk)
but cannot miss it either.
"""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse

from .signals import PENDING_KEY


class PendingPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if (
            session is not None
            and request.method == "GET"
            and not request.headers.get("HX-Request")
            and user is not None
            and user.is_authenticated
            and session.get(PENDING_KEY)
        ):
            target = reverse("policies:mine")
            if not request.path.startswith(target):
                del session[PENDING_KEY]
                return redirect(f"{target}?first=1")
        return self.get_response(request)
