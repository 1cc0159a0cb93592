"""The management dashboard (SM-5, SM-6): senior management follows requests, complaints, inquiries and officers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from mustafid.core import exports
from mustafid.core.pdf import render_pdf

from . import compliance, selectors
from .forms import PeriodForm, quarter_start
from .metrics import Period, metric

DASHBOARD = "reports.view_dashboard"
COMPLIANCE = "reports.view_compliance"


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
            "satisfaction": selectors.satisfaction(request.user, period, branch_id),
            "charts": charts,
        },
    )


@login_required
@permission_required(DASHBOARD, raise_exception=True)
def dashboard_export(request):
    """The dashboard's numbers, as the page shows them, in CSV or XLSX (counts only: no one is named)."""
    fmt = exports.requested_format(request)
    _form, period, branch_id = _period(request)
    headers = [_("Section"), _("Measure"), _("Number"), _("From"), _("To")]
    span = [period.start.isoformat(), period.end.isoformat()]
    rows = [
        [str(s.base.label), str(f.metric.label), str(f.value), *span]
        for s in selectors.dashboard(request.user, period, branch_id)
        for f in s.figures + s.ages
    ]
    for row in selectors.officers(request.user, period, branch_id):
        name = row.officer.full_name
        for label, value in (
            (_("Open inquiries"), row.open_inquiries),
            (_("Open complaints"), row.open_complaints),
            (_("Inquiries answered"), row.answered),
            (_("Answered on time"), row.answered_on_time),
            (_("Complaints closed"), row.closed),
        ):
            rows.append([str(_("Liaison officers")) + " — " + name, str(label), str(value), *span])
    return exports.download(exports.tabular(headers, rows, fmt, title="dashboard"), fmt, "dashboard")


@login_required
@permission_required(DASHBOARD, raise_exception=True)
def records(request):
    """The records behind one number of the dashboard, in the reader's scope."""
    shown = metric(request.GET.get("metric", ""))
    if shown is None:
        raise Http404
    form, period, branch_id = _period(request)
    officer = request.GET.get("officer", "")
    qs = selectors.records(
        request.user, shown, period, branch_id=branch_id, officer_id=int(officer) if officer.isdigit() else None
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [selectors.record_row(shown, obj) for obj in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/records.html",
        {"metric": shown, "period": period, "page": page, "rows": rows, "query": query.urlencode(), "form": form},
    )


def _compliance_context(request) -> dict:
    form, period, branch_id = _period(request)
    results = compliance.report(request.user, period, branch_id)
    counts: dict[str, int] = {}
    for _clause, result in results:
        counts[result.status] = counts.get(result.status, 0) + 1
    branch = form.cleaned_data.get("branch") if form.is_valid() else None
    summary = [
        (compliance.Status.LABELS[key], counts.get(key, 0), compliance.Status.TONES[key])
        for key in compliance.Status.LABELS
    ]
    return {
        "form": form,
        "period": period,
        "results": results,
        "summary": summary,
        "branch": branch,
        "drawn_at": timezone.now(),
        "thresholds": {"met": compliance.MET_SHARE, "risk": compliance.AT_RISK_SHARE},
    }


@login_required
@permission_required(COMPLIANCE, raise_exception=True)
def compliance_report(request):
    """Clause by clause, the evidence that the society applies its policy, for a period (the report's promise)."""
    return render(request, "reports/compliance.html", _compliance_context(request))


@login_required
@permission_required(COMPLIANCE, raise_exception=True)
def compliance_pdf(request) -> HttpResponse:
    """The same report as an Arabic PDF a society can hand to its regulator, dated, for any past period."""
    context = _compliance_context(request)
    content = render_pdf("pdf/compliance_report.html", {**context, "site_url": request.build_absolute_uri("/")})
    period = context["period"]
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="compliance-{period.start}-{period.end}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
