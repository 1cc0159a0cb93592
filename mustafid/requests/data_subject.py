"""The person's service requests, from intake to the decision letter, for their data-subject copy (RL-2)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from mustafid.beneficiaries.data_subject import DataSubjectSection, Record, display, field_labels, register_section
from mustafid.beneficiaries.models import Beneficiary
from mustafid.services.models import FormField

from .forms import stored_date
from .models import Attestation, Pause, RequestDocument, ServiceRequest, StudyNote


def _answers(request: ServiceRequest) -> list[Record]:
    answers = dict(request.answers or {})
    rows = []
    for spec in request.version.fields.all():
        value: Any = answers.pop(spec.key, None)
        if spec.kind == FormField.Kind.FILE:
            continue  # a file answer is one of the request's documents
        if spec.kind == FormField.Kind.DATE:
            value = stored_date(value)
        rows.append({"question": spec.label, "answer": value})
    # Answers to fields the form no longer has are still held: they are listed too.
    rows.extend({"question": key, "answer": value} for key, value in answers.items())
    return rows


def _criteria(request: ServiceRequest) -> list[Record]:
    given = request.criteria_answers or {}
    return [{"criterion": c.text, "met": given.get(str(c.pk))} for c in request.version.criteria.all()]


def _attestation(request: ServiceRequest) -> Record | None:
    attestation = getattr(request, "attestation", None)
    if attestation is None:
        return None
    return {
        "attestation_text": attestation.text,
        "signer_name": attestation.signer_name,
        "method": display(attestation, "method"),
        "signed_at": attestation.signed_at,
    }


def service_requests(beneficiary: Beneficiary) -> list[Record]:
    requests = (
        ServiceRequest.objects.filter(beneficiary=beneficiary)
        .select_related("version__service", "attestation")
        .prefetch_related("version__fields", "version__criteria", "documents", "pauses", "study_notes")
        .order_by("created_at", "id")
    )
    return [
        {
            "reference": r.reference,
            "service": r.version.service.name,
            "received_via": display(r, "received_via"),
            "status": display(r, "status"),
            "created_at": r.created_at,
            "completed_on": r.completed_on,
            "due_on": r.due_on,
            "answers": _answers(r),
            "criteria_answers": _criteria(r),
            "documents": [{"title": d.title, "uploaded_at": d.uploaded_at} for d in r.documents.all()],
            "attestation": _attestation(r),
            "pauses": [
                {"started_on": p.started_on, "ended_on": p.ended_on, "reason": p.reason, "working_days": p.working_days}
                for p in r.pauses.all()
            ],
            "paused_working_days": r.paused_working_days,
            "study_notes": [
                {"kind": display(n, "kind"), "notes": n.text, "visited_on": n.visited_on, "written_on": n.created_at}
                for n in r.study_notes.all()
            ],
            "recommendation": display(r, "recommendation"),
            "recommendation_note": r.recommendation_note,
            "decision": display(r, "decision"),
            "decision_reasons": r.decision_reasons,
            "approved_amount": r.approved_amount,
            "decided_on": r.decided_on,
            "letter_reference": r.letter_reference,
            "replied_on": r.replied_on,
            "replied_on_time": r.replied_on_time,
        }
        for r in requests
    ]


# Registered when the app is ready (its AppConfig imports this module).
register_section(
    DataSubjectSection(
        key="requests",
        title=_("Service requests"),
        models=(ServiceRequest, RequestDocument, Attestation, Pause, StudyNote),
        collect=service_requests,
        order=50,
        labels={
            **field_labels(
                ServiceRequest,
                "reference",
                "received_via",
                "status",
                "completed_on",
                "due_on",
                "answers",
                "criteria_answers",
                "paused_working_days",
                "recommendation",
                "recommendation_note",
                "decision",
                "decision_reasons",
                "approved_amount",
                "decided_on",
                "letter_reference",
                "replied_on",
                "replied_on_time",
            ),
            "service": _("service"),
            "created_at": _("filed on"),
            "question": _("question"),
            "answer": _("answer"),
            "criterion": _("criterion"),
            "met": _("met"),
            "documents": RequestDocument._meta.verbose_name_plural,
            **field_labels(RequestDocument, "title"),
            "uploaded_at": _("uploaded at"),
            "attestation": Attestation._meta.verbose_name,
            "attestation_text": Attestation._meta.get_field("text").verbose_name,
            **field_labels(Attestation, "signer_name", "method", "signed_at"),
            "pauses": _("times the request waited for you"),
            **field_labels(Pause, "started_on", "ended_on", "reason", "working_days"),
            "study_notes": StudyNote._meta.verbose_name_plural,
            **field_labels(StudyNote, "kind", "visited_on"),
            "notes": StudyNote._meta.get_field("text").verbose_name,
            "written_on": _("written on"),
        },
    )
)
