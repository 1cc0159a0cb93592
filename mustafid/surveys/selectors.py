"""Reads of satisfaction measurement, scoped to the reader (SM-1, SM-2, SM-4, SM-6)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from mustafid.accounts.models import Branch, User
from mustafid.beneficiaries.timeline import FileAction, TimelineEntry
from mustafid.services.models import Service

from .models import Answer, Campaign, Invitation, Question, Questionnaire, Response
from .workflow import CAMPAIGN_FLOW


def questionnaire_list() -> QuerySet[Questionnaire]:
    """The questionnaires, each with its number of questions and of responses (they name no beneficiary)."""
    return Questionnaire.objects.select_related("next_version").annotate(
        n_questions=Count("questions", distinct=True), n_responses=Count("responses", distinct=True)
    )


def current_questionnaires() -> QuerySet[Questionnaire]:
    """The versions one may send or fill: the latest of each questionnaire, with questions."""
    return Questionnaire.objects.filter(next_version__isnull=True, questions__isnull=False).distinct()


def _count(queryset: QuerySet) -> Coalesce:
    return Coalesce(Subquery(queryset.order_by().values("campaign").annotate(n=Count("pk")).values("n")[:1]), 0)


def campaign_list(user: User) -> QuerySet[Campaign]:
    """The campaigns the reader sees, with the invitations and answers of beneficiaries in their scope."""
    mine = Invitation.objects.visible_to(user).filter(campaign=OuterRef("pk"))
    return (
        Campaign.objects.visible_to(user)
        .select_related("questionnaire", "branch")
        .annotate(invited=_count(mine), answered=_count(mine.filter(answered_at__isnull=False)))
    )


@dataclass(frozen=True)
class Rate:
    invited: int
    answered: int

    @property
    def share(self) -> int | None:
        return round(100 * self.answered / self.invited) if self.invited else None


def response_rate(campaign: Campaign, user: User) -> Rate:
    mine = Invitation.objects.visible_to(user).filter(campaign=campaign)
    return Rate(invited=mine.count(), answered=mine.filter(answered_at__isnull=False).count())


def buttons(campaign: Campaign, user: User) -> dict[str, bool]:
    return CAMPAIGN_FLOW.available(user, campaign)


# --- results -------------------------------------------------------------------------


@dataclass
class ChoiceCount:
    label: str
    count: int
    share: int


@dataclass
class GroupFigure:
    label: str
    responses: int
    mean: float | None


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    mean: float | None = None
    #: a rating's five counts, or each choice's count
    counts: list[ChoiceCount] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    @property
    def chart(self) -> dict[str, Any]:
        return {"labels": [c.label for c in self.counts], "values": [c.count for c in self.counts]}


def responses_of(campaign: Campaign, user: User) -> QuerySet[Response]:
    """A campaign's responses from beneficiaries in the reader's scope."""
    return Response.objects.visible_to(user).filter(invitation__campaign=campaign)


def _share(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def question_results(questionnaire: Questionnaire, responses: QuerySet[Response]) -> list[QuestionResult]:
    """Per question: the count of each rating or choice, the mean rating, the free texts (the latest 50).

    One pass over the answers' small columns, whatever the number of questions.
    """
    results = {q.pk: QuestionResult(question=q) for q in questionnaire.questions.all()}
    tallies: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    ratings: dict[int, list[int]] = defaultdict(list)
    answers = Answer.objects.filter(response__in=responses.values("pk"), question__questionnaire=questionnaire)
    for question_id, rating, chosen in answers.values_list("question_id", "rating", "chosen").iterator():
        results[question_id].answered += 1
        if rating is not None:
            ratings[question_id].append(rating)
            tallies[question_id][rating] += 1
        for index in chosen or []:
            tallies[question_id][index] += 1
    for result in results.values():
        q = result.question
        if q.kind == Question.Kind.RATING:
            values = ratings[q.pk]
            result.mean = round(sum(values) / len(values), 2) if values else None
            labels = [(n, str(n)) for n in range(1, 6)]
        elif q.has_choices:
            labels = list(enumerate(q.choice_labels()))
        else:
            texts = answers.filter(question=q).exclude(text="").order_by("-response__submitted_at")
            result.texts = list(texts.values_list("text", flat=True)[:50])
            continue
        result.counts = [
            ChoiceCount(label=label, count=tallies[q.pk][key], share=_share(tallies[q.pk][key], result.answered))
            for key, label in labels
        ]
    return list(results.values())


def breakdown(responses: QuerySet[Response], by: str) -> list[GroupFigure]:
    """Responses and the mean of all their ratings per service, branch or liaison officer (SM-1, SM-6)."""
    column = {"service": "service_id", "branch": "branch_id", "officer": "officer_id"}[by]
    counts: dict[int | None, int] = defaultdict(int)
    for key in responses.values_list(column, flat=True).iterator():
        counts[key] += 1
    sums: dict[int | None, list[int]] = defaultdict(list)
    ratings = Answer.objects.filter(response__in=responses.values("pk"), rating__isnull=False)
    for key, rating in ratings.values_list(f"response__{column}", "rating").iterator():
        sums[key].append(rating)
    names = _names(by, [k for k in counts if k is not None])
    figures = [
        GroupFigure(
            label=names.get(key, "") if key is not None else _("Not known"),
            responses=count,
            mean=round(sum(sums[key]) / len(sums[key]), 2) if sums[key] else None,
        )
        for key, count in counts.items()
    ]
    return sorted(figures, key=lambda f: (-f.responses, f.label))


def _names(by: str, keys: list[int]) -> dict[int, str]:
    if by == "service":
        return {s.pk: str(s) for s in Service.objects.filter(pk__in=keys)}
    if by == "branch":
        return {b.pk: str(b) for b in Branch.objects.filter(pk__in=keys)}
    return {u.pk: u.get_full_name() for u in User.objects.filter(pk__in=keys)}


def group_chart(figures: list[GroupFigure]) -> dict[str, Any]:
    return {"labels": [f.label for f in figures], "values": [f.mean or 0 for f in figures]}


BREAKDOWNS = ("service", "branch", "officer")


def results(campaign: Campaign, user: User) -> dict[str, Any]:
    responses = responses_of(campaign, user)
    groups = {by: breakdown(responses, by) for by in BREAKDOWNS}
    return {
        "questions": question_results(campaign.questionnaire, responses),
        "groups": groups,
        "responses": responses.count(),
    }


# --- the beneficiary's file (SM-2, SM-4) ------------------------------------------------


def timeline_entries(beneficiary: Any, user: Any, limit: int) -> list[TimelineEntry]:
    """The beneficiary's questionnaires on their timeline (one query): campaigns, field surveys, interviews."""
    if not user.has_perm("surveys.view_response"):
        return []
    rows = (
        Response.objects.visible_to(user)
        .filter(beneficiary=beneficiary)
        .select_related("questionnaire", "filled_by")
        .order_by("-submitted_at")[:limit]
    )
    return [
        TimelineEntry(
            at=r.submitted_at,
            kind=str(r.get_kind_display()),
            title=r.questionnaire.shown_title,
            icon="clipboard-check",
            body=r.summary,
            meta=[r.filled_by.get_full_name()] if r.filled_by else [],
        )
        for r in rows
    ]


def file_actions(beneficiary: Any, user: Any) -> list[FileAction]:
    """The "Fill a questionnaire with the beneficiary" link on the file's page (SM-2, SM-4)."""
    if not user.has_perm("surveys.add_response"):
        return []
    return [
        FileAction(
            group=_("Satisfaction measurement"),
            label=_("Fill a questionnaire with the beneficiary"),
            url=reverse("surveys:fill", args=[beneficiary.pk]),
            icon="clipboard-check",
        )
    ]
