"""The XLSX export of a campaign's results (SM-1): one row per response, no beneficiary named."""

from __future__ import annotations

from io import BytesIO

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from mustafid.accounts.models import User

from . import selectors
from .models import Answer, Campaign, Question

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(question: Question, answer: Answer | None) -> str | int:
    if answer is None:
        return ""
    if question.kind == Question.Kind.RATING:
        return answer.rating or ""
    if question.has_choices:
        labels = question.choice_labels()
        return "، ".join(labels[i] for i in answer.chosen if i < len(labels))
    return answer.text


def campaign_xlsx(campaign: Campaign, user: User) -> HttpResponse:
    """The answers of the beneficiaries in the reader's scope, by branch, service and officer.

    It names no beneficiary (so it needs no access-log line): the results are
    about the service, not the person. Written row by row from an iterator.
    """
    questions = list(campaign.questionnaire.questions.all())
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Answers")[:31])
    sheet.sheet_view.rightToLeft = True
    sheet.append([_("Answered on"), _("Branch"), _("Service"), _("Liaison officer"), *(q.text for q in questions)])
    summary = book.create_sheet(_("Results")[:31])
    summary.sheet_view.rightToLeft = True
    responses = (
        selectors.responses_of(campaign, user)
        .select_related("branch", "service", "officer")
        .prefetch_related("answers")
        .order_by("submitted_at", "pk")
    )
    for response in responses.iterator(chunk_size=500):
        by_question = {a.question_id: a for a in response.answers.all()}
        sheet.append(
            [
                response.submitted_at.date().isoformat(),
                str(response.branch),
                str(response.service or ""),
                response.officer.get_full_name() if response.officer else "",
                *(_cell(q, by_question.get(q.pk)) for q in questions),
            ]
        )
    summary.append([_("Question"), _("Answers"), _("Mean rating"), pgettext("survey", "Choice"), _("Count")])
    for result in selectors.question_results(campaign.questionnaire, selectors.responses_of(campaign, user)):
        summary.append([result.question.text, result.answered, result.mean if result.mean is not None else ""])
        for count in result.counts:
            summary.append(["", "", "", count.label, count.count])
    out = BytesIO()
    book.save(out)
    reply = HttpResponse(out.getvalue(), content_type=XLSX)
    reply["Content-Disposition"] = f'attachment; filename="campaign-{campaign.pk}.xlsx"'
    return reply
