"""Senior management follows requests, complaints, inquiries and the liaison officers (SM-5, SM-6)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import BranchFactory, UserFactory
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory
from mustafid.complaints.models import Complaint
from mustafid.complaints.tests.factories import filed
from mustafid.inquiries.models import Inquiry
from mustafid.inquiries.tests.factories import inquiry
from mustafid.requests.models import ServiceRequest, Status
from mustafid.services.tests.factories import published_service

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("reports:dashboard")
TODAY = timezone.localdate()
START = TODAY - timedelta(days=60)


@pytest.fixture
def version():
    return published_service()


def request_in(b, version, *, status=Status.REPLIED, completed=None, due=None, replied=None):
    return ServiceRequest.objects.create(
        beneficiary=b,
        version=version,
        received_via="interview",
        status=status,
        completed_on=completed,
        due_on=due,
        replied_on=replied,
    )


def figures(response, key):
    section = next(s for s in response.context["sections"] if s.base.key == key)
    return {f.metric.key: f.value for f in section.figures + section.ages}


def manager(**kwargs):
    kwargs.setdefault("scope_all", True)
    return UserFactory(role=Role.SENIOR_MANAGEMENT, **kwargs)


def test_sm5_hd6_requests_answered_on_time_and_late_and_overdue_now_and_each_number_lists_its_records(client, version):
    b = BeneficiaryFactory()
    day = TODAY - timedelta(days=30)
    on_time = [
        request_in(b, version, completed=day, due=day + timedelta(days=20), replied=day + timedelta(days=10))
        for _ in range(2)
    ]
    late = request_in(b, version, completed=day, due=day + timedelta(days=5), replied=day + timedelta(days=9))
    request_in(
        b,
        version,
        completed=START - timedelta(days=40),
        due=START - timedelta(days=20),
        replied=START - timedelta(days=1),
    )
    overdue = request_in(b, version, status=Status.IN_STUDY, completed=day, due=TODAY - timedelta(days=1))
    client.force_login(manager())
    response = client.get(DASHBOARD, {"start": START.isoformat(), "end": TODAY.isoformat()})
    numbers = figures(response, "requests")
    assert numbers["requests_received"] == 4  # the one completed before the period is not counted
    assert (numbers["requests_replied"], numbers["requests_on_time"], numbers["requests_late"]) == (3, 2, 1)
    assert numbers["requests_overdue"] == 1
    # The number links to the list it counts.
    link = next(f.url for s in response.context["sections"] for f in s.figures if f.metric.key == "requests_late")
    listed = client.get(link)
    assert [r.reference for r in listed.context["rows"]] == [late.reference]
    overdue_list = client.get(link.replace("requests_late", "requests_overdue"))
    assert [r.reference for r in overdue_list.context["rows"]] == [overdue.reference]
    assert {r.pk for r in on_time} and listed.status_code == 200


def test_sm5_a_manager_of_one_branch_counts_only_their_branch_and_may_choose_it(client, version):
    home, away = BranchFactory(), BranchFactory()
    day = TODAY - timedelta(days=10)
    request_in(BeneficiaryFactory(branch=home), version, completed=day, due=day, replied=day)
    far = request_in(BeneficiaryFactory(branch=away), version, completed=day, due=day, replied=day)
    local = manager(scope_all=False, branches=[home])
    local.categories.set([far.beneficiary.category, *[]])
    client.force_login(manager())
    both = client.get(DASHBOARD, {"start": START.isoformat()})
    assert figures(both, "requests")["requests_replied"] == 2
    one = client.get(DASHBOARD, {"start": START.isoformat(), "branch": home.pk})
    assert figures(one, "requests")["requests_replied"] == 1
    # The list behind the number is scoped the same way.
    link = next(f.url for s in one.context["sections"] for f in s.figures if f.metric.key == "requests_replied")
    listed = client.get(link)
    assert len(listed.context["rows"]) == 1
    assert far.beneficiary.full_name not in listed.content.decode()


def test_sm5_complaints_by_deadline_ageing_and_satisfaction(client):
    b = BeneficiaryFactory()
    made = [filed(beneficiary=b).complaint for _ in range(4)]
    long_ago = timezone.now() - timedelta(days=70)
    Complaint.objects.filter(pk=made[0].pk).update(created_at=long_ago)  # open, waiting over a month
    Complaint.objects.filter(pk=made[1].pk).update(
        status="closed",
        closed_on=TODAY - timedelta(days=2),
        resolve_due=TODAY,
        satisfied=True,
        satisfaction_answered_at=timezone.now(),
    )
    Complaint.objects.filter(pk=made[2].pk).update(
        status="closed",
        closed_on=TODAY - timedelta(days=1),
        resolve_due=TODAY - timedelta(days=3),
        satisfied=False,
        satisfaction_answered_at=timezone.now(),
    )
    client.force_login(manager())
    numbers = figures(client.get(DASHBOARD, {"start": START.isoformat()}), "complaints")
    assert numbers["complaints_received"] == 3  # the one filed 70 days ago is outside the period
    assert (numbers["complaints_closed_on_time"], numbers["complaints_closed_late"]) == (1, 1)
    assert (numbers["complaints_satisfied"], numbers["complaints_unsatisfied"]) == (1, 1)
    assert numbers["complaints_open"] == 2
    assert numbers["complaints_age_30"] == 1 and numbers["complaints_age_0"] == 1


def test_sm6_each_officer_with_their_workload_answers_on_time_response_time_and_satisfaction(client):
    b = BeneficiaryFactory()
    officer = UserFactory(role=Role.LIAISON_OFFICER, scope_all=True, full_name="ضابط الاتصال")
    other = UserFactory(role=Role.LIAISON_OFFICER, scope_all=True, full_name="ضابط آخر")
    asked = [inquiry(beneficiary=b) for _ in range(3)]
    now = timezone.now()
    Inquiry.objects.filter(pk__in=[asked[0].pk, asked[1].pk]).update(
        assigned_to=officer, status="answered", answered_at=now, due_on=TODAY
    )
    Inquiry.objects.filter(pk=asked[0].pk).update(created_at=now - timedelta(hours=4))
    Inquiry.objects.filter(pk=asked[1].pk).update(created_at=now - timedelta(hours=8), due_on=TODAY - timedelta(days=1))
    Inquiry.objects.filter(pk=asked[2].pk).update(assigned_to=other, status="assigned")
    complaint = filed(beneficiary=b).complaint
    Complaint.objects.filter(pk=complaint.pk).update(
        assigned_to=officer, status="closed", closed_on=TODAY, satisfied=True, satisfaction_answered_at=now
    )
    client.force_login(manager())
    rows = {r.officer.pk: r for r in client.get(DASHBOARD, {"start": START.isoformat()}).context["officers"]}
    mine = rows[officer.pk]
    assert (mine.answered, mine.answered_on_time, mine.on_time_share) == (2, 1, 50)
    assert mine.mean_hours == pytest.approx(6.0, abs=0.1)
    assert (mine.closed, mine.satisfaction_share) == (1, 100)
    assert rows[other.pk].workload == 1
    listed = client.get(mine.links["answered"])
    assert {r.reference for r in listed.context["rows"]} == {asked[0].reference, asked[1].reference}


def test_the_dashboard_reads_in_the_same_queries_whatever_the_rows(client, version, django_assert_max_num_queries):
    b = BeneficiaryFactory()
    officers = [UserFactory(role=Role.LIAISON_OFFICER, scope_all=True) for _ in range(3)]

    def add(n):
        request_in(b, version, completed=TODAY, due=TODAY, replied=TODAY)
        asked = inquiry(beneficiary=b)
        Inquiry.objects.filter(pk=asked.pk).update(assigned_to=officers[n % 3])
        filed(beneficiary=b)

    add(0)
    client.force_login(manager())
    client.get(DASHBOARD)
    with django_assert_max_num_queries(30) as few:
        client.get(DASHBOARD)
    for n in range(1, 7):
        add(n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(DASHBOARD)


def test_only_management_sees_the_dashboard_and_a_wrong_period_is_explained(client):
    client.force_login(UserFactory(role=Role.CASE_WORKER, scope_all=True))
    assert client.get(DASHBOARD).status_code == 403
    assert client.get(reverse("reports:records"), {"metric": "requests_late"}).status_code == 403
    client.force_login(manager())
    assert client.get(reverse("reports:records"), {"metric": "nothing"}).status_code == 404
    wrong = client.get(DASHBOARD, {"start": "2026-12-01", "end": "2026-11-01"}, HTTP_ACCEPT_LANGUAGE="ar")
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["end"]
    assert 'value="2026-12-01"' in wrong.content.decode()  # what was typed is kept
    assert wrong.context["period"].start == date(TODAY.year, 3 * ((TODAY.month - 1) // 3) + 1, 1)


def test_sm5_sm6_questionnaire_ratings_overall_and_per_liaison_officer(client):
    import uuid

    from mustafid.liaison.tests.factories import LiaisonAssignmentFactory
    from mustafid.surveys import services as survey_services
    from mustafid.surveys.models import Response
    from mustafid.surveys.tests.factories import answers_for, questionnaire

    b = BeneficiaryFactory()
    assignment = LiaisonAssignmentFactory(category=b.category)
    worker = UserFactory(role=Role.CASE_WORKER, scope_all=True)
    item = questionnaire()
    for rating in (5, 2):
        survey_services.fill_with_beneficiary(
            by=worker,
            beneficiary=b,
            questionnaire=item,
            kind="field_survey",
            answers=answers_for(item, rating=rating),
            client_uuid=uuid.uuid4(),
        )
    assert set(Response.objects.values_list("officer", flat=True)) == {assignment.officer.pk}
    client.force_login(manager())
    response = client.get(DASHBOARD, {"start": START.isoformat()})
    assert response.context["satisfaction"] == {"survey_responses": 2, "survey_mean": 3.5}
    row = next(r for r in response.context["officers"] if r.officer.pk == assignment.officer.pk)
    assert (row.survey_responses, row.survey_mean) == (2, 3.5)


def test_sm5_the_dashboards_numbers_export_as_xlsx_like_the_page(client, version):
    from io import BytesIO

    import openpyxl

    b = BeneficiaryFactory()
    request_in(b, version, completed=TODAY, due=TODAY - timedelta(days=1), replied=TODAY)
    client.force_login(manager())
    response = client.get(reverse("reports:dashboard_export"), {"format": "xlsx", "start": START.isoformat()})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(BytesIO(response.content)).active
    rows = {(r[0], r[1]): r[2] for r in sheet.iter_rows(min_row=2, values_only=True)}
    page = figures(client.get(DASHBOARD, {"start": START.isoformat()}), "requests")
    late = next(k for k in rows if k[0] == "طلبات الخدمة" and k[1] == "تم الرد متأخرًا")
    assert rows[late] == str(page["requests_late"]) == "1"
    assert client.get(reverse("reports:dashboard_export"), {"format": "pdf"}).status_code == 404
