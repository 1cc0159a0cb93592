"""Writing the access log."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest

from mustafid.core.http import client_ip

from .models import AccessLog


def record_access(
    *, request: HttpRequest, obj: models.Model, action: str = AccessLog.Action.VIEW, detail: str = ""
) -> AccessLog:
    """Write who viewed/exported ``obj``, when and from where."""
    user = request.user if request.user.is_authenticated else None
    return AccessLog.objects.create(
        actor=user,
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        detail=detail[:200],
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        path=request.get_full_path()[:300],
    )


def serve_logged_file(
    *,
    request: HttpRequest,
    fieldfile,
    about: models.Model,
    detail: str,
    filename: str,
    content_type: str | None = None,
    as_attachment: bool = False,
    action: str = AccessLog.Action.DOWNLOAD,
):
    """Serve a private file after the view checked access: logged, never cached, never sniffed.

    Every beneficiary document, letter, receipt and minute leaves the system
    through here, so each download is in the access log of ``about``.
    """
    from django.http import FileResponse, Http404

    from mustafid.core.files import CONTENT_TYPES, sniff

    if not fieldfile:
        raise Http404
    try:
        handle = fieldfile.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    if content_type is None:
        content_type = CONTENT_TYPES.get(sniff(handle.read(16)) or "", "application/octet-stream")
        handle.seek(0)
    record_access(request=request, obj=about, action=action, detail=detail)
    response = FileResponse(handle, content_type=content_type, as_attachment=as_attachment, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
