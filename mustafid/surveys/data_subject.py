"""The person's questionnaires, for their data-subject copy (RL-2, SM-1, SM-2, SM-4).

What they were asked and what they answered, in a campaign, a field survey
or an interview; and the invitations they were sent (never the link itself:
only its hash is kept, and a hash tells the person nothing).
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from mustafid.beneficiaries.data_subject import DataSubjectSection, Record, display, register_section
from mustafid.beneficiaries.models import Beneficiary

from .models import Answer, Invitation, Question, Response


def _answer_text(answer: Answer) -> str | int:
    question = answer.question
    if question.kind == Question.Kind.RATING:
        return answer.rating or ""
    if question.has_choices:
        labels = question.choice_labels()
        return "، ".join(labels[i] for i in answer.chosen if i < len(labels))
    return answer.text


def questionnaires(beneficiary: Beneficiary) -> list[Record]:
    """Three queries however many answers: the responses, their answers with questions, the invitations."""
    responses = (
        Response.objects.filter(beneficiary=beneficiary)
        .select_related("questionnaire")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("question")))
        .order_by("submitted_at", "pk")
    )
    rows: list[Record] = [
        {
            "questionnaire": str(response.questionnaire.title),
            "kind": display(response, "kind"),
            "submitted_at": response.submitted_at,
            "summary": response.summary,
            "notes": response.notes,
            "answers": [{"question": a.question.text, "answer": _answer_text(a)} for a in response.answers.all()],
        }
        for response in responses
    ]
    invitations = Invitation.objects.filter(beneficiary=beneficiary).select_related("campaign").order_by("sent_at")
    rows += [
        {"invitation": i.campaign.title, "sent_at": i.sent_at, "answered_at": i.answered_at or ""} for i in invitations
    ]
    return rows


register_section(
    DataSubjectSection(
        key="questionnaires",
        title=_("Satisfaction questionnaires, field surveys and interviews"),
        models=(Response, Answer, Invitation),
        collect=questionnaires,
        order=70,
        labels={
            "questionnaire": _("questionnaire"),
            "kind": _("kind"),
            "submitted_at": _("submitted at"),
            "summary": _("summary"),
            "notes": _("interview notes"),
            "answers": _("answers"),
            "question": _("question"),
            "answer": _("answer"),
            "invitation": _("invitation"),
            "sent_at": _("sent at"),
            "answered_at": _("answered at"),
        },
    )
)
