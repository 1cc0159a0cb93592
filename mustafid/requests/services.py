"""The request cycle (HD-2..HD-6). Every transition is a service here.

Each checks scope, then asks the declared workflow (``workflow.REQUEST_FLOW``)
whether the user may take the step from the request's state, moves it there
(the step is written on the request's history), writes in one transaction
(auditlog and the outbox in it), and refuses bad input with a translated
ValidationError. Documents are rendered after the transaction commits.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from mustafid.accounts.models import User
from mustafid.beneficiaries.messages import tell
from mustafid.beneficiaries.models import Beneficiary
from mustafid.core import documents, workdays
from mustafid.core.files import CONTENT_TYPES, IMAGE_KINDS, check_upload, sha256_of, signature_from_data_url
from mustafid.core.hijri import dual_date
from mustafid.core.permissions import require
from mustafid.core.references import next_reference
from mustafid.notifications.services import notify
from mustafid.services.models import FormField, RequiredDocument, ServiceVersion

from .models import (
    REPLY_WORKING_DAYS,
    Attestation,
    Decision,
    Pause,
    RequestDocument,
    ServiceRequest,
    StudyNote,
)
from .workflow import REQUEST_FLOW

REFERENCE_PREFIX = "REQ"
LETTER_PREFIX = "DEC"
# HD-4, in the policy's words: the data is correct and the beneficiary is directly responsible for it.
ATTESTATION_TEXT = (
    "أقر أنا الموقع أدناه بصحة جميع البيانات والمعلومات والمستندات المقدمة في هذا الطلب، "
    "وأنني مسؤول مسؤولية مباشرة عنها."
)


def _perm(user: User, codename: str) -> None:
    if not user.has_perm(f"requests.{codename}"):
        raise PermissionDenied


def _lock(request: ServiceRequest) -> ServiceRequest:
    """Re-read the request under a row lock: two desks never move it at once."""
    return ServiceRequest.objects.select_for_update().get(pk=request.pk)


# --- intake (HD-2, HD-3) ----------------------------------------------------


@transaction.atomic
def create_draft(*, by: User, beneficiary: Beneficiary, version: ServiceVersion, received_via: str) -> ServiceRequest:
    require(by, "view", beneficiary)
    _perm(by, "add_servicerequest")
    if not version.is_published or not version.service.is_active:
        raise ValidationError(_("This service is not offered now."), code="service_closed")
    categories = version.categories.all()
    if categories.exists() and not categories.filter(pk=beneficiary.category_id).exists():
        raise ValidationError(_("This service is not offered to the beneficiary's category."), code="category")
    return ServiceRequest.objects.create(
        beneficiary=beneficiary, version=version, received_via=received_via, created_by=by
    )


@transaction.atomic
def save_answers(
    *, by: User, request: ServiceRequest, answers: dict[str, Any], criteria_answers: dict[str, bool]
) -> ServiceRequest:
    """Keep what was filled so far (a draft may be incomplete)."""
    require(by, "change", request)
    request = _lock(request)
    REQUEST_FLOW.start("edit", request, by=by)
    known = {f.key for f in request.version.fields.all()}
    request.answers = {**request.answers, **{k: v for k, v in answers.items() if k in known}}
    criteria = {str(c.pk) for c in request.version.criteria.all()}
    request.criteria_answers = {
        **request.criteria_answers,
        **{str(k): bool(v) for k, v in criteria_answers.items() if str(k) in criteria},
    }
    request.save()
    return request


@transaction.atomic
def attach_request_document(
    *,
    by: User,
    request: ServiceRequest,
    upload,
    required_document: RequiredDocument | None = None,
    field_key: str = "",
    title: str = "",
) -> RequestDocument:
    require(by, "change", request)
    REQUEST_FLOW.start("edit", request, by=by)
    kind = check_upload(upload)
    return RequestDocument.objects.create(
        request=request,
        required_document=required_document,
        field_key=field_key,
        title=title or (required_document.name if required_document else upload.name),
        file=upload,
        content_type=CONTENT_TYPES[kind],
        sha256=sha256_of(upload),
        uploaded_by=by,
    )


def _answered(field: FormField, value: Any) -> bool:
    return value not in (None, "", [], {})


def missing_items(request: ServiceRequest) -> list[str]:
    """Everything that keeps the request from being complete, each in one readable line."""
    missing: list[str] = []
    docs = list(request.documents.all())
    for field in request.version.fields.all():
        if not field.required:
            continue
        if field.kind == FormField.Kind.FILE:
            if not any(d.field_key == field.key for d in docs):
                missing.append(_("Required field: %(label)s") % {"label": field.label})
        elif not _answered(field, request.answers.get(field.key)):
            missing.append(_("Required field: %(label)s") % {"label": field.label})
    for criterion in request.version.criteria.all():
        if str(criterion.pk) not in request.criteria_answers:
            missing.append(_("Eligibility criterion not answered: %(text)s") % {"text": criterion.text})
    for document in request.version.documents.all():
        if document.required and not any(d.required_document_id == document.pk for d in docs):
            missing.append(_("Required document: %(name)s") % {"name": document.name})
    if not Attestation.objects.filter(request=request).exists():
        missing.append(_("The beneficiary's attestation and signature"))
    return missing


# --- attestation (HD-4) -----------------------------------------------------


@transaction.atomic
def sign_attestation(*, by: User, request: ServiceRequest, signer_name: str, drawn: str = "", scan=None) -> Attestation:
    """Keep the attestation text, the signature, the signer and the time, with a fingerprint.

    ``drawn`` is a signature drawn on screen (PNG data URL); ``scan`` an
    uploaded scan of the signed paper. Once made, an attestation never changes.
    """
    require(by, "change", request)
    request = _lock(request)
    REQUEST_FLOW.start("edit", request, by=by)
    if Attestation.objects.filter(request=request).exists():
        raise ValidationError(_("The request is already signed; the signature cannot be changed."), code="signed")
    if not signer_name.strip():
        raise ValidationError(_("Write the name of the person who signs."), code="no_signer")
    if scan is not None:
        kind = check_upload(scan, allowed=IMAGE_KINDS | {"pdf"})
        signature, method = scan, Attestation.Method.SCAN
        raw_hash = sha256_of(scan)
        del kind
    elif drawn:
        signature, method = signature_from_data_url(drawn), Attestation.Method.SCREEN
        raw_hash = hashlib.sha256(signature.read()).hexdigest()
        signature.seek(0)
    else:
        raise ValidationError(_("Sign on the screen or upload the signed paper."), code="no_signature")
    signed_at = timezone.now()
    fingerprint = hashlib.sha256(
        "\n".join([ATTESTATION_TEXT, signer_name.strip(), signed_at.isoformat(), raw_hash, str(request.pk)]).encode()
    ).hexdigest()
    return Attestation.objects.create(
        request=request,
        text=ATTESTATION_TEXT,
        signer_name=signer_name.strip(),
        method=method,
        signature=signature,
        signed_at=signed_at,
        sha256=fingerprint,
        witnessed_by=by,
    )


def attestation_intact(attestation: Attestation) -> bool:
    """Recompute the fingerprint from what is stored: proof it was not altered."""
    attestation.signature.open("rb")
    try:
        raw_hash = hashlib.sha256(attestation.signature.read()).hexdigest()
    finally:
        attestation.signature.close()
    expected = hashlib.sha256(
        "\n".join(
            [
                attestation.text,
                attestation.signer_name,
                attestation.signed_at.isoformat(),
                raw_hash,
                str(attestation.request_id),
            ]
        ).encode()
    ).hexdigest()
    return expected == attestation.sha256


# --- completion (HD-3, HD-5, HD-6) -----------------------------------------


def compute_due_on(request: ServiceRequest) -> date:
    """15 working days after completion, moved by the working days spent waiting."""
    if request.completed_on is None:
        raise ValueError("a request has a due date only once registered complete")
    return workdays.add_working_days(request.completed_on, REPLY_WORKING_DAYS + request.paused_working_days)


def _channel_words(beneficiary: Beneficiary) -> str:
    return str(beneficiary.get_preferred_channel_display())


def _tell_beneficiary(request: ServiceRequest, *, event: str, subject: str, body: str) -> None:
    tell(request.beneficiary, about=request, dedupe_key=f"request:{request.pk}:{event}", subject=subject, body=body)


@transaction.atomic
def complete_request(*, by: User, request: ServiceRequest, today: date | None = None) -> ServiceRequest:
    """Register the request as received complete: reference, completion and due dates, receipt.

    Refused, listing exactly what is missing, while any required field,
    criterion answer, document or the signed attestation is missing.
    """
    require(by, "change", request)
    request = _lock(request)
    REQUEST_FLOW.start("complete", request, by=by)
    missing = missing_items(request)
    if missing:
        raise ValidationError(missing, code="incomplete")
    REQUEST_FLOW.move("complete", request, by=by)
    request.reference = next_reference(REFERENCE_PREFIX)
    request.completed_on = today or timezone.localdate()
    request.due_on = compute_due_on(request)
    request.save()
    # HD-3: the receipt is drawn once this commits (core.documents); the page says it is being prepared.
    documents.prepare("requests.receipt", request)
    # HD-5: the committee will study it; the answer comes through the agreed channel.
    with override("ar"):
        _tell_beneficiary(
            request,
            event="completed",
            subject=_("Your request %(ref)s was received complete") % {"ref": request.reference},
            body=_(
                "Your request %(ref)s was received complete on %(completed)s. The competent committee will study it, "
                "and its answer will reach you by %(channel)s no later than %(due)s."
            )
            % {
                "ref": request.reference,
                "completed": dual_date(request.completed_on),
                "channel": _channel_words(request.beneficiary),
                "due": dual_date(request.due_on),
            },
        )
    return request


# --- pauses (HD-6) ----------------------------------------------------------


@transaction.atomic
def return_for_information(*, by: User, request: ServiceRequest, reason: str, on: date | None = None) -> Pause:
    """Ask the beneficiary for more information: the clock stops until they answer."""
    require(by, "change", request)
    request = _lock(request)
    REQUEST_FLOW.start("return_for_information", request, by=by)
    if not reason.strip():
        raise ValidationError(_("Say what the beneficiary must provide."), code="no_reason")
    REQUEST_FLOW.move("return_for_information", request, by=by, note=reason)
    request.save()
    pause = Pause.objects.create(request=request, started_on=on or timezone.localdate(), reason=reason, created_by=by)
    with override("ar"):
        _tell_beneficiary(
            request,
            event=f"returned:{pause.pk}",
            subject=_("Your request %(ref)s needs more information") % {"ref": request.reference},
            body=_("To continue studying your request %(ref)s, the society needs: %(reason)s")
            % {"ref": request.reference, "reason": reason},
        )
    return pause


@transaction.atomic
def resume(*, by: User, request: ServiceRequest, on: date | None = None) -> ServiceRequest:
    """The beneficiary answered: the clock runs again and the due date moves by the paused working days."""
    require(by, "change", request)
    request = _lock(request)
    REQUEST_FLOW.start("resume", request, by=by)
    REQUEST_FLOW.move("resume", request, by=by)
    _end_pause(request, on or timezone.localdate())
    request.due_on = compute_due_on(request)
    request.save()
    return request


def _end_pause(request: ServiceRequest, on: date) -> None:
    """Close the open pause, if any, and count its working days into the request's pauses."""
    pause = request.pauses.filter(ended_on__isnull=True).order_by("-started_on").first()
    if pause is None:
        return
    pause.ended_on = on
    pause.working_days = workdays.working_days_between(pause.started_on, pause.ended_on)
    pause.save()
    request.paused_working_days = sum(p.working_days for p in request.pauses.all())


