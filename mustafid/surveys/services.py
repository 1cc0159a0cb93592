"""Writes of satisfaction measurement (SM-1, SM-2, SM-4): building, sending, answering, reminding."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from mustafid.accounts.models import User
from mustafid.beneficiaries.messages import tell
from mustafid.beneficiaries.models import Beneficiary
from mustafid.core.crypto import blind_index
from mustafid.liaison.selectors import officer_for
from mustafid.requests.models import ServiceRequest

from .models import Answer, Campaign, CampaignStatus, Invitation, Question, Questionnaire, Response
from .workflow import CAMPAIGN_FLOW, MANAGE

FILL = "surveys.add_response"
#: invitations written per round trip: a segment of many thousands stays bounded in memory.
BATCH = 500
#: a segment larger than this is invited by the task worker, not in the sender's request.
SYNC_LIMIT = 2000
#: SM-1 reminders: a few rounds per campaign, at most one a day.
MAX_REMINDERS = 3


def _require(by: User, permission: str) -> None:
    if not by.has_perm(permission):
        raise PermissionDenied


# --- questionnaires --------------------------------------------------------------


@transaction.atomic
def create_questionnaire(
    *, by: User, title: str, title_en: str = "", introduction: str = "", introduction_en: str = ""
) -> Questionnaire:
    """A new questionnaire, version 1, without questions yet."""
    _require(by, MANAGE)
    return Questionnaire.objects.create(
        title=title.strip(),
        title_en=title_en.strip(),
        introduction=introduction.strip(),
        introduction_en=introduction_en.strip(),
        created_by=by,
    )


def _editable(questionnaire: Questionnaire) -> Questionnaire:
    """Lock ``questionnaire`` for a change of its questions; refused once it has answers or a newer version."""
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if questionnaire.has_responses():
        raise ValidationError(
            _("This questionnaire has answers: its questions can no longer change. Make a new version to edit it."),
            code="answered",
        )
    if not questionnaire.is_current:
        raise ValidationError(_("A newer version of this questionnaire exists: edit that one."), code="old")
    return questionnaire


def _clean_choices(kind: str, choices: Iterable[tuple[str, str]]) -> list[list[str]]:
    cleaned = [[ar.strip(), en.strip()] for ar, en in choices if ar.strip()]
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        if len(cleaned) < 2:
            raise ValidationError({"choices": _("Give at least two choices, one a line.")})
        return cleaned
    return []


@transaction.atomic
def add_question(
    *,
    by: User,
    questionnaire: Questionnaire,
    kind: str,
    text: str,
    text_en: str = "",
    choices: Iterable[tuple[str, str]] = (),
    required: bool = True,
) -> Question:
    """A question at the end of the questionnaire."""
    _require(by, MANAGE)
    questionnaire = _editable(questionnaire)
    last = questionnaire.questions.aggregate(n=Max("order"))["n"] or 0
    return Question.objects.create(
        questionnaire=questionnaire,
        order=last + 1,
        kind=kind,
        text=text.strip(),
        text_en=text_en.strip(),
        choices=_clean_choices(kind, choices),
        required=required,
    )


@transaction.atomic
def change_question(
    *,
    by: User,
    question: Question,
    kind: str,
    text: str,
    text_en: str = "",
    choices: Iterable[tuple[str, str]] = (),
    required: bool = True,
) -> Question:
    _require(by, MANAGE)
    _editable(question.questionnaire)
    question.kind = kind
    question.text = text.strip()
    question.text_en = text_en.strip()
    question.choices = _clean_choices(kind, choices)
    question.required = required
    question.save()
    return question


@transaction.atomic
def remove_question(*, by: User, question: Question) -> None:
    _require(by, MANAGE)
    _editable(question.questionnaire)
    question.delete()


@transaction.atomic
def move_question(*, by: User, question: Question, up: bool) -> None:
    """Swap the question with its neighbour above (``up``) or below; at either end it stays."""
    _require(by, MANAGE)
    questionnaire = _editable(question.questionnaire)
    ordered = list(questionnaire.questions.order_by("order", "pk"))
    at = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
    other = at - 1 if up else at + 1
    if not 0 <= other < len(ordered):
        return
    ordered[at], ordered[other] = ordered[other], ordered[at]
    for number, item in enumerate(ordered, start=1):
        item.order = number
    Question.objects.bulk_update(ordered, ["order"])


@transaction.atomic
def new_version(*, by: User, questionnaire: Questionnaire) -> Questionnaire:
    """A copy of an answered questionnaire, version + 1, to edit; the old one keeps its answers and campaigns."""
    _require(by, MANAGE)
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if not questionnaire.is_current:
        raise ValidationError(_("A newer version of this questionnaire exists: edit that one."), code="old")
    copy = Questionnaire.objects.create(
        title=questionnaire.title,
        title_en=questionnaire.title_en,
        introduction=questionnaire.introduction,
        introduction_en=questionnaire.introduction_en,
        version=questionnaire.version + 1,
        previous=questionnaire,
        created_by=by,
    )
    Question.objects.bulk_create(
        Question(
            questionnaire=copy,
            order=q.order,
            kind=q.kind,
            text=q.text,
            text_en=q.text_en,
            choices=q.choices,
            required=q.required,
        )
        for q in questionnaire.questions.all()
    )
    return copy


# --- campaigns -------------------------------------------------------------------


@transaction.atomic
def create_campaign(*, by: User, questionnaire: Questionnaire, title: str, **segment: Any) -> Campaign:
    """A draft campaign: the questionnaire and the segment it goes to (branch, category, domain, service, period)."""
    _require(by, MANAGE)
    if not questionnaire.questions.exists():
        raise ValidationError({"questionnaire": _("This questionnaire has no question yet.")})
    if not questionnaire.is_current:
        raise ValidationError({"questionnaire": _("A newer version of this questionnaire exists: send that one.")})
    branch = segment.get("branch")
    if branch is not None and not by.has_global_scope and branch.pk not in by.scope_ids("branch"):
        raise PermissionDenied
    start, end = segment.get("served_from"), segment.get("served_to")
    if start and end and start > end:
        raise ValidationError({"served_to": _("The end of the period comes before its start.")})
    return Campaign.objects.create(questionnaire=questionnaire, title=title.strip(), created_by=by, **segment)


def segment(campaign: Campaign, by: User) -> QuerySet[Beneficiary]:
    """The beneficiaries a campaign goes to: its criteria, within the sender's scope (SM-1).

    "Served or closed in a period": a service request of theirs was received
    complete, answered or withdrawn within the period (of the campaign's
    service, when it names one).
    """
    people = Beneficiary.objects.visible_to(by)
    if campaign.branch_id:
        people = people.filter(branch_id=campaign.branch_id)
    if campaign.category_id:
        people = people.filter(category_id=campaign.category_id)
    if campaign.domain_id:
        people = people.filter(domains=campaign.domain_id)
    if campaign.service_id or campaign.served_from or campaign.served_to:
        requests = ServiceRequest.objects.all()
        if campaign.service_id:
            requests = requests.filter(version__service_id=campaign.service_id)
        if campaign.served_from or campaign.served_to:
            requests = requests.filter(_served_between(campaign.served_from, campaign.served_to))
        people = people.filter(pk__in=requests.values("beneficiary_id"))
    return people


def _served_between(start: date | None, end: date | None):
    from django.db.models import Q

    condition = Q()
    for field in ("completed_on", "replied_on", "withdrawn_on"):
        bounds = {}
        if start:
            bounds[f"{field}__gte"] = start
        if end:
            bounds[f"{field}__lte"] = end
        condition |= Q(**bounds)
    return condition


def _token_hash(token: str) -> str:
    return blind_index(token, "survey_invitation")


def _link(token: str) -> str:
    return settings.MUSTAFID_SITE_URL.rstrip("/") + reverse("survey_portal:answer", args=[token])


def _tell_invitation(invitation: Invitation, token: str, *, beneficiary: Beneficiary, event: str) -> None:
    campaign = invitation.campaign
    with override("ar"):
        subject = _("Your opinion matters to us")
        if event == "sent":
            body = _("We would like your opinion of our services. Please answer «%(title)s» here: %(link)s")
        else:
            body = _("A reminder: we are still waiting for your opinion. Please answer «%(title)s» here: %(link)s")
        body = body % {"title": campaign.questionnaire.title, "link": _link(token)}
    # A "secret:" key: the link is the beneficiary's alone, the outbox never shows it to staff.
    tell(beneficiary, about=invitation, dedupe_key=f"secret:survey:{invitation.pk}:{event}", subject=subject, body=body)


T = TypeVar("T")


def _chunks(rows: Iterator[T]) -> Iterator[list[T]]:
    batch: list[T] = []
    for person in rows:
        batch.append(person)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _uninvited(campaign: Campaign, by: User) -> QuerySet[Beneficiary]:
    return segment(campaign, by).exclude(survey_invitations__campaign=campaign)


def _invite(campaign: Campaign, batch: list[Beneficiary]) -> int:
    """One batch: its invitations in one insert, and each one's message in the outbox."""
    now = timezone.now()
    tokens = {person.pk: secrets.token_urlsafe(24) for person in batch}
    invitations = Invitation.objects.bulk_create(
        Invitation(campaign=campaign, beneficiary=person, token_hash=_token_hash(tokens[person.pk]), sent_at=now)
        for person in batch
    )
    if invitations and invitations[0].pk is None:  # a backend that does not return ids
        by_person = dict(
            Invitation.objects.filter(campaign=campaign, beneficiary__in=batch).values_list("beneficiary_id", "pk")
        )
        for invitation in invitations:
            invitation.pk = by_person[invitation.beneficiary_id]
    people_by_pk = {person.pk: person for person in batch}
    for invitation in invitations:
        invitation.campaign = campaign
        person = people_by_pk[invitation.beneficiary_id]
        _tell_invitation(invitation, tokens[person.pk], beneficiary=person, event="sent")
    return len(invitations)


