"""The committees page lists the requests waiting for a meeting (issue 10.1, RL-4)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import UserFactory
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.committees import services
from mustafid.committees.tests.factories import CommitteeFactory, add_member
from mustafid.services.tests.factories import published_service

from .helpers import at_committee

pytestmark = pytest.mark.django_db
LIST = reverse("committees:list")


def scoped_member(committee, beneficiary):
    user = scoped_staff(Role.COMMITTEE_MEMBER, beneficiary)
    add_member(committee, user)
    return user


def waiting_refs(client):
    response = client.get(LIST)
    assert response.status_code == 200
    return {q.committee.pk: [card.reference for card in q.cards] for q in response.context["waiting"]}, response


def test_issue_10_1_the_committees_page_lists_the_requests_waiting_for_a_meeting(c, client):
    waiting = at_committee(c)
    scheduled = at_committee(c)
    meeting = services.schedule_meeting(by=c["chair"], committee=c["committee"], held_on=timezone.localdate())
    services.add_to_agenda(by=c["chair"], meeting=meeting, cases=[scheduled])
    other = CommitteeFactory(name="لجنة أخرى")
    elsewhere = at_committee(c, version=published_service(committee=other))
    member = scoped_member(c["committee"], c["b"])
    client.force_login(member)
    refs, response = waiting_refs(client)
    # Scheduled on an open agenda: no longer waiting; another committee's: not this member's.
    assert refs == {c["committee"].pk: [waiting.reference]}
    body = response.content.decode()
    assert waiting.reference in body and scheduled.reference not in body.split('data-testid="meeting-list"')[0]
    assert elsewhere.reference not in body
    assert reverse("requests:detail", args=[waiting.pk]) in body
    assert 'data-testid="waiting-count">1<' in body


def test_issue_10_1_the_waiting_list_keeps_to_the_readers_scope(c, client):
    near = at_committee(c)
    far = BeneficiaryFactory(category=c["b"].category)
    far_desk = {"desk": scoped_staff(Role.RECEPTIONIST, far), "worker": scoped_staff(Role.CASE_WORKER, far)}
    theirs = at_committee({**c, **far_desk}, beneficiary=far)
    # A member serving another branch sees only that branch's requests before the committee.
    client.force_login(scoped_member(c["committee"], far))
    assert waiting_refs(client)[0] == {c["committee"].pk: [theirs.reference]}
    # Staff who are no members of it, and hold no oversight role, see no committee's queue.
    client.force_login(c["worker"])
    assert waiting_refs(client)[0] == {}
    # Senior management oversees every committee their scope shows them (this one serves every branch).
    client.force_login(UserFactory(role=Role.SENIOR_MANAGEMENT, scope_all=True))
    assert waiting_refs(client)[0] == {c["committee"].pk: [near.reference, theirs.reference]}


def test_issue_10_1_the_waiting_list_shows_ten_and_counts_all(c, client):
    for _ in range(12):
        at_committee(c)
    client.force_login(scoped_member(c["committee"], c["b"]))
    _refs, response = waiting_refs(client)
    (queue,) = response.context["waiting"]
    assert (len(queue.cards), queue.count) == (10, 12)
