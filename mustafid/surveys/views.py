"""Staff pages of satisfaction measurement: the builder, campaigns, results, field surveys (SM-1, SM-2, SM-4)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mustafid.beneficiaries.models import Beneficiary
from mustafid.core.forms import apply_service_error, refusal_text
from mustafid.core.permissions import get_visible_or_404

from . import exports, selectors, services
from .forms import AnswerForm, CampaignForm, FieldSurveyForm, QuestionForm, QuestionnaireForm
from .models import Campaign, Question, Questionnaire
from .workflow import CAMPAIGN_FLOW, MANAGE

VIEW_CAMPAIGN = "surveys.view_campaign"


# --- the builder (SM-1) ------------------------------------------------------------


@login_required
@permission_required(MANAGE, raise_exception=True)
def questionnaires(request):
    return render(request, "surveys/questionnaires.html", {"rows": selectors.questionnaire_list()})


@login_required
@permission_required(MANAGE, raise_exception=True)
def questionnaire_new(request):
    form = QuestionnaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        questionnaire = services.create_questionnaire(by=request.user, **form.cleaned_data)
        messages.success(request, _("The questionnaire was created: add its questions."))
        return redirect("surveys:questionnaire", questionnaire.pk)
    return render(request, "surveys/questionnaire_new.html", {"form": form})


@login_required
@permission_required(MANAGE, raise_exception=True)
def questionnaire(request, pk: int):
    """The builder: the questions in order, each to change, move or remove, and a form to add one."""
    item = get_object_or_404(selectors.questionnaire_list(), pk=pk)
    editable = item.is_current and not item.has_responses()
    return render(
        request,
        "surveys/questionnaire.html",
        {
            "questionnaire": item,
            "questions": item.questions.all(),
            "editable": editable,
            "form": QuestionForm() if editable else None,
        },
    )


def _refused(request, error: ValidationError) -> None:
    messages.error(request, refusal_text(error))


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_POST
def question_add(request, pk: int):
    item = get_object_or_404(Questionnaire, pk=pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.add_question(by=request.user, questionnaire=item, **form.question())
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The question was added."))
            return redirect("surveys:questionnaire", item.pk)
    return render(
        request,
        "surveys/questionnaire.html",
        {"questionnaire": item, "questions": item.questions.all(), "editable": True, "form": form},
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def question_edit(request, pk: int):
    question = get_object_or_404(Question.objects.select_related("questionnaire"), pk=pk)
    form = QuestionForm(request.POST or None, initial=QuestionForm.initial_of(question))
    if request.method == "POST" and form.is_valid():
        try:
            services.change_question(by=request.user, question=question, **form.question())
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The question was changed."))
            return redirect("surveys:questionnaire", question.questionnaire_id)
    return render(request, "surveys/question_edit.html", {"question": question, "form": form})


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_POST
def question_remove(request, pk: int):
    question = get_object_or_404(Question, pk=pk)
    try:
        services.remove_question(by=request.user, question=question)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The question was removed."))
    return redirect("surveys:questionnaire", question.questionnaire_id)


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_POST
def question_move(request, pk: int, direction: str):
    if direction not in ("up", "down"):
        raise Http404
    question = get_object_or_404(Question, pk=pk)
    try:
        services.move_question(by=request.user, question=question, up=direction == "up")
    except ValidationError as error:
        _refused(request, error)
    return redirect("surveys:questionnaire", question.questionnaire_id)


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_POST
def new_version(request, pk: int):
    item = get_object_or_404(Questionnaire, pk=pk)
    try:
        copy = services.new_version(by=request.user, questionnaire=item)
    except ValidationError as error:
        _refused(request, error)
        return redirect("surveys:questionnaire", item.pk)
    messages.success(
        request, _("Version %(n)s was made: edit it; the answers stay with the earlier one.") % {"n": copy.version}
    )
    return redirect("surveys:questionnaire", copy.pk)


@login_required
@permission_required(MANAGE, raise_exception=True)
def preview(request, pk: int):
    """The questionnaire as a beneficiary sees it; nothing is sent from here."""
    item = get_object_or_404(Questionnaire, pk=pk)
    return render(request, "surveys/preview.html", {"questionnaire": item, "form": AnswerForm(questionnaire=item)})


# --- campaigns (SM-1) --------------------------------------------------------------------


@login_required
@permission_required(VIEW_CAMPAIGN, raise_exception=True)
def campaigns(request):
    return render(request, "surveys/campaigns.html", {"rows": selectors.campaign_list(request.user)[:200]})


@login_required
@permission_required(MANAGE, raise_exception=True)
def campaign_new(request):
    form = CampaignForm(request.POST or None, user=request.user, questionnaires=selectors.current_questionnaires())
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.create_campaign(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The campaign was saved as a draft: check it, then send it."))
            return redirect("surveys:campaign", campaign.pk)
    return render(request, "surveys/campaign_new.html", {"form": form})


def _campaign(request, pk: int) -> Campaign:
    return get_visible_or_404(Campaign.objects.select_related("questionnaire", "branch"), request.user, pk=pk)


@login_required
@permission_required(VIEW_CAMPAIGN, raise_exception=True)
def campaign(request, pk: int):
    item = _campaign(request, pk)
    return render(
        request,
        "surveys/campaign.html",
        {
            "campaign": item,
            "rate": selectors.response_rate(item, request.user),
            "buttons": selectors.buttons(item, request.user),
            "actions": CAMPAIGN_FLOW.actions,
            "history": CAMPAIGN_FLOW.history(item),
        },
    )


STEPS: dict[str, Callable[..., Any]] = {
    "send": services.send_campaign,
    "remind": services.remind,
    "close": services.close_campaign,
}


@login_required
@permission_required(VIEW_CAMPAIGN, raise_exception=True)
@require_POST
def campaign_step(request, pk: int, action: str):
    step = STEPS.get(action)
    if step is None:
        raise Http404
    item = _campaign(request, pk)
    try:
        done = step(by=request.user, campaign=item)
    except ValidationError as error:
        _refused(request, error)
    else:
        if action == "send" and done > services.SYNC_LIMIT:
            messages.success(
                request, _("The invitations to %(n)s beneficiaries are being written in the background.") % {"n": done}
            )
        elif action == "send":
            messages.success(request, _("Invitations put in the outbox: %(n)s.") % {"n": done})
        elif action == "remind":
            messages.success(request, _("Reminders put in the outbox: %(n)s.") % {"n": done})
        else:
            messages.success(request, _("The campaign was closed."))
    return redirect("surveys:campaign", item.pk)


@login_required
@permission_required(VIEW_CAMPAIGN, raise_exception=True)
def results(request, pk: int):
    """Per question and per service, branch and liaison officer: charts, with their numbers in tables (SM-1)."""
    item = _campaign(request, pk)
    figures = selectors.results(item, request.user)
    charts = {f"q{r.question.pk}": r.chart for r in figures["questions"] if r.counts}
    charts |= {f"by-{by}": selectors.group_chart(rows) for by, rows in figures["groups"].items()}
    return render(
        request,
        "surveys/results.html",
        {"campaign": item, "figures": figures, "charts": charts, "rate": selectors.response_rate(item, request.user)},
    )


@login_required
@permission_required("surveys.export_response", raise_exception=True)
def export(request, pk: int) -> HttpResponse:
    item = _campaign(request, pk)
    return exports.campaign_xlsx(item, request.user)


# --- field surveys and interviews (SM-2, SM-4) ------------------------------------------


def manifest(request) -> JsonResponse:
    """The installable field-survey app (SM-2): the staff phone opens it like an app."""
    reply = JsonResponse(
        {
            "name": _("Mustafid field survey"),
            "short_name": _("Field survey"),
            "lang": "ar",
            "dir": "rtl",
            "start_url": reverse("beneficiaries:list"),
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#0f6e5b",
            # A drawing, sharp at any size (Chromium asks for 144 pixels at least to install).
            "icons": [
                {
                    "src": static("img/field-survey-icon.svg"),
                    "sizes": "any",
                    "type": "image/svg+xml",
                    "purpose": "any",
                }
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )
    reply["Content-Type"] = "application/manifest+json"
    return reply


def service_worker(request) -> HttpResponse:
    """Served from /surveys/ (not /static/) so that its scope covers the survey pages."""
    # The part of the path all fill pages share: the only pages the worker keeps a copy of.
    fill_prefix = reverse("surveys:fill", args=[1]).removesuffix("1/")
    reply = render(request, "surveys/sw.js", {"fill_prefix": fill_prefix}, content_type="text/javascript")
    reply["Cache-Control"] = "no-cache"
    return reply


@login_required
@permission_required(services.FILL, raise_exception=True)
def fill(request, pk: int):
    """A staff member fills a questionnaire with the beneficiary, on a phone-sized page."""
    beneficiary = get_visible_or_404(Beneficiary.objects.all(), request.user, pk=pk)
    choices = selectors.current_questionnaires()
    chosen = request.POST.get("questionnaire") or request.GET.get("questionnaire")
    item = choices.filter(pk=chosen).first() if chosen and chosen.isdigit() else None
    if item is None:
        return render(request, "surveys/fill_choose.html", {"beneficiary": beneficiary, "choices": choices})
    form = FieldSurveyForm(request.POST or None, questionnaire=item)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _response, created = services.fill_with_beneficiary(
                by=request.user,
                beneficiary=beneficiary,
                questionnaire=item,
                kind=data["kind"],
                answers=form.answers(),
                client_uuid=data["client_uuid"],
                notes=data["notes"],
                summary=data["summary"],
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            if created:
                messages.success(request, _("The answers were kept on the beneficiary's file."))
            else:
                messages.info(request, _("These answers had been kept already: nothing was added twice."))
            back = reverse("beneficiaries:detail", args=[beneficiary.pk])
            if request.headers.get("X-Field-Survey") == "1":
                # Sent by the phone's page (js/field-survey.js): fetch() would follow a
                # redirect and draw the file in the background, using up the message.
                sent = HttpResponse(status=204)
                sent["X-Field-Survey-Next"] = back
                return sent
            return redirect(back)
    return render(request, "surveys/fill.html", {"beneficiary": beneficiary, "questionnaire": item, "form": form})
