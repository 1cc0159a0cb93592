"""The public catalogue (TL-5, HD-2): anyone can read, before anything starts,
what each service offers, who may apply, its criteria, the documents and
information it asks for, and who decides and when."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from mustafid.accounts.models import Category

from . import selectors
from .models import FormField, Service

REPLY_WORKING_DAYS = 15  # HD-6: the reply is due within 15 working days of completion


@require_safe
def catalogue(request):
    categories = list(Category.objects.filter(is_active=True).order_by("name"))
    code = request.GET.get("category", "")
    chosen = next((c for c in categories if c.code == code), None)
    return render(
        request,
        "services/catalogue.html",
        {"versions": selectors.catalogue(category=chosen), "categories": categories, "chosen": chosen},
    )


@require_safe
def detail(request, code: str):
    service = get_object_or_404(Service, code=code, is_active=True)
    version = selectors.current_version(service)
    if version is None:  # a service being prepared is not public yet
        raise Http404
    return render(
        request,
        "services/detail.html",
        {
            "service": service,
            "version": version,
            "published_on": timezone.localdate(version.published_at),
            "changes": selectors.changes_since_previous(version),
            "file_kind": FormField.Kind.FILE,
            "choice_kind": FormField.Kind.CHOICE,
            "reply_working_days": REPLY_WORKING_DAYS,
        },
    )
