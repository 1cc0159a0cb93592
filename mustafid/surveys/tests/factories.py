from __future__ import annotations

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import UserFactory
from mustafid.surveys import services
from mustafid.surveys.models import Question, Questionnaire


def manager(**kwargs):
    """Senior management, who build and send questionnaires (SM-1); every branch unless told."""
    if not any(k in kwargs for k in ("branches", "categories", "domains")):
        kwargs.setdefault("scope_all", True)
    return UserFactory(role=Role.SENIOR_MANAGEMENT, **kwargs)


def questionnaire(*, by=None, title: str = "استبانة قياس الرضا") -> Questionnaire:
    """A questionnaire of four questions, one of each kind."""
    by = by or manager()
    item = services.create_questionnaire(by=by, title=title, title_en="Satisfaction questionnaire")
    services.add_question(
        by=by, questionnaire=item, kind=Question.Kind.RATING, text="ما مدى رضاك عن الخدمة؟", text_en="How satisfied?"
    )
    services.add_question(
        by=by,
        questionnaire=item,
        kind=Question.Kind.SINGLE,
        text="هل تلقيت الرد في وقته؟",
        choices=[("نعم", "Yes"), ("لا", "No")],
    )
    services.add_question(
        by=by,
        questionnaire=item,
        kind=Question.Kind.MULTIPLE,
        text="ما الذي أعجبك؟",
        choices=[("سرعة الرد", "Speed"), ("حسن التعامل", "Courtesy"), ("وضوح الإجراءات", "Clarity")],
        required=False,
    )
    services.add_question(by=by, questionnaire=item, kind=Question.Kind.TEXT, text="ملاحظات أخرى", required=False)
    return item


def answers_for(item: Questionnaire, rating: int = 4) -> dict[int, object]:
    rating_q, single, multiple, text = item.questions.order_by("order")
    return {rating_q.pk: rating, single.pk: 0, multiple.pk: [0, 2], text.pk: "شكرا"}
