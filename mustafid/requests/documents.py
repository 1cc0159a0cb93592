"""Printable Arabic documents of a request: the receipt (HD-3) and the decision letter (HD-6)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone

from mustafid.core import documents, workdays
from mustafid.core.letters import image_data_uri, signature_block
from mustafid.core.pdf import render_pdf

from .answers import answer_rows
from .models import ServiceRequest


def render_receipt(request: ServiceRequest) -> bytes:
    """What was received, the reference, the completion and due dates (Gregorian and Hijri)."""
    version = request.version
    documents = list(request.documents.select_related("required_document"))
    criteria = [(c, request.criteria_answers.get(str(c.pk))) for c in version.criteria.all()]
    answers = answer_rows(request)  # the person's own answers, as they read them (issue 10.2)
    attestation = getattr(request, "attestation", None)
    context = {
        "r": request,
        "documents": documents,
        "criteria": criteria,
        "answers": answers,
        "printed_at": timezone.now(),
        # The beneficiary's own signature, drawn at reception or on the portal (HD-4), and the society's block.
        "beneficiary_signature": image_data_uri(attestation.signature) if attestation else None,
        "signoff": signature_block(),  # not "block": templates use that name for {% block %}
    }
    return render_pdf("pdf/request_receipt.html", context)


def objection_deadline(request: ServiceRequest) -> date:
    """The last day to object to the decision: working days counted from the letter's date."""
    letter_date = request.replied_on or timezone.localdate()
    return workdays.add_working_days(letter_date, settings.MUSTAFID_OBJECTION_WORKING_DAYS)


def decision_letter_context(request: ServiceRequest) -> dict[str, Any]:
    return {
        "r": request,
        "letter_date": request.replied_on or timezone.localdate(),
        "objection_days": settings.MUSTAFID_OBJECTION_WORKING_DAYS,
        "objection_by": objection_deadline(request),
        "signoff": signature_block(),  # not "block": templates use that name for {% block %}
    }


def render_decision_letter(request: ServiceRequest) -> bytes:
    return render_pdf("pdf/decision_letter.html", decision_letter_context(request))


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
