from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from . import selectors, workdays
from .home import home_sections

REPLY_WORKING_DAYS = 15  # HD-6


@login_required
def home(request):
    """Each person's today: their tasks, follow-ups, requests and meetings, as their roles allow (issue 10.1)."""
    today = timezone.localdate()
    return render(
        request,
        "core/home.html",
        {
            "today": today,
            "sections": home_sections(request.user, today),
            # The search box leads to the beneficiaries' list: only for whoever may open it.
            "can_search": request.user.has_perm("beneficiaries.view_beneficiary"),
            "reply_due": workdays.add_working_days(today, REPLY_WORKING_DAYS),
            "reply_working_days": REPLY_WORKING_DAYS,
            "is_working_day": workdays.is_working_day(today),
        },
    )


@login_required
def calendar(request):
    """The working-day calendar: the week, the coming holidays, a due-date example."""
    today = timezone.localdate()
    return render(
        request,
        "core/calendar.html",
        {
            "today": today,
            "holidays": selectors.upcoming_holidays(today, limit=30),
            "reply_due": workdays.add_working_days(today, REPLY_WORKING_DAYS),
            "reply_working_days": REPLY_WORKING_DAYS,
        },
    )


@never_cache
def health(request):
    """For the load balancer: the app answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@requires_csrf_token
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    # No context processors that touch the database: it may be what failed.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render({"request": None}))
