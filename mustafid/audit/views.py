from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import render

from . import history, selectors
from .forms import AuditFilterForm
from .models import AccessLog

PAGE_SIZE = 50


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
@permission_required("audit.view_accesslog", raise_exception=True)
def access_log(request):
    """Who viewed or exported which record (RL-2)."""
    used = AccessLog.objects.values("content_type").distinct()
    form = AuditFilterForm(
        request.GET or None,
        content_types=selectors.record_types(request.user, used),
        actors=selectors.actors(request.user),
    )
    entries = selectors.access_log(user=request.user, **form.selector_kwargs())
    return render(request, "audit/access_log.html", {"form": form, "page": _page(request, entries)})


@login_required
@permission_required("auditlog.view_logentry", raise_exception=True)
def change_log(request):
    """Every change of audited records: who, when, old and new values."""
    used = LogEntry.objects.values("content_type").distinct()
    form = AuditFilterForm(
        request.GET or None,
        content_types=selectors.record_types(request.user, used),
        actors=selectors.actors(request.user),
    )
    entries = selectors.change_log(user=request.user, **form.selector_kwargs())
    page = _page(request, entries)
    rows = history.readable(page.object_list, request.user)
    return render(request, "audit/change_log.html", {"form": form, "page": page, "rows": rows})
