"""Issue 9.2: a value masked on the beneficiary file is masked, or refused, on every page that shows it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from mustafid.accounts.roles import Role
from mustafid.audit.models import AccessLog
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff, valid_national_id
from mustafid.committees.cases import case_type_of
from mustafid.committees.models import AgendaItem, Meeting
from mustafid.committees.selectors import minute_context
from mustafid.committees.tests.factories import CommitteeFactory, add_member
from mustafid.requests import services
from mustafid.requests.models import ServiceRequest, Status
from mustafid.requests.tests.factories import filled_draft
from mustafid.services.models import FormField
from mustafid.services.tests.factories import published_service

pytestmark = pytest.mark.django_db

SECRET_ANSWER = "دخل شهري سري 9931"
NATIONAL_ID = valid_national_id(77)
INCOME = "6143"


@pytest.fixture
def committee():
    return CommitteeFactory(name="اللجنة المختصة بالمساعدات")


@pytest.fixture
def b():
    return BeneficiaryFactory(
        full_name="سارة بنت محمد", national_id=NATIONAL_ID, phone="+966551117777", monthly_income=INCOME
    )


@pytest.fixture
def desk(b):
    return scoped_staff(Role.RECEPTIONIST, b)


@pytest.fixture
def member(b, committee):
    user = scoped_staff(Role.COMMITTEE_MEMBER, b)
    add_member(committee, user)
    return user


def received(b, committee, desk, capture, *, sensitive: bool) -> ServiceRequest:
    """A request registered complete, its receipt drawn, its "reason" answered with an income detail."""
    version = published_service(committee=committee)
    FormField._base_manager.filter(version=version, key="reason").update(sensitive=sensitive)
    draft = filled_draft(by=desk, beneficiary=b, version=version)
    services.save_answers(
        by=desk,
        request=draft,
        answers={**draft.answers, "reason": SECRET_ANSWER},
        criteria_answers=draft.criteria_answers,
    )
    with capture(execute=True):
        request = services.complete_request(by=desk, request=draft)
    request.refresh_from_db()
    assert request.receipt  # drawn after the commit
    ServiceRequest.objects.filter(pk=request.pk).update(status=Status.AT_COMMITTEE)
    return request


def test_issue_9_2_the_receipt_holding_a_sensitive_answer_is_refused_as_documents_are(
    client, b, committee, desk, member, django_capture_on_commit_callbacks
):
    request = received(b, committee, desk, django_capture_on_commit_callbacks, sensitive=True)
    url = reverse("requests:receipt", args=[request.pk])
    for reader in (member, scoped_staff(Role.SENIOR_MANAGEMENT, b)):
        client.force_login(reader)
        detail = client.get(reverse("requests:detail", args=[request.pk])).content.decode()
        assert SECRET_ANSWER not in detail
        assert url not in detail  # not offered
        assert client.get(url).status_code == 403
        assert not AccessLog.objects.filter(actor=reader, action=AccessLog.Action.DOWNLOAD).exists()
    client.force_login(desk)  # the desk sees the file's sensitive values: the receipt as the beneficiary got it
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_receipt_without_a_sensitive_answer_is_read_by_whoever_reads_the_request(
    client, b, committee, desk, member, django_capture_on_commit_callbacks
):
    request = received(b, committee, desk, django_capture_on_commit_callbacks, sensitive=False)
    client.force_login(member)
    url = reverse("requests:receipt", args=[request.pk])
    assert url in client.get(reverse("requests:detail", args=[request.pk])).content.decode()
    assert client.get(url).status_code == 200


def test_issue_9_2_the_committees_agenda_meeting_page_and_minute_show_no_sensitive_value(
    client, b, committee, desk, member, django_capture_on_commit_callbacks
):
    request = received(b, committee, desk, django_capture_on_commit_callbacks, sensitive=True)
    ServiceRequest.objects.filter(pk=request.pk).update(
        status=Status.DECIDED, decision="approved", approved_amount=Decimal("900"), decided_on=timezone.localdate()
    )
    request.refresh_from_db()
    secrets = (SECRET_ANSWER, NATIONAL_ID, "551117777", INCOME)
    # The card is all the committee's pages and the minute show of a case.
    card = case_type_of(request).card(request, member)
    shown = " ".join([card.reference, card.title, card.subject, card.subject_number, *map(str, sum(card.facts, ()))])
    shown += " ".join(map(str, sum(card.outcome, ())))
    assert not [s for s in secrets if s in shown]
    meeting = Meeting.objects.create(committee=committee, held_on=timezone.localdate(), created_by=member)
    meeting.attendees.add(member)
    AgendaItem.objects.create(meeting=meeting, case_type_id=_content_type_id(), case_id=request.pk, decided=True)
    client.force_login(member)
    page = client.get(reverse("committees:detail", args=[meeting.pk]))
    assert page.status_code == 200 and request.reference in page.content.decode()
    assert not [s for s in secrets if s in page.content.decode()]
    minute = render_to_string("pdf/committee_minute.html", minute_context(meeting))
    assert request.reference in minute and not [s for s in secrets if s in minute]


def _content_type_id() -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(ServiceRequest).pk


def test_issue_9_2_the_decision_letter_names_no_sensitive_value(b, committee, desk, django_capture_on_commit_callbacks):
    request = received(b, committee, desk, django_capture_on_commit_callbacks, sensitive=True)
    request.decision, request.approved_amount, request.decided_on = "approved", Decimal("900"), timezone.localdate()
    from mustafid.requests.documents import decision_letter_context

    letter = render_to_string("pdf/decision_letter.html", decision_letter_context(request))
    assert b.full_name in letter
    assert not [s for s in (SECRET_ANSWER, NATIONAL_ID, "551117777", INCOME) if s in letter]
