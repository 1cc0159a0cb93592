"""The worklist (HD-6, issue 10.1): every open request by stage, one stage at a time."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.utils import timezone

from mustafid.accounts.models import Branch, User
from mustafid.services.models import Service

from .. import selectors, services
from ..forms import WorklistFilterForm
from . import VIEW


def _filter_form(request) -> WorklistFilterForm:
    """The filters, their choices within the reader's scope."""
    user = request.user
    return WorklistFilterForm(
        request.GET or None,
        stages=[(s.key, str(s.label)) for s in selectors.stages_for(user)],
        services=Service.objects.order_by("name"),
        branches=Branch.objects.visible_to(user).order_by("name"),
        # Only staff who study a request the reader sees: no name from elsewhere.
        case_workers=User.objects.filter(
            pk__in=selectors.visible_requests(user).filter(case_worker__isnull=False).values("case_worker_id")
        )
        .only("pk", "full_name", "email")
        .order_by("full_name", "pk"),
    )


def _filters(form: WorklistFilterForm) -> selectors.WorklistFilters:
    service, branch, worker = form.cleaned("service"), form.cleaned("branch"), form.cleaned("case_worker")
    return selectors.WorklistFilters(
        service_id=service.pk if service else None,
        branch_id=branch.pk if branch else None,
        received_via=form.cleaned("received_via") or "",
        case_worker_id=worker.pk if worker else None,
        due=form.cleaned("due") or "",
        descending=form.cleaned("sort") == "-due",
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def worklist(request):
    """The open requests of one stage, a page at a time, with every stage's count; replies on time and late."""
    form = _filter_form(request)
    context = selectors.worklist_page(
        request.user,
        stage=form.cleaned("stage") or "",
        filters=_filters(form),
        page=request.GET.get("page"),
    )
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("stage", None)
    return render(
        request,
        "requests/worklist.html",
        {
            **context,
            "form": form,
            "filter_query": query.urlencode(),
            "timeliness": selectors.reply_timeliness(request.user),
            "due_soon_days": selectors.DUE_SOON_WORKING_DAYS,
            "reply_working_days": services.REPLY_WORKING_DAYS,
            "today": timezone.localdate(),
        },
    )
