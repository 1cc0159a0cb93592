"""The management dashboard (SM-5, SM-6): senior management follows requests, complaints, inquiries and officers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from . import selectors
from .forms import PeriodForm, quarter_start
from .metrics import METRICS, Period

DASHBOARD = "reports.view_dashboard"


def _period(request) -> tuple[PeriodForm, Period, int | None]:
    today = timezone.localdate()
    form = PeriodForm(request.GET, branches=selectors.branches_of(request.user), today=today)
    if form.is_valid():
        branch = form.cleaned_data["branch"]
        period = Period(form.cleaned_data["start"], form.cleaned_data["end"], today)
        return form, period, branch.pk if branch else None
    # A wrong period shows its error and this quarter's figures, never an empty page.
    return form, Period(quarter_start(today), today, today), None


@login_required
@permission_required(DASHBOARD, raise_exception=True)
def dashboard(request):
    form, period, branch_id = _period(request)
    sections = selectors.dashboard(request.user, period, branch_id)
    charts = {
        s.base.key: {
            "labels": [str(f.metric.label) for f in s.figures],
            "values": [f.value for f in s.figures],
            "ages": {"labels": [str(f.metric.label) for f in s.ages], "values": [f.value for f in s.ages]},
        }
        for s in sections
    }
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "period": period,
            "sections": sections,
            "officers": selectors.officers(request.user, period, branch_id),
            "charts": charts,
        },
    )


@login_required
@permission_required(DASHBOARD, raise_exception=True)
def records(request):
    """The records behind one number of the dashboard, in the reader's scope."""
    metric = METRICS.get(request.GET.get("metric", ""))
    if metric is None:
        raise Http404
    form, period, branch_id = _period(request)
    officer = request.GET.get("officer", "")
    qs = selectors.records(
        request.user, metric, period, branch_id=branch_id, officer_id=int(officer) if officer.isdigit() else None
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [selectors.record_row(metric, obj) for obj in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/records.html",
        {"metric": metric, "period": period, "page": page, "rows": rows, "query": query.urlencode(), "form": form},
    )
