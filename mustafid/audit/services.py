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
