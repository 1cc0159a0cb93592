"""A campaign's results per question, and per service, branch and liaison officer: charts with their numbers (SM-1)."""

from __future__ import annotations

import json
import re
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from mustafid.accounts.tests.factories import BranchFactory, CategoryFactory
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory
from mustafid.liaison.tests.factories import LiaisonAssignmentFactory, officer
from mustafid.requests.models import ServiceRequest
from mustafid.services.tests.factories import published_service
from mustafid.surveys import selectors, services

from .factories import manager, questionnaire

pytestmark = pytest.mark.django_db


def _answer(campaign, person, rating, single=0, multiple=(0,)):
    item = campaign.questionnaire
    q_rating, q_single, q_multiple, _text = item.questions.order_by("order")
    services.answer_invitation(
        invitation=campaign.invitations.get(beneficiary=person),
        answers={q_rating.pk: rating, q_single.pk: single, q_multiple.pk: list(multiple)},
    )


@pytest.fixture
def results_world():
    north, south = BranchFactory(name="فرع الشمال"), BranchFactory(name="فرع الجنوب")
    category = CategoryFactory()
    amal = officer(full_name="أمل الضابطة")
    LiaisonAssignmentFactory(category=category, officer=amal)
    a = BeneficiaryFactory(branch=north, category=category)
    b = BeneficiaryFactory(branch=north)
    c = BeneficiaryFactory(branch=south)
    version = published_service()
    ServiceRequest.objects.create(beneficiary=a, version=version, received_via="interview", status="complete")
    by = manager()
    campaign = services.create_campaign(by=by, questionnaire=questionnaire(by=by), title="قياس الرضا الربعي")
    services.send_campaign(by=by, campaign=campaign)
    _answer(campaign, a, 5, single=0, multiple=(0, 1))
    _answer(campaign, b, 3, single=1, multiple=(1,))
    _answer(campaign, c, 1, single=1, multiple=())
    return {"campaign": campaign, "north": north, "south": south, "amal": amal, "a": a, "version": version}


def test_sm1_counts_per_choice_and_mean_rating_per_question(results_world):
    campaign = results_world["campaign"]
    rating, single, multiple, _text = selectors.results(campaign, manager())["questions"]
    assert rating.mean == 3.0
    assert [c.count for c in rating.counts] == [1, 0, 1, 0, 1]
    assert [(c.label, c.count) for c in single.counts] == [("نعم", 1), ("لا", 2)]
    assert [c.count for c in multiple.counts] == [1, 2, 0]


def test_sm1_the_officer_and_service_are_kept_on_the_response_as_they_were(results_world):
    response = results_world["a"].survey_responses.get()
    assert response.officer == results_world["amal"]
    assert response.service == results_world["version"].service
    assert response.branch == results_world["north"]


def test_sm1_breakdown_per_branch_service_and_officer(results_world):
    figures = selectors.results(results_world["campaign"], manager())["groups"]
    per_branch = {f.label: (f.responses, f.mean) for f in figures["branch"]}
    assert per_branch == {"فرع الشمال": (2, 4.0), "فرع الجنوب": (1, 1.0)}
    per_officer = {f.label: (f.responses, f.mean) for f in figures["officer"]}
    assert per_officer["أمل الضابطة"] == (1, 5.0)
    per_service = {f.label: f.responses for f in figures["service"]}
    assert per_service[str(results_world["version"].service)] == 1


def test_sm1_the_results_page_draws_charts_from_a_json_block_with_the_numbers_in_tables(client, results_world):
    campaign = results_world["campaign"]
    client.force_login(manager())
    page = client.get(reverse("surveys:results", args=[campaign.pk])).content.decode()
    block = re.search(r'<script id="survey-charts" type="application/json">(.*?)</script>', page, re.S)
    assert block is not None
    charts = json.loads(block.group(1))
    rating = campaign.questionnaire.questions.get(kind="rating")
    assert charts[f"q{rating.pk}"]["values"] == [1, 0, 1, 0, 1]
    assert "by-branch" in charts
    assert "/static/js/survey-charts.js" in page
    assert "<script>" not in page  # no inline script (CSP)
    assert "<td>فرع الشمال</td><td>2</td><td>4</td>" in page  # Western digits, a point for decimals


def test_sm1_results_and_export_hold_only_the_readers_scope(client, results_world):
    campaign, north = results_world["campaign"], results_world["north"]
    a = results_world["a"]
    reader = manager(branches=[north], categories=[a.category], domains=list(a.domains.all()))
    assert selectors.results(campaign, reader)["responses"] == 1
    client.force_login(reader)
    export = client.get(reverse("surveys:export", args=[campaign.pk]))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(export.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 2  # the header and the one answer in scope
    assert rows[1][1] == "فرع الشمال"
    assert rows[1][4] == 5
    assert a.full_name not in str(rows)  # the results name no beneficiary


def test_the_demo_loads_twice_without_a_second_campaign():
    from io import StringIO

    from mustafid.surveys import demo
    from mustafid.surveys.models import Campaign, Response

    manager(email="manager@mustafid.test")
    for _n in range(4):
        BeneficiaryFactory()
    demo.load(StringIO())
    demo.load(StringIO())
    assert Campaign.objects.get().invitations.count() == 4
    assert Response.objects.count() == 3