# --- study (RL-4 prelude) ---------------------------------------------------


@transaction.atomic
def assign_case_worker(*, by: User, request: ServiceRequest, case_worker: User) -> ServiceRequest:
    require(by, "change", request)
    request = _lock(request)
    REQUEST_FLOW.start("assign", request, by=by)
    if not case_worker.has_perm("requests.study_servicerequest"):
        raise ValidationError(_("This staff member does not study requests."), code="not_case_worker")
    request.case_worker = case_worker
    REQUEST_FLOW.move("assign", request, by=by, note=case_worker.full_name)
    request.save()
    return request


@transaction.atomic
def add_study_note(
    *, by: User, request: ServiceRequest, kind: str, text: str, visited_on: date | None = None
) -> StudyNote:
    require(by, "view", request)
    REQUEST_FLOW.start("add_note", request, by=by)
    if not text.strip():
        raise ValidationError(_("Write the notes."), code="no_text")
    return StudyNote.objects.create(request=request, kind=kind, text=text, visited_on=visited_on, author=by)


@transaction.atomic
def recommend(*, by: User, request: ServiceRequest, recommendation: str, note: str) -> ServiceRequest:
    """The case worker's recommendation; the request goes on the committee's list."""
    require(by, "view", request)
    request = _lock(request)
    REQUEST_FLOW.start("recommend", request, by=by)
    if recommendation not in Decision.values:
        raise ValidationError(_("Choose a recommendation."), code="bad_recommendation")
    REQUEST_FLOW.move("recommend", request, by=by, note=note)
    request.recommendation = recommendation
    request.recommendation_note = note
    request.save()
    return request


