"""The portal page a campaign's one-time link opens (SM-1): no account, phone-sized, Arabic first."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from mustafid.core.forms import apply_service_error

from . import services
from .forms import AnswerForm
from .workflow import CAMPAIGN_FLOW


@never_cache
def answer(request, token: str):
    """One response per invitation; a wrong or replaced link is a 404, a second answer is told so.

    No attempt limit: the token is 24 random bytes, which no one guesses.
    """
    invitation = services.find_invitation(token)
    if invitation is None:
        raise Http404
    campaign = invitation.campaign
    context = {"questionnaire": campaign.questionnaire}
    if invitation.answered_at is not None:
        return render(request, "surveys/answer.html", {**context, "already": True})
    if not CAMPAIGN_FLOW.allows("answer", campaign.status):
        return render(request, "surveys/answer.html", {**context, "closed": True})
    form = AnswerForm(request.POST or None, questionnaire=campaign.questionnaire)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_invitation(invitation=invitation, answers=form.answers())
        except ValidationError as error:
            if getattr(error, "code", None) == services.ALREADY_ANSWERED:
                return render(request, "surveys/answer.html", {**context, "already": True})
            apply_service_error(form, error)
        else:
            return render(request, "surveys/answer.html", {**context, "thanks": True})
    return render(request, "surveys/answer.html", {**context, "form": form})
