"""The request page and the steps taken on it (HD-5, HD-6, RL-4)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mustafid.audit.models import AccessLog
from mustafid.audit.services import record_access
from mustafid.beneficiaries.selectors import present
from mustafid.core.files import sniff
from mustafid.core.forms import apply_service_error, refusal_text
from mustafid.core.hijri import dual_date

from .. import selectors, services
from ..answers import answer_rows
from ..forms import AssignForm, RecommendForm, ReturnForm, StudyNoteForm, WithdrawForm
from ..models import ServiceRequest, Status
from ..workflow import REQUEST_FLOW
from . import CHANGE, VIEW, _attestation, _log_detail


@login_required
@permission_required(VIEW, raise_exception=True)
def request_detail(request, pk: int):
    service_request = selectors.get_request(request.user, pk)
    if service_request.status == Status.DRAFT and request.user.has_perm(CHANGE):
        return redirect("requests:intake", pk=service_request.pk)
    return _detail(request, service_request)


def _detail(request, service_request: ServiceRequest, *, bound: dict[str, Any] | None = None, status: int = 200):
    user = request.user
    # Reading a request is reading the beneficiary's file (RL-2), also when a
    # refused step shows the page again with its answers (issue 9.3).
    record_access(
        request=request,
        obj=service_request.beneficiary,
        action=AccessLog.Action.VIEW,
        detail=_log_detail(service_request),
    )
    actions = selectors.request_actions(user, service_request)
    forms: dict[str, Any] = {}
    if actions.assign:
        forms["assign_form"] = AssignForm(
            queryset=selectors.case_worker_choices(service_request),
            initial={"case_worker": service_request.case_worker_id},
        )
    if actions.return_for_information:
        forms["return_form"] = ReturnForm()
    if actions.add_note:
        forms["note_form"] = StudyNoteForm()
    if actions.withdraw:
        forms["withdraw_form"] = WithdrawForm()
    if actions.recommend:
        forms["recommend_form"] = RecommendForm(initial={"recommendation": service_request.recommendation or None})
    forms.update(bound or {})
    attestation = _attestation(service_request)
    signature_kind = None
    intact = None
    if attestation is not None:
        intact = services.attestation_intact(attestation)
        with attestation.signature.open("rb") as handle:
            signature_kind = sniff(handle.read(16))
    pauses = list(service_request.pauses.select_related("created_by"))
    today = timezone.localdate()
    context = {
        "r": service_request,
        "beneficiary": present(service_request.beneficiary, user),
        "actions": actions,
        "answers": answer_rows(service_request, user),
        "may_read_receipt": selectors.may_read_receipt(user, service_request),
        "criteria": [
            (c, service_request.criteria_answers.get(str(c.pk))) for c in service_request.version.criteria.all()
        ],
        "documents": list(service_request.documents.select_related("required_document", "uploaded_by")),
        "attestation": attestation,
        "attestation_intact": intact,
        "signature_is_image": signature_kind in ("png", "jpeg"),
        "pauses": pauses,
        "waiting_days": selectors.waiting_working_days(service_request, today=today) if pauses else 0,
        "notes": list(service_request.study_notes.select_related("author")[:200]),
        "is_open": service_request.status in REQUEST_FLOW.group("clock_running"),
        "is_overdue": bool(
            service_request.due_on
            and service_request.status in REQUEST_FLOW.group("clock_running")
            and service_request.due_on < today
        ),
        "history": REQUEST_FLOW.history(service_request),
        "reply_working_days": services.REPLY_WORKING_DAYS,
        **forms,
    }
    return render(request, "requests/detail.html", context, status=status)


def _not_now(request, service_request: ServiceRequest, action: str):
    messages.error(request, refusal_text(REQUEST_FLOW.refuse(action, service_request)))
    return redirect("requests:detail", pk=service_request.pk)


def _step(
    request,
    pk: int,
    action: str,
    *,
    take: Callable[[ServiceRequest, dict[str, Any]], ServiceRequest | Any],
    done: Callable[[ServiceRequest, dict[str, Any]], str],
    form: Callable[[ServiceRequest], forms.Form] | None = None,
    form_name: str = "",
):
    """Take one step of the request's workflow from its page.

    The request is a 404 outside the user's scope; the table (``REQUEST_FLOW``)
    says who may take the step (403) and from which state (a message). A
    step with a form keeps what was typed, with the service's refusal on it.
    """
    service_request = selectors.get_request(request.user, pk)
    if not REQUEST_FLOW.permitted(request.user, action):
        raise PermissionDenied
    if not REQUEST_FLOW.allows(action, service_request.status):
        return _not_now(request, service_request, action)
    bound = form(service_request) if form else None
    if bound is None or bound.is_valid():
        data = bound.cleaned_data if bound is not None else {}
        try:
            result = take(service_request, data)
        except ValidationError as exc:
            if bound is None:
                messages.error(request, refusal_text(exc))
                return redirect("requests:detail", pk=pk)
            apply_service_error(bound, exc)
        else:
            messages.success(request, done(result, data))
            return redirect("requests:detail", pk=pk)
    return _detail(request, service_request, bound={form_name: bound})


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def request_assign(request, pk: int):
    return _step(
        request,
        pk,
        "assign",
        form=lambda r: AssignForm(request.POST, queryset=selectors.case_worker_choices(r)),
        form_name="assign_form",
        take=lambda r, data: services.assign_case_worker(by=request.user, request=r, case_worker=data["case_worker"]),
        done=lambda r, data: _("%(name)s will study the request.") % {"name": data["case_worker"].full_name},
    )


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def request_return(request, pk: int):
    """HD-6: ask the beneficiary for information; the clock stops until they answer."""
    return _step(
        request,
        pk,
        "return_for_information",
        form=lambda r: ReturnForm(request.POST),
        form_name="return_form",
        take=lambda r, data: services.return_for_information(by=request.user, request=r, reason=data["reason"]),
        done=lambda r, data: _("The request was returned to the beneficiary: the clock stops until they answer."),
    )


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def request_resume(request, pk: int):
    """HD-6: the beneficiary answered; the due date moves by the working days waited."""
    return _step(
        request,
        pk,
        "resume",
        take=lambda r, data: services.resume(by=request.user, request=r),
        done=lambda r, data: (
            _("The study resumed. The reply is now due by %(date)s.")
            % {"date": dual_date(r.due_on, get_language() or "ar")}
        ),
    )


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def request_note(request, pk: int):
    """A research note or a field visit."""
    return _step(
        request,
        pk,
        "add_note",
        form=lambda r: StudyNoteForm(request.POST),
        form_name="note_form",
        take=lambda r, data: services.add_study_note(by=request.user, request=r, **data),
        done=lambda r, data: _("The note was added to the study."),
    )


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def request_recommend(request, pk: int):
    """The case worker's recommendation: the request goes on the competent committee's list."""
    return _step(
        request,
        pk,
        "recommend",
        form=lambda r: RecommendForm(request.POST),
        form_name="recommend_form",
        take=lambda r, data: services.recommend(
            by=request.user, request=r, recommendation=data["recommendation"], note=data["note"]
        ),
        done=lambda r, data: _("The request is on the list of %(committee)s.") % {"committee": r.version.committee},
    )


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def request_reply(request, pk: int):
    """HD-6: issue the decision letter and send it through the agreed channel."""
    return _step(
        request,
        pk,
        "reply",
        take=lambda r, data: services.send_reply(by=request.user, request=r),
        done=lambda r, data: (
            _("The reply was sent by %(channel)s under letter number %(letter)s.")
            % {"channel": r.beneficiary.get_preferred_channel_display(), "letter": r.letter_reference}
        ),
    )


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def request_withdraw(request, pk: int):
    """Withdraw the request on the beneficiary's word: the clock stops and they are told through their channel."""
    return _step(
        request,
        pk,
        "withdraw",
        form=lambda r: WithdrawForm(request.POST),
        form_name="withdraw_form",
        take=lambda r, data: services.withdraw_request(by=request.user, request=r, reason=data["reason"]),
        done=lambda r, data: _("The request was withdrawn and the beneficiary will be told."),
    )
