"""The satisfaction question at closure (CM-1): a one-time link by the complainant's channel, one answer."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import UserFactory
from mustafid.complaints import services
from mustafid.complaints.models import Complaint, EscalationLevel, FollowUp, Status
from mustafid.notifications.models import Notification

from .factories import filed

pytestmark = pytest.mark.django_db


def closed() -> tuple[Complaint, str]:
    """A complaint taken to closure; the path of the link the complainant received."""
    staff = UserFactory(role=Role.ADMINISTRATOR, scope_all=True)
    complaint = filed().complaint
    services.assign(by=staff, complaint=complaint, officer=staff)
    services.add_note(by=staff, complaint=complaint, text="تحققنا.")
    services.respond(by=staff, complaint=complaint, text="هذا ردنا.")
    complaint = services.close(by=staff, complaint=complaint, outcome="حُلّت.")
    message = Notification.objects.get(dedupe_key=f"secret:complaint:{complaint.pk}:closed")
    match = re.search(r"(/complaints/satisfaction/[^/\s]+/)", message.body)
    assert match is not None, message.body
    return complaint, match.group(1)


def test_the_closing_message_carries_a_one_time_link_that_records_one_answer(client):
    complaint, link = closed()
    assert Notification.objects.get(dedupe_key=f"secret:complaint:{complaint.pk}:closed").channel == "sms"
    assert 'data-testid="satisfaction-form"' in client.get(link).content.decode()
    response = client.post(link, {"satisfied": "yes", "follow_up": ""})
    assert 'data-testid="satisfaction-thanks"' in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.satisfied is True and complaint.status == Status.CLOSED
    # The link is spent: a second answer is not possible.
    assert client.get(link).status_code == 404
    assert client.post(link, {"satisfied": "no", "follow_up": "reopen"}).status_code == 404
    complaint.refresh_from_db()
    assert complaint.satisfied is True and complaint.follow_up == ""


def test_a_wrong_link_is_not_found(client):
    closed()
    assert client.get(reverse("complaints:satisfaction", args=["not-a-token"])).status_code == 404


def test_an_unsatisfied_complainant_reopens_once_and_is_not_asked_again(client):
    complaint, link = closed()
    client.post(link, {"satisfied": "no", "follow_up": "reopen"})
    complaint.refresh_from_db()
    assert complaint.satisfied is False and complaint.follow_up == FollowUp.REOPEN
    assert complaint.status == Status.INVESTIGATING and complaint.closed_on is None
    staff = UserFactory(role=Role.ADMINISTRATOR, scope_all=True)
    services.respond(by=staff, complaint=complaint, text="ردنا الثاني.")
    complaint = services.close(by=staff, complaint=complaint, outcome="حُلّت نهائيًا.")
    # Closed again: one question per complaint, so no new link, and nothing can reopen it now.
    again = Notification.objects.get(dedupe_key=f"complaint:{complaint.pk}:closed-again")
    assert "/satisfaction/" not in again.body
    assert complaint.satisfaction_token_hash == ""
    with pytest.raises(services.ValidationError):
        services.answer_satisfaction(complaint=complaint, satisfied=False, follow_up=FollowUp.APPEAL)


def test_an_appeal_goes_to_a_level_above(client):
    complaint, link = closed()
    client.post(link, {"satisfied": "no", "follow_up": "appeal"})
    complaint.refresh_from_db()
    assert complaint.status == Status.ASSIGNED
    assert complaint.escalation_level == EscalationLevel.COMMITTEE_HEAD
    assert complaint.notes.filter(kind="escalation").exists()


def test_a_satisfied_answer_cannot_also_reopen(client):
    complaint, link = closed()
    response = client.post(link, {"satisfied": "yes", "follow_up": "reopen"})
    assert 'data-testid="satisfaction-form"' in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.satisfied is None and complaint.status == Status.CLOSED
