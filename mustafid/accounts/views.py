from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import selectors


@login_required
def my_profile(request):
    """What a staff member may do and see: roles and scope."""
    return render(request, "accounts/me.html", selectors.profile_context(request.user))