# --- withdrawal ---------------------------------------------------------------


def _withdraw(request: ServiceRequest, *, by: User | None, reason: str, on: date) -> ServiceRequest:
    REQUEST_FLOW.move("withdraw", request, by=by, note=reason)
    request.withdrawn_on = on
    request.withdrawal_reason = reason
    if request.pauses.filter(ended_on__isnull=True).exists():
        _end_pause(request, on)
    request.save()
    with override("ar"):
        _tell_beneficiary(
            request,
            event="withdrawn",
            subject=_("Your request %(ref)s was withdrawn") % {"ref": request.reference or request.pk},
            body=_("Your request %(ref)s was withdrawn on %(date)s at your wish. No answer will follow.")
            % {"ref": request.reference or request.pk, "date": dual_date(on)},
        )
    return request


@transaction.atomic
def withdraw_request(*, by: User, request: ServiceRequest, reason: str, on: date | None = None) -> ServiceRequest:
    """Staff withdraw the request on the beneficiary's word, saying how it reached them.

    From any state before the answer; the clock stops, and the beneficiary is
    told through their channel.
    """
    require(by, "change", request)
    request = _lock(request)
    REQUEST_FLOW.start("withdraw", request, by=by)
    if not reason.strip():
        raise ValidationError(
            _("Say how the beneficiary asked to withdraw (for example: by phone on this date)."), code="no_reason"
        )
    return _withdraw(request, by=by, reason=reason.strip(), on=on or timezone.localdate())


