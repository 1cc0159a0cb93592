"""Intake (HD-2, HD-3, HD-4): a new request, its draft, the attestation and the completion."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mustafid.audit.models import AccessLog
from mustafid.audit.services import record_access
from mustafid.beneficiaries.selectors import get_beneficiary, present
from mustafid.core.forms import apply_service_error
from mustafid.services.models import FormField

from .. import selectors, services
from ..forms import AttestationForm, NewRequestForm, RequestAnswersForm, upload_field_name
from ..models import ReceivedVia, ServiceRequest, Status
from ..workflow import REQUEST_FLOW
from . import VIEW, _attestation, _log_detail


@login_required
@permission_required("requests.add_servicerequest", raise_exception=True)
def request_new(request, beneficiary_pk: int):
    """Choose the service (those the beneficiary's category may use) and the channel: a draft."""
    beneficiary = get_beneficiary(request.user, beneficiary_pk)
    versions = selectors.offered_versions(beneficiary)
    form = NewRequestForm(
        request.POST if request.method == "POST" else None,
        versions=versions,
        initial={"version": request.GET.get("version"), "received_via": ReceivedVia.INTERVIEW},
    )
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.create_draft(
                by=request.user,
                beneficiary=beneficiary,
                version=form.cleaned_data["version"],
                received_via=form.cleaned_data["received_via"],
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The draft request was opened: fill it in with the beneficiary."))
            return redirect("requests:intake", pk=draft.pk)
    return render(
        request,
        "requests/new.html",
        {"beneficiary": present(beneficiary, request.user), "form": form, "versions": list(versions[:100])},
    )


def _save_intake(request, draft: ServiceRequest, form: RequestAnswersForm) -> tuple[ServiceRequest, bool]:
    """Keep every valid answer and file; the invalid ones stay on the form with their errors."""
    form.is_valid()
    draft = services.save_answers(
        by=request.user, request=draft, answers=form.answers(), criteria_answers=form.criteria_answers()
    )
    for item in form.uploads():
        name = upload_field_name(item)
        try:
            services.attach_request_document(by=request.user, request=draft, **item)
        except ValidationError as exc:
            apply_service_error(form, exc, field=name)
    return draft, not form.errors


def _sign(request, draft: ServiceRequest, form: AttestationForm, *, action: str) -> bool:
    """Sign when asked to (or when completing with a signature given). False when refused."""
    if not form.is_valid():
        return False
    if action == "complete" and form.is_blank():
        return True  # nothing given: the completion lists the missing signature
    try:
        services.sign_attestation(by=request.user, request=draft, **form.signing())
    except ValidationError as exc:
        apply_service_error(form, exc)
        return False
    return True


@login_required
@permission_required(VIEW, raise_exception=True)
def request_intake(request, pk: int):
    """The draft (or a request returned for information): criteria, answers, documents, attestation, completion."""
    draft = selectors.get_request(request.user, pk)
    actions = selectors.request_actions(request.user, draft)
    if not REQUEST_FLOW.allows("edit", draft.status):
        return redirect("requests:detail", pk=draft.pk)
    if not actions.edit:
        raise PermissionDenied
    posted = request.method == "POST"
    action = request.POST.get("action", "save") if posted else ""
    if action == "complete" and not actions.complete:
        raise PermissionDenied
    form = RequestAnswersForm(
        request.POST if posted else None, request.FILES if posted else None, version=draft.version, request=draft
    )
    attestation = _attestation(draft)
    attestation_form = None
    if draft.status == Status.DRAFT and attestation is None:
        attestation_form = AttestationForm(request.POST if posted else None, request.FILES if posted else None)
    refusal: list[str] = []
    if not posted:
        # Reading the answers is reading the beneficiary's file (RL-2).
        record_access(request=request, obj=draft.beneficiary, action=AccessLog.Action.VIEW, detail=_log_detail(draft))
    if posted:
        draft, saved = _save_intake(request, draft, form)
        signed = True
        if attestation_form is not None and action in ("sign", "complete"):
            signed = _sign(request, draft, attestation_form, action=action)
        if action == "complete" and saved and signed:
            try:
                draft = services.complete_request(by=request.user, request=draft)
            except ValidationError as exc:
                refusal = exc.messages
            else:
                messages.success(
                    request,
                    _("The request was registered as complete under reference %(ref)s.") % {"ref": draft.reference},
                )
                return redirect("requests:detail", pk=draft.pk)
        elif saved and signed:
            if action == "sign":
                messages.success(request, _("The attestation was signed and kept with the request."))
            else:
                messages.success(request, _("The draft was saved."))
            return redirect("requests:intake", pk=draft.pk)
        if not refusal and (not saved or not signed):
            messages.error(request, _("What was valid was kept; correct what is marked below."))
        attestation = _attestation(draft)
        if attestation is not None:
            attestation_form = None
    return render(request, "requests/intake.html", _intake_context(request, draft, form, attestation_form, refusal))


def _intake_context(request, draft, form, attestation_form, refusal) -> dict[str, Any]:
    documents = list(draft.documents.all())
    field_rows = [
        {
            "spec": spec,
            "field": form[f"f_{spec.key}"],
            "received": [d for d in documents if spec.kind == FormField.Kind.FILE and d.field_key == spec.key],
        }
        for spec in form.form_fields
    ]
    document_rows = [
        {
            "spec": spec,
            "field": form[f"d_{spec.pk}"],
            "received": [d for d in documents if d.required_document_id == spec.pk],
        }
        for spec in form.documents
    ]
    return {
        "r": draft,
        "beneficiary": present(draft.beneficiary, request.user),
        "form": form,
        "field_rows": field_rows,
        "document_rows": document_rows,
        "attestation": _attestation(draft),
        "attestation_form": attestation_form,
        "attestation_text": services.ATTESTATION_TEXT,
        "missing": services.missing_items(draft),
        "refusal": refusal,
        "open_pause": draft.pauses.filter(ended_on__isnull=True).first(),
        "actions": selectors.request_actions(request.user, draft),
        "reply_working_days": services.REPLY_WORKING_DAYS,
    }
