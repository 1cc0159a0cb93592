"""Writing the access log."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest

from mustafid.core.http import client_ip

from .models import AccessLog

# Query parameters that may carry what was searched for (a national ID, a phone):
# the log keeps the page, not the value, which would sit there unencrypted.
UNLOGGED_PARAMETERS = ("q",)


def _logged_path(request: HttpRequest) -> str:
    query = request.GET.copy()
    for name in UNLOGGED_PARAMETERS:
        if name in query:
            query[name] = "…"
    encoded = query.urlencode(safe="…")
    return f"{request.path}?{encoded}" if encoded else request.path


def _entry(*, request: HttpRequest, obj: models.Model, action: str, detail: str) -> AccessLog:
    user = request.user if request.user.is_authenticated else None
    return AccessLog(
        actor=user,
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        detail=detail[:200],
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        path=_logged_path(request)[:300],
    )


def record_access(
    *, request: HttpRequest, obj: models.Model, action: str = AccessLog.Action.VIEW, detail: str = ""
) -> AccessLog:
    """Write who viewed/exported ``obj``, when and from where."""
    entry = _entry(request=request, obj=obj, action=action, detail=detail)
    entry.save()
    return entry


def record_access_many(
    *,
    request: HttpRequest,
    objs: Iterable[models.Model],
    action: str = AccessLog.Action.VIEW,
    detail: str = "",
) -> list[AccessLog]:
    """One access log row per record a list page shows, written in one INSERT.

    A list or search result that shows IDs or phones is as much a reading of
    each file as opening it (RL-2); one statement keeps the page's query
    count the same whatever it shows. A record shown twice is logged once.
    """
    seen: set[tuple[type[models.Model], object]] = set()
    entries = []
    for obj in objs:
        key = (type(obj), obj.pk)
        if key in seen:
            continue
        seen.add(key)
        entries.append(_entry(request=request, obj=obj, action=action, detail=detail))
    return AccessLog.objects.bulk_create(entries) if entries else []


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