def _people(campaign: Campaign, by: User) -> QuerySet[Beneficiary]:
    # The message's scope without a query per person.
    return _uninvited(campaign, by).select_related("branch", "category").prefetch_related("domains").order_by("pk")


@transaction.atomic
def send_campaign(*, by: User, campaign: Campaign) -> int:
    """Invite each beneficiary of the segment, once, through their agreed channel (SM-1); returns how many.

    A segment of up to ``SYNC_LIMIT`` is invited here, in this transaction,
    in batches (bulk inserts, the segment read by an iterator); a larger one
    by the task worker after commit, a batch per transaction, so that no
    request or transaction holds a whole city's invitations.
    """
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    CAMPAIGN_FLOW.start("send", campaign, by=by)
    planned = _uninvited(campaign, by).count()
    if planned == 0:
        raise ValidationError(_("No beneficiary in your scope matches this campaign's segment."), code="empty")
    CAMPAIGN_FLOW.move("send", campaign, by=by, note=str(planned))
    campaign.sent_at = timezone.now()
    campaign.sent_by = by
    campaign.save(update_fields=["status", "sent_at", "sent_by", "updated_at"])
    if planned <= SYNC_LIMIT:
        for batch in _chunks(_people(campaign, by).iterator(chunk_size=BATCH)):
            _invite(campaign, batch)
    else:
        from .tasks import invite_segment

        transaction.on_commit(lambda: invite_segment.enqueue(campaign.pk))
    return planned


