"""The person's service requests, from intake to the decision letter, for their data-subject copy (RL-2)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from mustafid.beneficiaries.data_subject import (
    DataSubjectSection,
    Record,
    display,
    field_labels,
    register_section,
    verbose_name,
    verbose_name_plural,
)
from mustafid.beneficiaries.models import Beneficiary
from mustafid.committees.models import AgendaItem, ConflictDeclaration, Meeting, Vote
from mustafid.core.models import WorkflowEvent
from mustafid.services.models import FormField

from .answers import display_answer
from .forms import stored_date
from .models import Attestation, Decision, Pause, RequestDocument, ServiceRequest, Status, StudyNote
from .workflow import REQUEST_FLOW


def _answers(request: ServiceRequest, former_labels: dict[tuple[int, str], str]) -> list[Record]:
    """Each answer as the person reads it (issue 10.2): ``9,000`` not ``9E+3``, a date kept a date.

    Dates stay typed, so the PDF shows them Gregorian and Hijri and the JSON
    copy as ISO; other answers are the text the request page shows.
    """
    answers = dict(request.answers or {})
    rows = []
    for spec in request.version.fields.all():
        value: Any = answers.pop(spec.key, None)
        if spec.kind == FormField.Kind.FILE:
            continue  # a file answer is one of the request's documents
        rows.append({"question": spec.label, "answer": _answer(spec, value)})
    # Answers to fields the form no longer has are still held: they are listed too,
    # under the label another version of the service gave the field (never its code).
    for key, value in answers.items():
        label = former_labels.get((request.version.service_id, key), str(_("a field no longer on the form")))
        rows.append({"question": label, "answer": _answer(None, value)})
    return rows


def _answer(spec: FormField | None, value: Any) -> Any:
    if value is None or value == "":
        return None
    if spec is not None and spec.kind == FormField.Kind.DATE:
        return stored_date(value)
    if isinstance(value, bool):
        return value  # the copy writes yes or no in its language
    return display_answer(spec, value)


def _former_labels(requests: list[ServiceRequest]) -> dict[tuple[int, str], str]:
    """``(service, key) -> label`` over every version of the person's services, in one query."""
    fields = FormField.objects.filter(version__service_id__in={r.version.service_id for r in requests})
    return {
        (service_id, key): label
        for service_id, key, label in fields.order_by("version__number").values_list(
            "version__service_id", "key", "label"
        )
    }


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


def _histories(requests: list[ServiceRequest]) -> dict[int, list[Record]]:
    """Each request's steps (completed, returned, withdrawn...), with the reasons given; one query."""
    events = WorkflowEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(ServiceRequest), object_id__in=[r.pk for r in requests]
    ).order_by("at", "id")
    histories: dict[int, list[Record]] = {}
    for event in events:
        action = REQUEST_FLOW.actions.get(event.action)
        histories.setdefault(event.object_id, []).append(
            {
                "step": str(action.label) if action else str(_("a step")),
                "became": str(dict(Status.choices).get(event.to_state, event.to_state)),
                "at": event.at,
                "reason": event.note,
            }
        )
    return histories


def service_requests(beneficiary: Beneficiary) -> list[Record]:
    requests = list(
        ServiceRequest.objects.filter(beneficiary=beneficiary)
        .select_related("version__service", "attestation")
        .prefetch_related("version__fields", "version__criteria", "documents", "pauses", "study_notes")
        .order_by("created_at", "id")
    )
    histories = _histories(requests)
    former_labels = _former_labels(requests)
    return [
        {
            "reference": r.reference,
            "service": r.version.service.name,
            "received_via": display(r, "received_via"),
            "status": display(r, "status"),
            "created_at": r.created_at,
            "completed_on": r.completed_on,
            "due_on": r.due_on,
            "answers": _answers(r, former_labels),
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
            "withdrawn_on": r.withdrawn_on,
            "withdrawal_reason": r.withdrawal_reason,
            "history": histories.get(r.pk, []),
        }
        for r in requests
    ]


def committee_items(beneficiary: Beneficiary) -> list[Record]:
    """The committee meetings that studied the person's requests (RL-4).

    The person learns which committee studied each request, when, and under
    which minute, and how the votes fell; never who voted how, nor which
    member declared a conflict of interest: those are the members' own records.
    """
    request_type = ContentType.objects.get_for_model(ServiceRequest)
    references = dict(ServiceRequest.objects.filter(beneficiary=beneficiary).values_list("pk", "reference"))
    items = (
        AgendaItem.objects.filter(case_type=request_type, case_id__in=list(references))
        .select_related("meeting__committee")
        .prefetch_related("votes", "declarations")
        .order_by("meeting__held_on", "id")
    )
    rows = []
    for item in items:
        votes = [vote.choice for vote in item.votes.all()]
        rows.append(
            {
                "request": references.get(item.case_id, ""),
                "committee": item.meeting.committee.name,
                "held_on": item.meeting.held_on,
                "location": item.meeting.location,
                "meeting_status": display(item.meeting, "status"),
                "outcome": display(item, "outcome"),
                "minute_reference": item.meeting.minute_reference,
                "votes_approve": votes.count(Decision.APPROVED),
                "votes_partly": votes.count(Decision.PARTLY),
                "votes_reject": votes.count(Decision.REJECTED),
                "conflicts_declared": sum(1 for d in item.declarations.all() if d.has_conflict),
            }
        )
    return rows


# Registered when the app is ready (its AppConfig imports this module).
register_section(
    DataSubjectSection(
        key="requests",
        title=_("Service requests"),
        models=(ServiceRequest, RequestDocument, Attestation, Pause, StudyNote, WorkflowEvent),
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
                "withdrawn_on",
                "withdrawal_reason",
            ),
            "service": _("service"),
            "created_at": _("filed on"),
            "question": _("question"),
            "answer": _("answer"),
            "criterion": _("criterion"),
            "met": _("met"),
            "documents": verbose_name_plural(RequestDocument),
            **field_labels(RequestDocument, "title"),
            "uploaded_at": _("uploaded at"),
            "attestation": verbose_name(Attestation),
            "attestation_text": Attestation._meta.get_field("text").verbose_name,
            **field_labels(Attestation, "signer_name", "method", "signed_at"),
            "pauses": _("times the request waited for you"),
            **field_labels(Pause, "started_on", "ended_on", "reason", "working_days"),
            "study_notes": verbose_name_plural(StudyNote),
            **field_labels(StudyNote, "kind", "visited_on"),
            "notes": StudyNote._meta.get_field("text").verbose_name,
            "written_on": _("written on"),
            "history": _("history of the request"),
            "step": _("step"),
            "became": _("became"),
            "at": _("at"),
            "reason": _("reason"),
        },
    )
)

register_section(
    DataSubjectSection(
        key="committee",
        title=_("Committee study of your requests"),
        models=(AgendaItem, Vote, ConflictDeclaration),
        collect=committee_items,
        order=55,
        labels={
            "request": _("service request"),
            "committee": _("committee"),
            **field_labels(Meeting, "held_on", "location", "minute_reference"),
            "meeting_status": _("meeting status"),
            "outcome": _("outcome"),
            "votes_approve": _("members who voted to approve"),
            "votes_partly": _("members who voted to approve in part"),
            "votes_reject": _("members who voted to reject"),
            "conflicts_declared": _("members who declared a conflict of interest and did not vote"),
        },
    )
)
