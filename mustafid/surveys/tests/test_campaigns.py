"""A campaign sends a questionnaire to a segment, one one-time link each; one response per invitation (SM-1)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import BranchFactory, CategoryFactory, UserFactory
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory
from mustafid.core.crypto import blind_index
from mustafid.notifications.models import Notification
from mustafid.requests.models import ServiceRequest
from mustafid.services.tests.factories import published_service
from mustafid.surveys import selectors, services
from mustafid.surveys.models import Campaign, CampaignStatus, Invitation, Response

from .factories import answers_for, manager, questionnaire

pytestmark = pytest.mark.django_db

LINK = re.compile(r"/portal/survey/([^/\s]+)/")


def _sent(by=None, **segment):
    by = by or manager()
    campaign = services.create_campaign(by=by, questionnaire=questionnaire(by=by), title="قياس الرضا", **segment)
    services.send_campaign(by=by, campaign=campaign)
    campaign.refresh_from_db()
    return campaign


def _token_of(invitation: Invitation, event: str = "sent") -> str:
    message = Notification.objects.get(dedupe_key=f"secret:survey:{invitation.pk}:{event}")
    found = LINK.search(message.body)
    assert found is not None, message.body
    return found.group(1)


def test_sm1_a_campaign_invites_its_segment_through_each_ones_channel_with_a_one_time_link():
    branch, other = BranchFactory(), BranchFactory()
    category = CategoryFactory()
    inside = BeneficiaryFactory(branch=branch, category=category, preferred_channel="sms")
    by_email = BeneficiaryFactory(branch=branch, category=category, preferred_channel="email", email="a@example.org")
    BeneficiaryFactory(branch=other, category=category)  # another branch
    BeneficiaryFactory(branch=branch)  # another category
    campaign = _sent(branch=branch, category=category)

    assert campaign.status == CampaignStatus.SENT
    invitations = {i.beneficiary: i for i in Invitation.objects.filter(campaign=campaign)}
    assert set(invitations) == {inside, by_email}
    sms = Notification.objects.get(dedupe_key=f"secret:survey:{invitations[inside].pk}:sent")
    assert sms.channel == "sms"
    email = Notification.objects.get(dedupe_key=f"secret:survey:{invitations[by_email].pk}:sent")
    assert (email.channel, email.address) == ("email", "a@example.org")
    token = _token_of(invitations[inside])
    # Only the keyed hash is kept, and the outbox never shows the link to staff.
    assert invitations[inside].token_hash == blind_index(token, "survey_invitation")
    assert token not in str(Invitation.objects.values_list("token_hash", flat=True))
    assert sms.is_secret
    with pytest.raises(ValidationError):  # sent once
        services.send_campaign(by=manager(), campaign=campaign)


def test_sm1_served_or_closed_in_a_period_of_a_service():
    version = published_service()
    served = BeneficiaryFactory()
    late = BeneficiaryFactory()
    other_service = BeneficiaryFactory()
    BeneficiaryFactory()  # never served
    period = (date(2026, 1, 1), date(2026, 3, 31))
    for person, day, service_version in (
        (served, date(2026, 2, 10), version),
        (late, date(2026, 5, 1), version),
        (other_service, date(2026, 2, 10), published_service()),
    ):
        ServiceRequest.objects.create(
            beneficiary=person, version=service_version, received_via="interview", status="replied", replied_on=day
        )
    campaign = services.create_campaign(
        by=manager(),
        questionnaire=questionnaire(),
        title="بعد الخدمة",
        service=version.service,
        served_from=period[0],
        served_to=period[1],
    )
    assert list(services.segment(campaign, manager())) == [served]


def test_sm1_the_segment_stays_within_the_senders_scope():
    branch = BranchFactory()
    mine = BeneficiaryFactory(branch=branch)
    BeneficiaryFactory()
    sender = manager(branches=[branch], categories=[mine.category], domains=list(mine.domains.all()))
    campaign = _sent(by=sender)
    assert list(campaign.invitations.values_list("beneficiary", flat=True)) == [mine.pk]
    with pytest.raises(PermissionDenied):  # a campaign for a branch outside one's scope
        services.create_campaign(by=sender, questionnaire=questionnaire(), title="س", branch=BranchFactory())


def test_sm1_one_response_per_invitation_and_a_clear_message_on_a_second_try(client):
    person = BeneficiaryFactory()
    campaign = _sent()
    invitation = campaign.invitations.get()
    token = _token_of(invitation)
    item = campaign.questionnaire
    rating, single, multiple, text = item.questions.order_by("order")
    url = reverse("survey_portal:answer", args=[token])
    page = client.get(url).content.decode()
    assert page.count('class="btn-check"') == 5  # the rating: five large radio buttons
    assert not re.search("[\u0660-\u0669]", page)  # Western digits only

    # A required answer missing: the error is in Arabic and what was typed is kept.
    missing = client.post(url, {f"q{text.pk}": "الموظف كان لطيفا", f"q{single.pk}": "0"}).content.decode()
    assert "يرجى الإجابة عن هذا السؤال" in missing
    assert "الموظف كان لطيفا" in missing
    assert not Response.objects.exists()

    done = client.post(url, {f"q{rating.pk}": "5", f"q{single.pk}": "1", f"q{multiple.pk}": ["0", "2"]})
    assert "تم تسجيل إجاباتك" in done.content.decode()
    response = Response.objects.get()
    assert (response.beneficiary, response.invitation, response.kind) == (person, invitation, "campaign")
    assert response.answers.get(question=rating).rating == 5
    assert response.answers.get(question=multiple).chosen == [0, 2]

    again = client.post(url, {f"q{rating.pk}": "1", f"q{single.pk}": "0"}).content.decode()
    assert "سبق أن أجبت عن هذه الاستبانة" in again
    assert Response.objects.count() == 1
    with pytest.raises(ValidationError):  # the service itself, past the page
        services.answer_invitation(invitation=invitation, answers=answers_for(item))
    assert client.get(reverse("survey_portal:answer", args=["wrong-token"])).status_code == 404


def test_sm1_the_database_holds_one_response_per_invitation_whatever_the_code_checks():
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    BeneficiaryFactory()
    campaign = _sent()
    invitation = campaign.invitations.get()
    services.answer_invitation(invitation=invitation, answers=answers_for(campaign.questionnaire))
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(
            questionnaire=campaign.questionnaire,
            invitation=invitation,
            beneficiary=invitation.beneficiary,
            branch=invitation.beneficiary.branch,
            submitted_at=timezone.now(),
        )


def test_sm1_a_closed_campaign_takes_no_answer(client):
    BeneficiaryFactory()
    by = manager()
    campaign = _sent(by=by)
    token = _token_of(campaign.invitations.get())
    services.close_campaign(by=by, campaign=campaign)
    page = client.get(reverse("survey_portal:answer", args=[token])).content.decode()
    assert "هذه الاستبانة مغلقة" in page


def test_sm1_reminders_go_once_a_round_to_those_who_have_not_answered_with_a_fresh_link():
    answered, waiting = BeneficiaryFactory(), BeneficiaryFactory()
    by = manager()
    campaign = _sent(by=by)
    first = campaign.invitations.get(beneficiary=answered)
    services.answer_invitation(invitation=first, answers=answers_for(campaign.questionnaire))
    late = campaign.invitations.get(beneficiary=waiting)
    old_token = _token_of(late)

    today = date(2026, 6, 1)
    assert services.remind(by=by, campaign=campaign, today=today) == 1
    assert not Notification.objects.filter(dedupe_key__startswith=f"secret:survey:{first.pk}:reminder").exists()
    new_token = _token_of(late, "reminder-1")
    assert services.find_invitation(new_token) == late
    assert services.find_invitation(old_token) is None
    with pytest.raises(ValidationError):  # one round a day
        services.remind(by=by, campaign=campaign, today=today)
    assert services.remind(by=by, campaign=campaign, today=today + timedelta(days=1)) == 1
    assert Notification.objects.filter(dedupe_key__startswith=f"secret:survey:{late.pk}:").count() == 3
    campaign.refresh_from_db()
    assert campaign.reminder_rounds == 2


def test_sm1_the_campaign_page_shows_the_response_rate_within_the_readers_scope(client):
    branch = BranchFactory()
    mine, theirs = BeneficiaryFactory(branch=branch), BeneficiaryFactory()
    campaign = _sent()
    services.answer_invitation(
        invitation=campaign.invitations.get(beneficiary=mine), answers=answers_for(campaign.questionnaire)
    )
    everyone = manager()
    assert selectors.response_rate(campaign, everyone).share == 50
    reader = manager(branches=[branch], categories=[mine.category], domains=list(mine.domains.all()))
    rate = selectors.response_rate(campaign, reader)
    assert (rate.invited, rate.answered, rate.share) == (1, 1, 100)
    client.force_login(reader)
    page = client.get(reverse("surveys:campaign", args=[campaign.pk])).content.decode()
    assert "(100%)" in page
    assert theirs.full_name not in page


def test_sm1_a_campaign_of_another_branch_is_not_found(client):
    branch, other = BranchFactory(), BranchFactory()
    campaign = services.create_campaign(by=manager(), questionnaire=questionnaire(), title="س", branch=other)
    reader = manager(branches=[branch])
    client.force_login(reader)
    assert client.get(reverse("surveys:campaign", args=[campaign.pk])).status_code == 404
    assert not Campaign.objects.visible_to(reader).exists()


def test_sm1_staff_without_the_permission_cannot_send():
    BeneficiaryFactory()
    campaign = services.create_campaign(by=manager(), questionnaire=questionnaire(), title="س")
    with pytest.raises(PermissionDenied):
        services.send_campaign(by=UserFactory(role=Role.CASE_WORKER, scope_all=True), campaign=campaign)


def test_the_campaign_and_questionnaire_lists_take_as_many_queries_for_one_row_as_for_five(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    BeneficiaryFactory()
    reader = manager()
    client.force_login(reader)

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    _sent(by=reader)
    one = queries(reverse("surveys:campaigns")), queries(reverse("surveys:questionnaires"))
    for _n in range(4):
        _sent(by=reader)
    assert (queries(reverse("surveys:campaigns")), queries(reverse("surveys:questionnaires"))) == one


def test_sm1_a_large_segment_is_invited_by_the_task_worker_a_batch_at_a_time(
    monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "SYNC_LIMIT", 2)
    monkeypatch.setattr(services, "BATCH", 2)
    people = [BeneficiaryFactory() for _n in range(5)]
    by = manager()
    campaign = services.create_campaign(by=by, questionnaire=questionnaire(by=by), title="حملة كبيرة")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert services.send_campaign(by=by, campaign=campaign) == 5
        assert not campaign.invitations.exists()  # nothing in the sender's request
    assert callbacks
    assert sorted(campaign.invitations.values_list("beneficiary", flat=True)) == [p.pk for p in people]
    assert Notification.objects.filter(dedupe_key__startswith="secret:survey:").count() == 5
    # Run again (a worker restarted): nobody is invited twice.
    assert services.invite_remaining(campaign=campaign) == 0
