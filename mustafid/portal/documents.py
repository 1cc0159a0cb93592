"""The society's published documents on the portal (TL-1..TL-4, IN-3): open to anyone, no account needed."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import render

from mustafid.documents import selectors
from mustafid.documents.models import Document, DocumentVersion

from . import session as portal_session


def _public(slug: str) -> Document:
    document = selectors.public_document(slug)
    if document is None:
        raise Http404
    return document


def document_list(request):
    return render(
        request,
        "portal/documents.html",
        {"beneficiary": portal_session.current_beneficiary(request), "versions": selectors.public_documents()},
    )


def document(request, slug: str, number: int | None = None):
    """A version of a document (the one in force unless ``number`` names another), and what changed in it."""
    document = _public(slug)
    versions = list(document.versions.defer("body").order_by("-number"))
    current = versions[0]
    wanted = current.number if number is None else number
    version = document.versions.filter(number=wanted).first()
    if version is None:
        raise Http404
    previous = document.versions.filter(number=wanted - 1).first()
    return render(
        request,
        "portal/document.html",
        {
            "beneficiary": portal_session.current_beneficiary(request),
            "document": document,
            "version": version,
            "in_force": version.number == current.number,
            "previous": previous,
            "lines": selectors.compare(previous, version) if previous else [],
            "versions": versions,
        },
    )


def document_pdf(request, slug: str, number: int):
    """A version's PDF copy: from the private storage, of public documents only."""
    version = DocumentVersion.objects.filter(document=_public(slug), number=number).first()
    if version is None or not version.pdf:
        raise Http404
    response = FileResponse(version.pdf.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{slug}-{version.number}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
