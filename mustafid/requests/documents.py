"""Printable Arabic documents of a request: the receipt (HD-3) and the decision letter (HD-6)."""

from __future__ import annotations

from django.utils import timezone

from mustafid.core import documents
from mustafid.core.pdf import render_pdf

from .answers import answer_rows
from .models import ServiceRequest


def render_receipt(request: ServiceRequest) -> bytes:
    """What was received, the reference, the completion and due dates (Gregorian and Hijri)."""
    version = request.version
    documents = list(request.documents.select_related("required_document"))
    criteria = [(c, request.criteria_answers.get(str(c.pk))) for c in version.criteria.all()]
    answers = answer_rows(request)  # the person's own answers, as they read them (issue 10.2)
    return render_pdf(
        "pdf/request_receipt.html",
        {"r": request, "documents": documents, "criteria": criteria, "answers": answers, "printed_at": timezone.now()},
    )


def render_decision_letter(request: ServiceRequest) -> bytes:
    return render_pdf("pdf/decision_letter.html", {"r": request})


def register_documents() -> None:
    """The receipt (HD-3) and the decision letter (HD-6), drawn after their change commits."""
    documents.register(
        documents.DocumentKind(
            key="requests.receipt",
            model="requests.ServiceRequest",
            field="receipt",
            render=render_receipt,
            filename=lambda r: f"{r.reference}-receipt.pdf",
        )
    )
    documents.register(
        documents.DocumentKind(
            key="requests.decision_letter",
            model="requests.ServiceRequest",
            field="decision_letter",
            render=render_decision_letter,
            filename=lambda r: f"{r.letter_reference}.pdf",
        )
    )
