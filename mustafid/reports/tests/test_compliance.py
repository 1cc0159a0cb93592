"""The compliance report: clause by clause, live evidence and a status decided by a written rule, page and PDF."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import UserFactory
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory
from mustafid.committees.tests.test_pdf_text_layer import assert_reads_back
from mustafid.documents.tests.factories import published as published_document
from mustafid.policies import services as policy_services
from mustafid.policies.models import Policy, PolicySignature
from mustafid.reports import compliance
from mustafid.reports.metrics import Period
from mustafid.requests.models import ServiceRequest, Status
from mustafid.services.tests.factories import published_service

pytestmark = pytest.mark.django_db

REPORT = reverse("reports:compliance")

#: every clause of REQUIREMENTS.md (../shared), in its order
POLICY_CLAUSES = [
    *(f"CH-{n}" for n in range(1, 7)),
    *(f"TL-{n}" for n in range(1, 6)),
    *(f"HD-{n}" for n in range(1, 7)),
    *(f"CP-{n}" for n in range(1, 5)),
    *(f"CM-{n}" for n in range(1, 4)),
    *(f"RL-{n}" for n in range(1, 5)),
    *(f"IN-{n}" for n in range(1, 4)),
    *(f"SM-{n}" for n in range(1, 7)),
    "RS-1",
    "RS-2",
]

Q3 = (date(2026, 7, 1), date(2026, 9, 30))


def manager():
    return UserFactory(role=Role.SENIOR_MANAGEMENT, scope_all=True)


def replied(b, version, *, on: date, due: date):
    return ServiceRequest.objects.create(
        beneficiary=b,
        version=version,
        received_via="interview",
        status=Status.REPLIED,
        completed_on=due - timedelta(days=20),
        due_on=due,
        replied_on=on,
    )


def result(user, clause_id, start, end):
    today = timezone.localdate()
    return dict((c.id, r) for c, r in compliance.report(user, Period(start, end, today)))[clause_id]


def test_every_clause_of_the_policy_is_in_the_report_once_in_its_order(client):
    assert [c.id for c in compliance.CLAUSES] == POLICY_CLAUSES
    client.force_login(manager())
    body = client.get(REPORT).content.decode()
    for clause_id in POLICY_CLAUSES:
        assert body.count(f'data-testid="clause-{clause_id}"') == 1


@pytest.mark.parametrize(
    ("late", "status"),
    [(0, compliance.Status.MET), (2, compliance.Status.AT_RISK), (5, compliance.Status.NOT_MET)],
)
def test_hd6_the_share_answered_within_15_working_days_decides_the_status(late, status):
    b, version = BeneficiaryFactory(), published_service()
    for _n in range(20 - late):
        replied(b, version, on=date(2026, 8, 3), due=date(2026, 8, 10))
    for _n in range(late):
        replied(b, version, on=date(2026, 8, 12), due=date(2026, 8, 10))
    found = result(manager(), "HD-6", *Q3)
    assert found.status == status
    assert found.share == round(100 * (20 - late) / 20)
    late_figure = next(f for f in found.figures if "requests_late" in f.url)
    assert late_figure.value == late


def test_hd6_the_late_requests_are_listed_behind_their_figure(client):
    b, version = BeneficiaryFactory(full_name="أسرة متأخر ردها"), published_service()
    replied(b, version, on=date(2026, 8, 12), due=date(2026, 8, 10))
    replied(
        BeneficiaryFactory(full_name="أسرة رد عليها في الموعد"), version, on=date(2026, 8, 3), due=date(2026, 8, 10)
    )
    user = manager()
    client.force_login(user)
    late_figure = next(f for f in result(user, "HD-6", *Q3).figures if "requests_late" in f.url)
    listed = client.get(late_figure.url).content.decode()
    assert "أسرة متأخر ردها" in listed and "أسرة رد عليها في الموعد" not in listed


def test_nothing_to_measure_is_said_so_not_counted_as_met():
    assert result(manager(), "HD-6", *Q3).status == compliance.Status.NO_ACTIVITY


def test_rs1_a_past_period_reads_the_same_when_drawn_again_later():
    hr = UserFactory(role=Role.HR, scope_all=True)
    staff = [UserFactory(role=Role.CASE_WORKER) for _ in range(3)]
    policy = policy_services.create_policy(
        by=hr, title="سياسة العلاقة مع المستفيدين", kind=Policy.Kind.RELATIONS, required_of_all=True
    )
    version = policy_services.publish_version(by=hr, policy=policy, text="النص")
    version.__class__.objects.filter(pk=version.pk).update(
        published_at=timezone.make_aware(timezone.datetime(2026, 7, 1))
    )
    for person in staff[:2]:
        sign = policy_services.sign_policy(by=person, version=version, typed_name=person.full_name, confirmed=True)
        PolicySignature.objects.filter(pk=sign.pk).update(signed_at=timezone.make_aware(timezone.datetime(2026, 8, 1)))
    user = manager()
    before = result(user, "RS-1", *Q3)
    # After the period: the last one signs. The third quarter's report does not change.
    policy_services.sign_policy(by=staff[2], version=version, typed_name=staff[2].full_name, confirmed=True)
    after = result(user, "RS-1", *Q3)
    assert [f.value for f in before.figures] == [f.value for f in after.figures]
    bound = before.figures[0].value
    assert before.figures[1].value == 2 and bound >= 3
    assert result(user, "RS-1", date(2026, 10, 1), timezone.localdate()).figures[1].value == 3


def test_the_report_as_an_arabic_pdf_dated_for_its_period(client):
    client.force_login(manager())
    response = client.get(reverse("reports:compliance_pdf"), {"start": "2026-07-01", "end": "2026-09-30"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert_reads_back(response.content, "الالتزام بسياسة العلاقة مع المستفيدين", "HD-6")


def test_only_management_reads_the_report(client):
    client.force_login(UserFactory(role=Role.CASE_WORKER, scope_all=True))
    assert client.get(REPORT).status_code == 403
    assert client.get(reverse("reports:compliance_pdf")).status_code == 403


def test_tl4_the_aid_policy_is_met_once_published_on_the_portal_and_not_before():
    user = manager()
    today = timezone.localdate()
    assert result(user, "TL-4", today - timedelta(days=30), today).status == compliance.Status.NOT_MET
    published_document()
    found = result(user, "TL-4", today - timedelta(days=30), today)
    assert found.status == compliance.Status.MET and found.figures[0].value == 1
    assert found.figures[0].url == reverse("portal:document", args=["aid-policy"])
    # A period that ended before it was published: not met then, whenever the report is drawn.
    assert result(user, "TL-4", date(2026, 1, 1), date(2026, 3, 31)).status == compliance.Status.NOT_MET


def test_sm3_corrective_actions_due_in_the_period_closed_by_their_due_date():
    from mustafid.oversight.models import ActionStatus, CorrectiveAction
    from mustafid.oversight.tests.factories import action

    today = timezone.localdate()
    late, kept = action(due_in=1), action(due_in=1)
    CorrectiveAction.objects.filter(pk=kept.pk).update(status=ActionStatus.CLOSED, closed_at=timezone.now())
    CorrectiveAction.objects.filter(pk=late.pk).update(
        status=ActionStatus.CLOSED, closed_at=timezone.now() + timedelta(days=3)
    )
    found = result(manager(), "SM-3", today, today + timedelta(days=5))
    assert found.share == 50 and found.status == compliance.Status.NOT_MET


def test_sm1_a_campaign_sent_in_the_period_is_the_evidence_of_periodic_questionnaires():
    from mustafid.surveys import services as survey_services
    from mustafid.surveys.tests.factories import questionnaire

    user = manager()
    today = timezone.localdate()
    assert result(user, "SM-1", today, today).status == compliance.Status.NO_ACTIVITY
    BeneficiaryFactory()
    campaign = survey_services.create_campaign(by=user, questionnaire=questionnaire(by=user), title="قياس الرضا")
    survey_services.send_campaign(by=user, campaign=campaign)
    found = result(user, "SM-1", today, today)
    assert found.status == compliance.Status.MET and found.figures[0].value == 1
