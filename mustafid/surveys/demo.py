"""Demo: a quarterly satisfaction questionnaire, a campaign sent to the demo files, a few answers. Idempotent."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from mustafid.accounts.models import User

from . import services
from .models import Campaign, Question, Questionnaire

TITLE = "استبانة قياس رضا المستفيدين"
CAMPAIGN = "قياس الرضا للربع الحالي"

QUESTIONS = [
    (Question.Kind.RATING, "ما مدى رضاك عن الخدمة التي تلقيتها؟", "How satisfied are you with the service?", []),
    (
        Question.Kind.SINGLE,
        "هل تلقيت الرد على طلبك في الموعد؟",
        "Did you receive the answer on time?",
        [("نعم", "Yes"), ("لا", "No")],
    ),
    (
        Question.Kind.MULTIPLE,
        "ما الذي أعجبك في تعاملنا؟",
        "What did you like?",
        [("سرعة الرد", "Speed"), ("حسن التعامل", "Courtesy"), ("وضوح الإجراءات", "Clear steps")],
    ),
    (Question.Kind.TEXT, "ما اقتراحاتك لتحسين خدماتنا؟", "Your suggestions", []),
]


def load(stdout) -> None:
    manager = User.objects.filter(email="manager@mustafid.test").first()
    if manager is None:
        return
    item = Questionnaire.objects.filter(title=TITLE).first()
    if item is None:
        item = services.create_questionnaire(
            by=manager,
            title=TITLE,
            title_en="Beneficiary satisfaction questionnaire",
            introduction="رأيك يساعدنا على تحسين خدماتنا، ولا يستغرق أكثر من دقيقة.",
        )
        for kind, text, text_en, choices in QUESTIONS:
            services.add_question(
                by=manager,
                questionnaire=item,
                kind=kind,
                text=text,
                text_en=text_en,
                choices=choices,
                required=kind == Question.Kind.RATING,
            )
    campaign = Campaign.objects.filter(title=CAMPAIGN).first()
    if campaign is None:
        campaign = services.create_campaign(by=manager, questionnaire=item, title=CAMPAIGN)
        try:
            services.send_campaign(by=manager, campaign=campaign)
        except ValidationError:  # no demo beneficiary yet: the campaign stays a draft to send later
            stdout.write("Surveys: a draft campaign (no beneficiary to invite yet).")
            return
        rating, single, multiple, _text = item.questions.order_by("order")
        for number, invitation in enumerate(campaign.invitations.order_by("pk")[:3]):
            services.answer_invitation(
                invitation=invitation,
                answers={rating.pk: 5 - number, single.pk: number % 2, multiple.pk: [0, 1][: number + 1]},
            )
    stdout.write(f"Surveys: «{TITLE}» and the campaign «{CAMPAIGN}», with a few answers.")