@transaction.atomic
def withdraw_by_beneficiary(*, beneficiary: Beneficiary, request: ServiceRequest, reason: str = "") -> ServiceRequest:
    """The beneficiary withdraws their own request on the portal (identified there by a one-time code)."""
    request = _lock(request)
    if request.beneficiary_id != beneficiary.pk:
        raise PermissionDenied
    # The portal's identification stands for the staff permission.
    REQUEST_FLOW.start("withdraw", request, check_permission=False)
    # No reason given, no words stored: a sentence written now would stay in the portal's language
    # for every reader; the request page says who withdrew, in the reader's (issue 10.4).
    return _withdraw(request, by=None, reason=reason.strip(), on=timezone.localdate())


# --- the committee (RL-4) -----------------------------------------------------


@transaction.atomic
def send_back_for_study(*, by: User, request: ServiceRequest, reason: str) -> ServiceRequest:
    """The committee sends the request back to its case worker for more study, saying why.

    The reason is kept on the request's history; the request is then
    recommended again before it returns to a committee's agenda. Called by
    the committee (its seat on the agenda stands for the branch scope).
    """
    request = _lock(request)
    REQUEST_FLOW.start("send_back", request, by=by)
    if not reason.strip():
        raise ValidationError(_("Say what the committee needs studied further."), code="no_reason")
    REQUEST_FLOW.move("send_back", request, by=by, note=reason.strip())
    request.save()
    return request


