"""The public portal (CH-5): a beneficiary identifies with an ID number and a code by SMS.

No page needs a staff account. A page never says whether an ID number is
registered: the answer to "send me a code" is the same whatever was typed.
A request another beneficiary owns is a 404, like one that does not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from mustafid.audit.models import AccessLog
from mustafid.audit.services import record_access, serve_logged_file
from mustafid.core.forms import refusal_text
from mustafid.core.http import client_ip
from mustafid.entitlements.models import Entitlement
from mustafid.liaison.selectors import officers_of
from mustafid.requests.forms import RequestAnswersForm
from mustafid.requests.models import ServiceRequest, Status
from mustafid.requests.services import ATTESTATION_TEXT, withdraw_by_beneficiary
from mustafid.requests.workflow import REQUEST_FLOW

from . import codes, services
from . import session as portal_session
from .device import device_hash, with_device
from .forms import CodeForm, IdentifyForm, TrackForm

PAGE_SIZE = 20


@never_cache
def home(request):
    beneficiary = portal_session.current_beneficiary(request)
    # Who answers this beneficiary (IN-1, IN-2): only once they have identified themselves.
    officers = officers_of(beneficiary) if beneficiary else []
    return render(request, "portal/home.html", {"beneficiary": beneficiary, "officers": officers})


# --- identifying ------------------------------------------------------------


def _ask_code(request, form, *, purpose: codes.Purpose, reference: str = "") -> bool:
    """Ask for a code; False (with the reason on the form) when a budget refused and none was sent."""
    national_id = form.cleaned_data["national_id"]
    refused = codes.issue_code(
        national_id=national_id,
        device_hash=device_hash(request),
        address=client_ip(request),
        purpose=purpose,
        reference=reference,
    )
    if refused is not None:
        # The truth, not "we sent a code": the same words for a registered and an unknown ID number.
        form.add_error(None, refused.message)
        return False
    portal_session.set_pending(
        request, national_id_hash=codes.id_hash(national_id), purpose=purpose, reference=reference
    )
    return True


@never_cache
@require_http_methods(["GET", "POST"])
@with_device
def identify(request):
    form = IdentifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _ask_code(request, form, purpose=codes.Purpose.SIGN_IN):
        return redirect("portal:verify")
    return render(request, "portal/identify.html", {"form": form})


def _code_page(request, *, purpose: codes.Purpose, restart: str, on_success):
    held = portal_session.pending(request, purpose)
    if held is None:
        messages.info(request, _("Ask for a code first."))
        return redirect(restart)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = codes.verify_code(
            national_id_hash=held["nid"],
            device_hash=device_hash(request),
            code=form.cleaned_data["code"],
            purpose=purpose,
            reference=held.get("reference", ""),
        )
        if result.outcome == codes.Outcome.OK:
            return on_success(result)
        form.add_error("code", result.message)
    return render(
        request,
        "portal/verify.html",
        {"form": form, "restart": restart, "tracking": purpose == codes.Purpose.TRACK},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@with_device
def verify(request):
    def signed_in(result):
        portal_session.sign_in(request, result.beneficiary)
        return redirect("portal:requests")

    return _code_page(request, purpose=codes.Purpose.SIGN_IN, restart="portal:identify", on_success=signed_in)


@require_POST
def sign_out(request):
    portal_session.sign_out(request)
    messages.success(request, _("You have signed out of the portal."))
    return redirect("portal:home")


# --- tracking one request ---------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@with_device
def track(request):
    form = TrackForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _ask_code(request, form, purpose=codes.Purpose.TRACK, reference=form.cleaned_data["reference"])
    ):
        return redirect("portal:track_verify")
    return render(request, "portal/track.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
@with_device
def track_verify(request):
    def tracked(result):
        portal_session.allow_tracking(request, result.service_request)
        return redirect("portal:track_result")

    return _code_page(request, purpose=codes.Purpose.TRACK, restart="portal:track", on_success=tracked)


@never_cache
def track_result(request):
    pk = portal_session.tracked_request_id(request)
    if pk is None:
        return redirect("portal:track")
    return _request_page(request, portal_session.visitor_request(request, pk), tracking=True)


# --- the beneficiary's requests ---------------------------------------------


@never_cache
@portal_session.beneficiary_required
def request_list(request, beneficiary):
    qs = ServiceRequest.objects.filter(beneficiary=beneficiary).select_related("version__service").order_by("-id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/requests.html", {"beneficiary": beneficiary, "page": page})


def _request_page(request, service_request: ServiceRequest, *, tracking: bool = False):
    record_access(
        request=request, obj=service_request.beneficiary, action=AccessLog.Action.VIEW, detail="portal request"
    )
    entitlement = (
        Entitlement.objects.filter(request=service_request).prefetch_related("instalments").first()
        if service_request.status in REQUEST_FLOW.group("decided")
        else None
    )
    return render(
        request,
        "portal/request_detail.html",
        {
            "r": service_request,
            "tracking": tracking,
            "entitlement": entitlement,
            "missing": services.still_missing(service_request) if service_request.status == Status.DRAFT else [],
            "beneficiary": portal_session.current_beneficiary(request),
            "in_study": service_request.status in REQUEST_FLOW.group("clock_running"),
            # Tracking by reference and code shows the status only; withdrawing needs the signed-in beneficiary.
            "may_withdraw": not tracking and REQUEST_FLOW.allows("withdraw", service_request.status),
        },
    )


@never_cache
@portal_session.beneficiary_required
def request_detail(request, pk: int, beneficiary):
    return _request_page(request, portal_session.visitor_request(request, pk))


@never_cache
@portal_session.beneficiary_required
@require_POST
def withdraw(request, pk: int, beneficiary):
    """The beneficiary takes their request back; the clock stops and they are told through their channel."""
    service_request = ServiceRequest.objects.filter(pk=pk, beneficiary=beneficiary).first()
    if service_request is None:
        raise Http404
    try:
        withdraw_by_beneficiary(
            beneficiary=beneficiary, request=service_request, reason=request.POST.get("reason", "")[:500]
        )
    except ValidationError as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, _("Your request was withdrawn. You will receive a confirmation."))
    return redirect("portal:request", pk=pk)


def _serve(request, service_request: ServiceRequest, field, filename: str):
    return serve_logged_file(
        request=request,
        fieldfile=field,
        about=service_request.beneficiary,
        detail=f"portal {filename}",
        filename=filename,
        content_type="application/pdf",
    )


@never_cache
def receipt(request, pk: int):
    """The receipt of a request (HD-3), for its owner or whoever tracked it with the code."""
    service_request = portal_session.visitor_request(request, pk)
    return _serve(request, service_request, service_request.receipt, f"{service_request.reference}-receipt.pdf")


@never_cache
def decision_letter(request, pk: int):
    service_request = portal_session.visitor_request(request, pk)
    return _serve(request, service_request, service_request.decision_letter, f"{service_request.letter_reference}.pdf")


# --- filing a request ------------------------------------------------------


@never_cache
@portal_session.beneficiary_required
def service_list(request, beneficiary):
    return render(
        request,
        "portal/services.html",
        {"beneficiary": beneficiary, "versions": services.available_versions(beneficiary)},
    )


def _filing_page(request, *, beneficiary, version, draft=None):
    form = RequestAnswersForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        version=version,
        request=draft,
    )
    if request.method == "POST" and form.is_valid():
        try:
            service_request, missing = services.file_request(
                beneficiary=beneficiary,
                version=version,
                draft=draft,
                form=form,
                drawn_signature=request.POST.get("signature", ""),
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            if not missing:
                messages.success(
                    request,
                    _("Your request %(ref)s was received complete.") % {"ref": service_request.reference},
                )
                return redirect("portal:request", pk=service_request.pk)
            messages.warning(
                request, _("What you gave was kept. The request is not complete yet: see what is missing below.")
            )
            return redirect("portal:continue", pk=service_request.pk)
    return render(
        request,
        "portal/apply.html",
        {
            "beneficiary": beneficiary,
            "version": version,
            "form": form,
            "draft": draft,
            "missing": services.still_missing(draft) if draft else [],
            "attestation_text": ATTESTATION_TEXT,
            "kept_documents": list(draft.documents.all()) if draft else [],
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@portal_session.beneficiary_required
def apply(request, version_pk: int, beneficiary):
    version = services.available_versions(beneficiary).filter(pk=version_pk).first()
    if version is None:
        raise Http404
    return _filing_page(request, beneficiary=beneficiary, version=version)


@never_cache
@require_http_methods(["GET", "POST"])
@portal_session.beneficiary_required
def continue_draft(request, pk: int, beneficiary):
    draft = (
        ServiceRequest.objects.filter(pk=pk, beneficiary=beneficiary, status=Status.DRAFT)
        .select_related("version__service")
        .first()
    )
    if draft is None:
        raise Http404
    return _filing_page(request, beneficiary=beneficiary, version=draft.version, draft=draft)
