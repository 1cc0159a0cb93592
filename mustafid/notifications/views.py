from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mustafid.audit.services import record_access_many
from mustafid.core.forms import refusal_text

from . import selectors, services
from .models import Notification


@login_required
@permission_required("notifications.view_notification", raise_exception=True)
def task_list(request):
    """Phone calls and letters the beneficiaries' agreed channel asks staff to do."""
    tasks = list(selectors.open_tasks(request.user)[:200])
    # A task shows the beneficiary's phone or address: each shown one is logged (issue 9.3).
    record_access_many(request=request, objs=[t for t in tasks if t.address], detail=_("staff tasks"))
    return render(request, "notifications/tasks.html", {"tasks": tasks})


@login_required
@permission_required("notifications.view_notification", raise_exception=True)
def outbox(request):
    status = request.GET.get("status") or None
    page = Paginator(selectors.outbox(request.user, status=status), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/outbox.html",
        {"page": page, "status": status, "statuses": Notification.Status.choices},
    )


@login_required
@require_POST
def task_done(request, pk: int):
    notification = get_object_or_404(selectors.open_tasks(request.user), pk=pk)
    try:
        services.complete_task(by=request.user, notification=notification, note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, _("The task was marked done."))
    return redirect("notifications:tasks")


@login_required
@require_POST
def retry(request, pk: int):
    notification = get_object_or_404(selectors.outbox(request.user), pk=pk)
    try:
        services.retry_now(by=request.user, notification=notification)
    except ValidationError as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, _("The message was put back in the queue."))
    return redirect("notifications:outbox")
