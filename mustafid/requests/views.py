"""Staff pages of the service request cycle (HD-2..HD-6). Thin: forms clean, services write, selectors read.

Every page needs a signed-in staff member who may view service requests
(403 otherwise); a request or beneficiary outside their scope is a 404 (no
ID probing); a step the role may not take is a 403, and a step the state
machine refuses is said in a message. Files leave only through views that
check scope and write the access log (RL-2).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mustafid.audit.models import AccessLog
from mustafid.audit.services import record_access, serve_logged_file
from mustafid.beneficiaries.selectors import get_beneficiary, present
from mustafid.core.files import sniff
from mustafid.core.hijri import dual_date
from mustafid.services.models import FormField

from . import selectors, services
from .forms import (
    AssignForm,
    AttestationForm,
    NewRequestForm,
    RecommendForm,
    RequestAnswersForm,
    ReturnForm,
    StudyNoteForm,
    stored_date,
    upload_field_name,
)
from .models import Attestation, ReceivedVia, RequestDocument, ServiceRequest, Status

VIEW = "requests.view_servicerequest"
CHANGE = "requests.change_servicerequest"
STUDY = "requests.study_servicerequest"
REPLY = "requests.reply_servicerequest"


def _attestation(request: ServiceRequest) -> Attestation | None:
    return Attestation.objects.filter(request=request).select_related("witnessed_by").first()


def _log_detail(request: ServiceRequest, what: str = "") -> str:
    label = f"{request} ({request.version.service.name})"
    return f"{what}: {label}" if what else label


# --- intake (HD-2, HD-3, HD-4) ------------------------------------------------


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
            form.add_error(None, exc)
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
            form.add_error(name, exc)
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
        form.add_error(None, exc)
        return False
    return True


@login_required
@permission_required(VIEW, raise_exception=True)
def request_intake(request, pk: int):
    """The draft (or a request returned for information): criteria, answers, documents, attestation, completion."""
    draft = selectors.get_request(request.user, pk)
    actions = selectors.request_actions(request.user, draft)
    if draft.status not in (Status.DRAFT, Status.RETURNED):
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


# --- the request page (HD-5, HD-6, RL-4) ---------------------------------------


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
        "is_open": service_request.status in services.OPEN_STATUSES,
        "is_overdue": bool(
            service_request.due_on
            and service_request.status in services.OPEN_STATUSES
            and service_request.due_on < today
        ),
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


def _not_now(request, service_request: ServiceRequest):
    messages.error(
        request,
        _("This step is not possible for a request that is “%(status)s”.")
        % {"status": service_request.get_status_display()},
    )
    return redirect("requests:detail", pk=service_request.pk)


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def request_assign(request, pk: int):
    service_request, actions = _acting(request, pk, CHANGE)
    if not actions.assign:
        return _not_now(request, service_request)
    form = AssignForm(request.POST, queryset=selectors.case_worker_choices(service_request))
    if form.is_valid():
        try:
            services.assign_case_worker(
                by=request.user, request=service_request, case_worker=form.cleaned_data["case_worker"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
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
        return _not_now(request, service_request)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.return_for_information(
                by=request.user, request=service_request, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
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
        return _not_now(request, service_request)
    try:
        service_request = services.resume(by=request.user, request=service_request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
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
        return _not_now(request, service_request)
    form = StudyNoteForm(request.POST)
    if form.is_valid():
        try:
            services.add_study_note(by=request.user, request=service_request, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
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
        return _not_now(request, service_request)
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
            form.add_error(None, exc)
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
        return _not_now(request, service_request)
    try:
        service_request = services.send_reply(by=request.user, request=service_request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
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


# --- files: only through here, checked and logged (RL-2) -----------------------


def _serve(request, service_request: ServiceRequest, fieldfile, *, filename: str, what: str, inline: bool = False):
    kind = None
    if fieldfile:
        try:
            with fieldfile.open("rb") as handle:
                kind = sniff(handle.read(16))
        except FileNotFoundError as exc:
            raise Http404 from exc
    extension = {"jpeg": "jpg"}.get(kind or "", kind or "bin")
    return serve_logged_file(
        request=request,
        fieldfile=fieldfile,
        about=service_request.beneficiary,
        detail=_log_detail(service_request, what),
        filename=f"{filename}.{extension}",
        as_attachment=not inline,
        action=AccessLog.Action.VIEW if inline else AccessLog.Action.DOWNLOAD,
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def request_receipt(request, pk: int):
    """HD-3: the receipt PDF listing what was received."""
    service_request = selectors.get_request(request.user, pk)
    return _serve(
        request,
        service_request,
        service_request.receipt,
        filename=f"{service_request.reference}-receipt",
        what="receipt",
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def request_letter(request, pk: int):
    """HD-6: the decision letter PDF."""
    service_request = selectors.get_request(request.user, pk)
    return _serve(
        request,
        service_request,
        service_request.decision_letter,
        filename=service_request.letter_reference or f"letter-{service_request.pk}",
        what="decision letter",
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def request_signature(request, pk: int):
    """HD-4: the signature (drawn image or signed scan), shown on the request page."""
    service_request = selectors.get_request(request.user, pk)
    attestation = _attestation(service_request)
    if attestation is None:
        raise Http404
    return _serve(
        request,
        service_request,
        attestation.signature,
        filename=f"signature-{service_request.pk}",
        what="signature",
        inline=True,
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def request_document(request, pk: int):
    """A document received with a request."""
    document = get_object_or_404(
        RequestDocument.objects.select_related("request__beneficiary", "request__version__service"),
        pk=pk,
        request__in=selectors.visible_requests(request.user).values("pk"),
    )
    return _serve(
        request, document.request, document.file, filename=f"document-{document.pk}", what=f"document {document.title}"
    )


# --- worklist (HD-6) -----------------------------------------------------------


@login_required
@permission_required(VIEW, raise_exception=True)
def worklist(request):
    """Overdue, due within three working days, returned and draft requests; replies on time and late."""
    mine = request.GET.get("mine") == "1"
    return render(
        request,
        "requests/worklist.html",
        {
            "buckets": selectors.worklist_page(request.user, mine=mine),
            "timeliness": selectors.reply_timeliness(request.user),
            "mine": mine,
            "due_soon_days": selectors.DUE_SOON_WORKING_DAYS,
            "reply_working_days": services.REPLY_WORKING_DAYS,
            "today": timezone.localdate(),
        },
    )
