"""The request page and the steps taken on it (HD-5, HD-6, RL-4)."""

from __future__ import annotations

from typing import Any

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
from mustafid.services.models import FormField

from .. import selectors, services
from ..forms import AssignForm, RecommendForm, ReturnForm, StudyNoteForm, WithdrawForm, stored_date
from ..models import ServiceRequest, Status
from ..workflow import REQUEST_FLOW
from . import CHANGE, REPLY, STUDY, VIEW, _attestation, _log_detail


@login_required
@permission_required(VIEW, raise_exception=True)
def request_detail(request, pk: int):
    service_request = selectors.get_request(request.user, pk)
    if service_request.status == Status.DRAFT and request.user.has_perm(CHANGE):
        return redirect("requests:intake", pk=service_request.pk)
    # Reading a request is reading the beneficiary's file (RL-2).
    record_access(
        request=request,
        obj=service_request.beneficiary,
        action=AccessLog.Action.VIEW,
        detail=_log_detail(service_request),
    )
    return _detail(request, service_request)


def _answer_rows(service_request: ServiceRequest) -> list[tuple[str, Any]]:
    rows = []
    for spec in service_request.version.fields.all():
        if spec.kind == FormField.Kind.FILE:
            continue
        value = service_request.answers.get(spec.key)
        if spec.kind == FormField.Kind.DATE:
            value = stored_date(value)
        rows.append((spec, value))
    return rows


def _detail(request, service_request: ServiceRequest, *, bound: dict[str, Any] | None = None, status: int = 200):
    user = request.user
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
        "answers": _answer_rows(service_request),
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


def _acting(request, pk: int, permission: str) -> tuple[ServiceRequest, selectors.RequestActions]:
    """The request (404 outside the scope) and what the user may do to it (403 without ``permission``)."""
    service_request = selectors.get_request(request.user, pk)
    if not request.user.has_perm(permission):
        raise PermissionDenied
    return service_request, selectors.request_actions(request.user, service_request)


def _not_now(request, service_request: ServiceRequest, action: str):
    messages.error(request, " ".join(REQUEST_FLOW.refuse(action, service_request).messages))
    return redirect("requests:detail", pk=service_request.pk)


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def request_assign(request, pk: int):
    service_request, actions = _acting(request, pk, CHANGE)
    if not actions.assign:
        return _not_now(request, service_request, "assign")
    form = AssignForm(request.POST, queryset=selectors.case_worker_choices(service_request))
    if form.is_valid():
        try:
            services.assign_case_worker(
                by=request.user, request=service_request, case_worker=form.cleaned_data["case_worker"]
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s will study the request.") % {"name": form.cleaned_data["case_worker"].full_name},
            )
            return redirect("requests:detail", pk=pk)
    return _detail(request, service_request, bound={"assign_form": form})


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def request_return(request, pk: int):
    """HD-6: ask the beneficiary for information; the clock stops until they answer."""
    service_request, actions = _acting(request, pk, CHANGE)
    if not actions.return_for_information:
        return _not_now(request, service_request, "return_for_information")
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.return_for_information(
                by=request.user, request=service_request, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request, _("The request was returned to the beneficiary: the clock stops until they answer.")
            )
            return redirect("requests:detail", pk=pk)
    return _detail(request, service_request, bound={"return_form": form})


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def request_resume(request, pk: int):
    """HD-6: the beneficiary answered; the due date moves by the working days waited."""
    service_request, actions = _acting(request, pk, CHANGE)
    if not actions.resume:
        return _not_now(request, service_request, "resume")
    try:
        service_request = services.resume(by=request.user, request=service_request)
    except ValidationError as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(
            request,
            _("The study resumed. The reply is now due by %(date)s.")
            % {"date": dual_date(service_request.due_on, get_language() or "ar")},
        )
    return redirect("requests:detail", pk=pk)


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def request_note(request, pk: int):
    """A research note or a field visit."""
    service_request, actions = _acting(request, pk, STUDY)
    if not actions.add_note:
        return _not_now(request, service_request, "add_note")
    form = StudyNoteForm(request.POST)
    if form.is_valid():
        try:
            services.add_study_note(by=request.user, request=service_request, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The note was added to the study."))
            return redirect("requests:detail", pk=pk)
    return _detail(request, service_request, bound={"note_form": form})


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def request_recommend(request, pk: int):
    """The case worker's recommendation: the request goes on the competent committee's list."""
    service_request, actions = _acting(request, pk, STUDY)
    if not actions.recommend:
        return _not_now(request, service_request, "recommend")
    form = RecommendForm(request.POST)
    if form.is_valid():
        try:
            services.recommend(
                by=request.user,
                request=service_request,
                recommendation=form.cleaned_data["recommendation"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request,
                _("The request is on the list of %(committee)s.") % {"committee": service_request.version.committee},
            )
            return redirect("requests:detail", pk=pk)
    return _detail(request, service_request, bound={"recommend_form": form})


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def request_reply(request, pk: int):
    """HD-6: issue the decision letter and send it through the agreed channel."""
    service_request, actions = _acting(request, pk, REPLY)
    if not actions.reply:
        return _not_now(request, service_request, "reply")
    try:
        service_request = services.send_reply(by=request.user, request=service_request)
    except ValidationError as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(
            request,
            _("The reply was sent by %(channel)s under letter number %(letter)s.")
            % {
                "channel": service_request.beneficiary.get_preferred_channel_display(),
                "letter": service_request.letter_reference,
            },
        )
    return redirect("requests:detail", pk=pk)


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def request_withdraw(request, pk: int):
    """Withdraw the request on the beneficiary's word: the clock stops and they are told through their channel."""
    service_request, actions = _acting(request, pk, CHANGE)
    if not actions.withdraw:
        return _not_now(request, service_request, "withdraw")
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw_request(by=request.user, request=service_request, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The request was withdrawn and the beneficiary will be told."))
            return redirect("requests:detail", pk=pk)
    return _detail(request, service_request, bound={"withdraw_form": form})
