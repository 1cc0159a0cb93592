"""Staff build questionnaires; an answered questionnaire is never rewritten (SM-1)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import UserFactory
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory
from mustafid.surveys import services
from mustafid.surveys.models import Question, Questionnaire, Response

from .factories import answers_for, manager, questionnaire

pytestmark = pytest.mark.django_db


def _answered(item):
    """Give the questionnaire one response (a field survey), as an answered one has."""
    import uuid

    worker = UserFactory(role=Role.CASE_WORKER, scope_all=True)
    response, _created = services.fill_with_beneficiary(
        by=worker,
        beneficiary=BeneficiaryFactory(),
        questionnaire=item,
        kind=Response.Kind.FIELD_SURVEY,
        answers=answers_for(item),
        client_uuid=uuid.uuid4(),
    )
    return response


def test_sm1_a_questionnaire_holds_the_four_kinds_of_question_in_order_in_arabic_and_english():
    item = questionnaire()
    kinds = list(item.questions.order_by("order").values_list("kind", flat=True))
    assert kinds == ["rating", "single", "multiple", "text"]
    single = item.questions.get(kind="single")
    assert single.choices == [["نعم", "Yes"], ["لا", "No"]]
    from django.utils import translation

    with translation.override("en"):
        assert single.choice_labels() == ["Yes", "No"]
        assert item.questions.get(kind="rating").shown_text == "How satisfied?"
        assert item.questions.get(kind="text").shown_text == "ملاحظات أخرى"  # no English: the Arabic


def test_sm1_a_choice_question_needs_two_choices():
    item = questionnaire()
    with pytest.raises(ValidationError) as error:
        services.add_question(by=manager(), questionnaire=item, kind="single", text="سؤال", choices=[("نعم", "")])
    assert "choices" in error.value.error_dict


def test_sm1_only_builders_build():
    with pytest.raises(PermissionDenied):
        services.create_questionnaire(by=UserFactory(role=Role.CASE_WORKER), title="استبانة")


def test_sm1_questions_move_up_and_down_and_are_removed():
    by = manager()
    item = questionnaire(by=by)
    first, second, third, fourth = item.questions.order_by("order")
    services.move_question(by=by, question=second, up=True)
    assert list(item.questions.order_by("order")) == [second, first, third, fourth]
    services.move_question(by=by, question=second, up=True)  # at the top: it stays
    assert item.questions.order_by("order").first() == second
    services.remove_question(by=by, question=third)
    assert list(item.questions.order_by("order")) == [second, first, fourth]


def test_sm1_an_answered_questionnaire_is_frozen_and_editing_makes_a_new_version():
    by = manager()
    item = questionnaire(by=by)
    response = _answered(item)
    question = item.questions.get(kind="rating")
    with pytest.raises(ValidationError):
        services.change_question(by=by, question=question, kind="rating", text="سؤال آخر")
    with pytest.raises(ValidationError):
        services.add_question(by=by, questionnaire=item, kind="text", text="سؤال جديد")
    with pytest.raises(ValidationError):
        services.remove_question(by=by, question=question)

    copy = services.new_version(by=by, questionnaire=item)
    assert (copy.version, copy.previous) == (2, item)
    assert list(copy.questions.values_list("text", flat=True)) == list(item.questions.values_list("text", flat=True))
    services.change_question(by=by, question=copy.questions.get(kind="rating"), kind="rating", text="سؤال معدل")
    # The old version keeps its questions and its answers.
    question.refresh_from_db()
    assert question.text == "ما مدى رضاك عن الخدمة؟"
    assert response.answers.count() == 4
    assert response.questionnaire == item
    item.refresh_from_db()
    assert not item.is_current
    with pytest.raises(ValidationError):  # one line of versions: the old one is not copied again
        services.new_version(by=by, questionnaire=item)


def test_sm1_the_builder_pages_add_change_and_preview(client):
    by = manager()
    client.force_login(by)
    response = client.post(reverse("surveys:questionnaire_new"), {"title": "استبانة الخدمات"})
    item = Questionnaire.objects.get()
    assert response.url == reverse("surveys:questionnaire", args=[item.pk])
    client.post(
        reverse("surveys:question_add", args=[item.pk]),
        {"kind": "single", "text": "هل أنت راض؟", "choices": "نعم | Yes\nلا | No", "required": "on"},
    )
    question = Question.objects.get()
    assert question.choices == [["نعم", "Yes"], ["لا", "No"]]
    bad = client.post(reverse("surveys:question_add", args=[item.pk]), {"kind": "single", "text": "سؤال"})
    assert bad.status_code == 200
    assert "أعط خيارين على الأقل" in bad.content.decode()
    client.post(reverse("surveys:question_edit", args=[question.pk]), {"kind": "rating", "text": "قيّم الخدمة"})
    question.refresh_from_db()
    assert (question.kind, question.choices) == ("rating", [])
    page = client.get(reverse("surveys:preview", args=[item.pk])).content.decode()
    assert "قيّم الخدمة" in page
    assert page.count('type="radio"') == 5
