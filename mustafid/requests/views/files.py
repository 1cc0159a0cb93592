"""Files of a request: only through here, checked and logged (RL-2)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from mustafid.audit.models import AccessLog
from mustafid.audit.services import serve_logged_file
from mustafid.beneficiaries.selectors import require_documents
from mustafid.core.files import sniff

from .. import selectors
from ..models import RequestDocument, ServiceRequest
from . import VIEW, _attestation, _log_detail


def _serve(
    request,
    service_request: ServiceRequest,
    fieldfile,
    *,
    filename: str,
    what: str,
    inline: bool = False,
    original_name: str = "",
):
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
        # The uploader's own file name when there is one: the stored name is random.
        filename=original_name or f"{filename}.{extension}",
        as_attachment=not inline,
        action=AccessLog.Action.VIEW if inline else AccessLog.Action.DOWNLOAD,
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def request_receipt(request, pk: int):
    """HD-3: the receipt PDF listing what was received."""
    service_request = selectors.get_request(request.user, pk)
    if not selectors.may_read_receipt(request.user, service_request):
        raise PermissionDenied
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
    require_documents(request.user)
    return _serve(
        request,
        document.request,
        document.file,
        filename=f"document-{document.pk}",
        what=f"document {document.title}",
        original_name=document.original_name,
    )