def invite_remaining(*, campaign: Campaign) -> int:
    """The task's work: invite the segment's beneficiaries not invited yet, a batch per transaction.

    Safe to run again after a stop: who is invited is never invited twice
    (and the database refuses it). Stops when the campaign is closed.
    """
    invited = 0
    while True:
        with transaction.atomic():
            current = Campaign.objects.select_for_update(of=("self",)).select_related("sent_by").get(pk=campaign.pk)
            if current.status != CampaignStatus.SENT or current.sent_by is None:
                return invited
            batch = list(_people(current, current.sent_by)[:BATCH])
            if not batch:
                return invited
            invited += _invite(current, batch)


@transaction.atomic
def remind(*, by: User, campaign: Campaign, today: date | None = None) -> int:
    """Remind those who have not answered, once per round (SM-1); returns the reminded.

    Only the link's hash is kept, so a reminder carries a fresh link and the
    earlier one stops opening; a round a day at most, ``MAX_REMINDERS`` in all.
    """
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    CAMPAIGN_FLOW.start("remind", campaign, by=by)
    today = today or timezone.localdate()
    if campaign.last_reminded_on == today:
        raise ValidationError(_("A reminder was sent today already: send the next one another day."), code="today")
    if campaign.reminder_rounds >= MAX_REMINDERS:
        raise ValidationError(_("This campaign has had its %(n)s reminders.") % {"n": MAX_REMINDERS}, code="enough")
    round_ = campaign.reminder_rounds + 1
    waiting = (
        Invitation.objects.visible_to(by)
        .filter(campaign=campaign, answered_at__isnull=True, reminded_round__lt=round_)
        .select_related("beneficiary__branch", "beneficiary__category")
        .prefetch_related("beneficiary__domains")
        .order_by("pk")
    )
    reminded = 0
    for batch in _chunks(waiting.iterator(chunk_size=BATCH)):
        tokens = {}
        for invitation in batch:
            token = secrets.token_urlsafe(24)
            tokens[invitation.pk] = token
            invitation.token_hash = _token_hash(token)
            invitation.reminded_round = round_
        Invitation.objects.bulk_update(batch, ["token_hash", "reminded_round"])
        for invitation in batch:
            invitation.campaign = campaign
            _tell_invitation(
                invitation, tokens[invitation.pk], beneficiary=invitation.beneficiary, event=f"reminder-{round_}"
            )
        reminded += len(batch)
    CAMPAIGN_FLOW.move("remind", campaign, by=by, note=str(reminded))
    campaign.reminder_rounds = round_
    campaign.last_reminded_on = today
    campaign.save(update_fields=["reminder_rounds", "last_reminded_on", "updated_at"])
    return reminded