# --- decision and reply (HD-6) ----------------------------------------------


@transaction.atomic
def record_decision(
    *,
    by: User,
    request: ServiceRequest,
    decision: str,
    reasons: str,
    approved_amount: Decimal | None,
    decided_on: date,
) -> ServiceRequest:
    """Write the committee's decision on the request (RL-4).

    Called through the committee's case registry once a quorate vote is
    taken (the committee checks the chair, the quorum and the votes); here
    ``by`` must hold the permission to record decisions. The seat on the
    committee whose agenda holds the request stands for the branch scope.
    """
    request = _lock(request)
    REQUEST_FLOW.start("decide", request, by=by)
    if decision not in Decision.values:
        raise ValidationError(_("Unknown decision."), code="bad_decision")
    if decision != Decision.REJECTED and (approved_amount is None or approved_amount <= 0):
        raise ValidationError(_("An approval needs the approved amount."), code="no_amount")
    if decision == Decision.REJECTED and not reasons.strip():
        raise ValidationError(_("A rejection needs its reasons."), code="no_reasons")
    REQUEST_FLOW.move("decide", request, by=by, note=reasons)
    request.decision = decision
    request.decision_reasons = reasons
    request.approved_amount = approved_amount if decision != Decision.REJECTED else None
    request.decided_on = decided_on
    request.save()
    return request


@transaction.atomic
def send_reply(*, by: User, request: ServiceRequest, today: date | None = None) -> ServiceRequest:
    """Issue the decision letter and send it through the agreed channel; count on time or late."""
    require(by, "view", request)
    request = _lock(request)
    REQUEST_FLOW.start("reply", request, by=by)
    REQUEST_FLOW.move("reply", request, by=by)
    request.replied_on = today or timezone.localdate()
    assert request.due_on is not None  # set on completion, and only a completed request reaches a decision
    request.replied_on_time = request.replied_on <= request.due_on
    request.letter_reference = next_reference(LETTER_PREFIX)
    request.save()
    documents.prepare("requests.decision_letter", request)
    with override("ar"):
        _tell_beneficiary(
            request,
            event="replied",
            subject=_("The answer to your request %(ref)s") % {"ref": request.reference},
            body=_(
                "The committee decided on your request %(ref)s: %(decision)s. Letter number %(letter)s, dated %(date)s."
            )
            % {
                "ref": request.reference,
                "decision": request.get_decision_display(),
                "letter": request.letter_reference,
                "date": dual_date(request.replied_on),
            },
        )
    return request


# --- overdue (HD-6) ---------------------------------------------------------


@transaction.atomic
def flag_overdue(*, today: date | None = None) -> int:
    """Mark requests past their due date as escalated and tell the supervisors (once per request)."""
    from django.contrib.auth import get_user_model

    from mustafid.accounts.roles import Role

    today = today or timezone.localdate()
    overdue = list(
        ServiceRequest.objects.select_for_update(skip_locked=True)
        .filter(status__in=REQUEST_FLOW.group("clock_running"), due_on__lt=today, escalated_at__isnull=True)
        .select_related("beneficiary__branch")
    )
    supervisors = list(
        get_user_model().objects.filter(groups__name=Role.SENIOR_MANAGEMENT, is_active=True).exclude(email="")
    )
    now = timezone.now()
    for request in overdue:
        # The escalation is seen in the scope of the request's beneficiary, like the request.
        domains = list(request.beneficiary.domains.all())
        request.escalated_at = now
        request.save(update_fields=["escalated_at", "updated_at"])
        for supervisor in supervisors:
            with override("ar"):
                notify(
                    channel="email",
                    recipient_name=supervisor.full_name,
                    address=supervisor.email,
                    subject=_("Overdue request %(ref)s") % {"ref": request.reference},
                    body=_("Request %(ref)s was due on %(due)s and has not been answered.")
                    % {"ref": request.reference, "due": dual_date(request.due_on)},
                    dedupe_key=f"request:{request.pk}:overdue:{supervisor.pk}",
                    about=request,
                    branch=request.beneficiary.branch,
                    category=request.beneficiary.category,
                    domains=domains,
                )
    return len(overdue)
