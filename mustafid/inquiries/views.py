"""Inquiry pages (HD-1, CM-2). Thin: forms clean, services write, selectors read.

An inquiry out of the user's scope is a 404; a missing permission a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mustafid.audit.models import AccessLog
from mustafid.audit.services import record_access, record_access_many
from mustafid.beneficiaries.selectors import get_beneficiary
from mustafid.core import exports
from mustafid.core.forms import apply_service_error

from . import export, selectors, services
from .forms import AnswerForm, RegisterInquiryForm
from .models import Kind, Status
from .workflow import INQUIRY_FLOW

PAGE_SIZE = 25


@login_required
@permission_required("inquiries.view_inquiry", raise_exception=True)
def worklist(request):
    today = timezone.localdate()
    filters = _filters(request)
    qs = selectors.worklist(request.user, today=today, **filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "inquiries/worklist.html",
        {
            "page": page,
            "filters": filters,
            "stages": Status.choices,
            "kinds": Kind.choices,
            "today": today,
        },
    )


def _filters(request) -> dict:
    return {
        "stage": request.GET.get("stage", ""),
        "mine": request.GET.get("mine") == "1",
        "overdue": request.GET.get("overdue") == "1",
        "due_soon": request.GET.get("due_soon") == "1",
        "kind": request.GET.get("kind", ""),
    }


@login_required
@permission_required(export.EXPORT_PERMISSION, raise_exception=True)
def export_list(request):
    """The worklist's rows with its filters, as ``?format=csv`` or ``xlsx``; each beneficiary's file logged."""
    fmt = exports.requested_format(request)
    rows = list(selectors.worklist(request.user, today=timezone.localdate(), **_filters(request)))
    record_access_many(
        request=request,
        objs=[r.beneficiary for r in rows if r.beneficiary is not None],
        action=AccessLog.Action.EXPORT,
        detail=_("Inquiries export"),
    )
    return exports.download(export.export_bytes(rows, fmt), fmt, "inquiries")


@login_required
@permission_required("inquiries.add_inquiry", raise_exception=True)
def register(request):
    """Register a call, email or visit; ``?beneficiary=<pk>`` when the inquirer is a beneficiary."""
    beneficiary = None
    if request.GET.get("beneficiary", "").isdigit():
        beneficiary = get_beneficiary(request.user, int(request.GET["beneficiary"]))
    form = RegisterInquiryForm(request.POST or None, user=request.user, beneficiary=beneficiary)
    if request.method == "POST" and form.is_valid():
        try:
            inquiry = services.register_inquiry(
                by=request.user, source=form.cleaned_data["source"], **form.fields_for_service()
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The inquiry %(reference)s was recorded.") % {"reference": inquiry.reference})
            return redirect(inquiry)
    return render(request, "inquiries/register.html", {"form": form, "beneficiary": beneficiary})


@login_required
@permission_required("inquiries.view_inquiry", raise_exception=True)
def detail(request, pk: int):
    inquiry = selectors.get_inquiry(request.user, pk)
    if inquiry.beneficiary is not None:
        # The page shows the beneficiary's words and contact: a view of their file (RL-2).
        record_access(request=request, obj=inquiry.beneficiary, action=AccessLog.Action.VIEW, detail=inquiry.reference)
    available = INQUIRY_FLOW.available(request.user, inquiry)
    form = AnswerForm(answers=selectors.answers_for(inquiry)) if available["answer"] else None
    return render(request, "inquiries/detail.html", _detail_context(inquiry, available, form))


def _detail_context(inquiry, available, form):
    return {
        "inquiry": inquiry,
        "available": available,
        "form": form,
        "history": INQUIRY_FLOW.history(inquiry),
        "answers": list(form.fields["approved_answer"].queryset) if form else [],
        "officers": selectors.assignable_officers(inquiry) if available["assign"] else [],
    }


@login_required
@require_POST
def answer(request, pk: int):
    inquiry = selectors.get_inquiry(request.user, pk)
    form = AnswerForm(request.POST, answers=selectors.answers_for(inquiry))
    if form.is_valid():
        try:
            services.answer_inquiry(
                by=request.user,
                inquiry=inquiry,
                answer=form.cleaned_data["answer"],
                approved_answer=form.cleaned_data["approved_answer"],
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The answer was kept and sent through the inquirer's channel."))
            return redirect(inquiry)
    available = INQUIRY_FLOW.available(request.user, inquiry)
    return render(request, "inquiries/detail.html", _detail_context(inquiry, available, form), status=200)


@login_required
@require_POST
def assign(request, pk: int):
    """Assign to the chosen officer, or, with no choice, to oneself ("I take it")."""
    inquiry = selectors.get_inquiry(request.user, pk)
    to = request.user
    if request.POST.get("to"):
        chosen = request.POST["to"]
        to = next((p for p in selectors.assignable_officers(inquiry) if str(p.pk) == chosen), None)
    try:
        if to is None:
            raise ValidationError(_("This staff member cannot answer this inquiry."))
        services.assign_inquiry(by=request.user, inquiry=inquiry, to=to)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The inquiry was assigned to %(name)s.") % {"name": to})
    return redirect(inquiry)


@login_required
@require_POST
def close(request, pk: int):
    inquiry = selectors.get_inquiry(request.user, pk)
    try:
        services.close_inquiry(by=request.user, inquiry=inquiry, note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The inquiry was closed."))
    return redirect(inquiry)