@transaction.atomic
def close_campaign(*, by: User, campaign: Campaign) -> Campaign:
    """No answer is taken after closing: the links say the questionnaire is closed."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    CAMPAIGN_FLOW.start("close", campaign, by=by)
    CAMPAIGN_FLOW.move("close", campaign, by=by)
    campaign.closed_at = timezone.now()
    campaign.save(update_fields=["status", "closed_at", "updated_at"])
    return campaign


# --- answers ---------------------------------------------------------------------


def find_invitation(token: str) -> Invitation | None:
    """The invitation a one-time link opens; None for a wrong or replaced link."""
    if not token:
        return None
    return (
        Invitation.objects.select_related("campaign__questionnaire", "beneficiary")
        .filter(token_hash=_token_hash(token))
        .first()
    )


def _context_of(beneficiary: Beneficiary, campaign: Campaign | None) -> dict[str, Any]:
    """What the results break down by, as it is at the time of the answer (SM-1, SM-6)."""
    service_id = campaign.service_id if campaign is not None else None
    if service_id is None:
        latest = (
            ServiceRequest.objects.filter(beneficiary=beneficiary)
            .exclude(status="draft")
            .order_by("-completed_on", "-pk")
            .values_list("version__service_id", flat=True)
            .first()
        )
        service_id = latest
    domain = beneficiary.domains.order_by("name").first()
    officer = officer_for(category=beneficiary.category, domain=domain)
    return {"branch_id": beneficiary.branch_id, "service_id": service_id, "officer": officer}


def _answers_of(questionnaire: Questionnaire, answers: Mapping[int, Any]) -> list[Answer]:
    """The answers by question pk (as the form cleaned them), checked against each question."""
    rows, errors = [], {}
    for question in questionnaire.questions.all():
        value: Any = answers.get(question.pk)
        empty = value in (None, "", [], ())
        if empty:
            if question.required:
                errors[f"q{question.pk}"] = _("Please answer this question.")
            continue
        answer = Answer(question=question)
        if question.kind == Question.Kind.RATING:
            answer.rating = int(value)
            if not 1 <= answer.rating <= 5:
                errors[f"q{question.pk}"] = _("Choose a rating from 1 to 5.")
        elif question.kind == Question.Kind.SINGLE:
            answer.chosen = [int(value)]
        elif question.kind == Question.Kind.MULTIPLE:
            answer.chosen = sorted({int(v) for v in value})
        else:
            answer.text = str(value).strip()
        if answer.chosen and not all(0 <= i < len(question.choices) for i in answer.chosen):
            errors[f"q{question.pk}"] = _("Choose among the choices given.")
        rows.append(answer)
    if errors:
        raise ValidationError(errors)
    return rows


def _save(response: Response, answers: list[Answer]) -> Response:
    response.save()
    for answer in answers:
        answer.response = response
    Answer.objects.bulk_create(answers)
    return response


ALREADY_ANSWERED = "already"


@transaction.atomic
def answer_invitation(*, invitation: Invitation, answers: Mapping[int, Any]) -> Response:
    """The beneficiary's one response to their invitation (SM-1).

    The invitation row is locked, and the database holds one response per
    invitation: a second tab or a double click gets the refusal, never a
    second response.
    """
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("campaign__questionnaire", "beneficiary")
        .get(pk=invitation.pk)
    )
    campaign = invitation.campaign
    if invitation.answered_at is not None:
        raise ValidationError(_("You have already answered this questionnaire. Thank you."), code=ALREADY_ANSWERED)
    if not CAMPAIGN_FLOW.allows("answer", campaign.status):
        raise ValidationError(_("This questionnaire is closed: answers are no longer taken."), code="closed")
    rows = _answers_of(campaign.questionnaire, answers)
    now = timezone.now()
    response = Response(
        questionnaire=campaign.questionnaire,
        kind=Response.Kind.CAMPAIGN,
        invitation=invitation,
        beneficiary=invitation.beneficiary,
        submitted_at=now,
        **_context_of(invitation.beneficiary, campaign),
    )
    try:
        with transaction.atomic():
            _save(response, rows)
    except IntegrityError as exc:
        raise ValidationError(
            _("You have already answered this questionnaire. Thank you."), code=ALREADY_ANSWERED
        ) from exc
    invitation.answered_at = now
    invitation.save(update_fields=["answered_at"])
    return response


@transaction.atomic
def fill_with_beneficiary(
    *,
    by: User,
    beneficiary: Beneficiary,
    questionnaire: Questionnaire,
    kind: str,
    answers: Mapping[int, Any],
    client_uuid: uuid.UUID,
    notes: str = "",
    summary: str = "",
) -> tuple[Response, bool]:
    """A field survey or structured interview a staff member fills with the beneficiary (SM-2, SM-4).

    The form's UUID makes a retry harmless: the same UUID returns the
    response already kept (``created`` False), never a second one.
    """
    from mustafid.core.permissions import require

    _require(by, FILL)
    require(by, "view", beneficiary)
    if kind not in (Response.Kind.FIELD_SURVEY, Response.Kind.INTERVIEW):
        raise ValidationError({"kind": _("Choose a field survey or an interview.")})
    existing = Response.objects.filter(client_uuid=client_uuid).first()
    if existing is not None:
        if existing.beneficiary_id != beneficiary.pk or existing.filled_by_id != by.pk:
            raise PermissionDenied
        return existing, False
    if not questionnaire.is_current or not questionnaire.questions.exists():
        raise ValidationError(_("This questionnaire cannot be filled: choose its current version."))
    if kind == Response.Kind.INTERVIEW and not summary.strip():
        raise ValidationError({"summary": _("Write the interview's summary.")})
    rows = _answers_of(questionnaire, answers)
    response = Response(
        questionnaire=questionnaire,
        kind=kind,
        beneficiary=beneficiary,
        filled_by=by,
        client_uuid=client_uuid,
        notes=notes.strip(),
        summary=summary.strip(),
        submitted_at=timezone.now(),
        **_context_of(beneficiary, None),
    )
    try:
        with transaction.atomic():
            _save(response, rows)
    except IntegrityError:  # the same form sent twice at once: the first one stands
        return Response.objects.get(client_uuid=client_uuid), False
    return response, True
