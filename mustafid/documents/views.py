"""Staff pages of the published documents (TL-1..TL-4): the publishers list, create and publish versions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from mustafid.core.forms import apply_service_error

from . import selectors, services
from .forms import DocumentForm, VersionForm
from .models import Document

PUBLISH = services.PUBLISH


@login_required
@permission_required(PUBLISH, raise_exception=True)
def manage(request):
    return render(request, "documents/manage.html", {"rows": selectors.document_list()})


@login_required
@permission_required(PUBLISH, raise_exception=True)
def new(request):
    form = DocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.create_document(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The document was created: publish its first version."))
            return redirect("documents:publish", document.pk)
    return render(request, "documents/new.html", {"form": form})


@login_required
@permission_required(PUBLISH, raise_exception=True)
def detail(request, pk: int):
    """A document's versions, newest first, each with its summary of changes."""
    document = get_object_or_404(Document.objects.prefetch_related("categories"), pk=pk)
    versions = document.versions.select_related("published_by").defer("body").order_by("-number")
    return render(request, "documents/detail.html", {"document": document, "versions": versions})


@login_required
@permission_required(PUBLISH, raise_exception=True)
def publish(request, pk: int):
    document = get_object_or_404(Document, pk=pk)
    latest = document.versions.order_by("-number").first()
    form = VersionForm(request.POST or None, request.FILES or None, initial={"body": latest.body if latest else ""})
    if request.method == "POST" and form.is_valid():
        try:
            version = services.publish_version(by=request.user, document=document, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Version %(n)s is in force and on the portal.") % {"n": version.number})
            return redirect("documents:detail", document.pk)
    return render(request, "documents/publish.html", {"document": document, "latest": latest, "form": form})
