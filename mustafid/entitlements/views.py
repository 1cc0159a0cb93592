"""Aid pages (RL-3). Thin: forms clean, services write, selectors read.

Anything outside the staff member's scope is a 404; a missing permission a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mustafid.audit.models import AccessLog
from mustafid.audit.services import record_access, serve_logged_file
from mustafid.beneficiaries.selectors import can_see_documents, get_beneficiary, present, require_documents
from mustafid.core.forms import apply_service_error
from mustafid.requests.selectors import get_request

from . import selectors, services
from .forms import DeliverForm, EntitlementForm

PAGE_SIZE = 25


@login_required
def entitlement_create(request, request_pk: int):
    """Schedule the aid of an approved request."""
    service_request = get_request(request.user, request_pk)
    if not selectors.can_create(request.user):
        raise PermissionDenied
    blocked = None
    try:
        services.check_entitling(service_request)
    except ValidationError as exc:
        blocked = exc.messages
    form = EntitlementForm(
        request.POST if request.method == "POST" else None,
        initial={
            "kind": "one_off",
            "total_amount": service_request.approved_amount,
            "first_due_on": timezone.localdate(),
        },
    )
    if request.method == "POST" and not blocked and form.is_valid():
        data = form.cleaned_data
        try:
            services.create_entitlement(
                by=request.user,
                request=service_request,
                kind=data["kind"],
                description=data["description"],
                total_amount=data["total_amount"],
                instalments=data["instalments"],
                first_due_on=data["first_due_on"],
                every_months=data["every_months"],
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The aid was scheduled."))
            return redirect("entitlements:beneficiary", beneficiary_pk=service_request.beneficiary_id)
    return render(
        request,
        "entitlements/create.html",
        {
            "r": service_request,
            "beneficiary": present(service_request.beneficiary, request.user),
            "form": form,
            "blocked": blocked,
        },
    )


@login_required
@permission_required("entitlements.view_instalment", raise_exception=True)
def due_list(request):
    """Instalments overdue and due in the next two weeks, each with its delivery form."""
    today = timezone.localdate()
    page = Paginator(selectors.due_instalments(request.user, today=today), PAGE_SIZE).get_page(request.GET.get("page"))
    deliver = selectors.can_deliver(request.user)
    rows = [
        {
            "instalment": item,
            "beneficiary": present(item.entitlement.beneficiary, request.user),
            "overdue": item.due_on < today,
            "form": DeliverForm(auto_id=f"id_%s_{item.pk}") if deliver else None,
        }
        for item in page
    ]
    return render(
        request,
        "entitlements/due.html",
        {
            "page": page,
            "rows": rows,
            "overdue_count": selectors.overdue_instalments(request.user, today=today).count(),
            "window_days": selectors.DUE_WINDOW_DAYS,
        },
    )


def _next_or(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


@login_required
@require_http_methods(["GET", "POST"])
def deliver(request, pk: int):
    """Record the delivery of one instalment (the list's inline form posts here too)."""
    instalment = selectors.get_instalment(request.user, pk)
    if not selectors.can_deliver(request.user):
        raise PermissionDenied
    form = DeliverForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.deliver_instalment(
                by=request.user,
                instalment=instalment,
                method=form.cleaned_data["method"],
                receipt_number=form.cleaned_data["receipt_number"],
                receipt_file=form.cleaned_data.get("receipt_file"),
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The delivery was recorded."))
            return redirect(_next_or(request, reverse("entitlements:due")))
    if request.method == "GET":
        record_access(
            request=request,
            obj=instalment.entitlement.beneficiary,
            action=AccessLog.Action.VIEW,
            detail=_("delivery form"),
        )
    return render(
        request,
        "entitlements/deliver.html",
        {
            "instalment": instalment,
            "beneficiary": present(instalment.entitlement.beneficiary, request.user),
            "form": form,
            "next": (request.POST.get("next") if request.method == "POST" else request.GET.get("next"))
            or reverse("entitlements:beneficiary", args=[instalment.entitlement.beneficiary_id]),
        },
    )


@login_required
@permission_required("entitlements.view_entitlement", raise_exception=True)
def beneficiary_entitlements(request, beneficiary_pk: int):
    """The beneficiary's approved aid: what is due, when, and what was delivered."""
    beneficiary = get_beneficiary(request.user, beneficiary_pk)
    record_access(request=request, obj=beneficiary, action=AccessLog.Action.VIEW, detail="entitlements")
    return render(
        request,
        "entitlements/beneficiary.html",
        {
            "b": present(beneficiary, request.user),
            "entitlements": selectors.beneficiary_schedule(request.user, beneficiary),
            "today": timezone.localdate(),
            "can_deliver": selectors.can_deliver(request.user),
            "can_see_documents": can_see_documents(request.user),
        },
    )


@login_required
def receipt(request, pk: int):
    """The scanned delivery receipt: only through here, checked and logged."""
    instalment = selectors.get_instalment(request.user, pk)
    if not instalment.receipt_file:
        raise Http404
    # Signed by the beneficiary: one of their papers, under the file's document rule (issue 9.2).
    require_documents(request.user)
    return serve_logged_file(
        request=request,
        fieldfile=instalment.receipt_file,
        about=instalment.entitlement.beneficiary,
        detail=f"aid receipt {instalment.receipt_number}",
        # The stored name is random (issue 9.5): the scan downloads under the name it was uploaded with.
        filename=instalment.receipt_file_name or instalment.receipt_file.name.rsplit("/", 1)[-1],
    )
