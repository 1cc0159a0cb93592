"""A staff member fills a questionnaire with the beneficiary: a field survey or a structured interview (SM-2, SM-4)."""

from __future__ import annotations

import re
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from mustafid.accounts.roles import Role
from mustafid.beneficiaries.data_subject import data_subject_copy_json
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.beneficiaries.timeline import timeline
from mustafid.surveys import services
from mustafid.surveys.models import Response

from .factories import answers_for, questionnaire

pytestmark = pytest.mark.django_db


def _form_data(item, page: str, **extra) -> dict:
    found = re.search(r'name="client_uuid" value="([0-9a-f-]{36})"', page)
    assert found is not None, "the page gives each form its own UUID"
    rating, single, multiple, _text = item.questions.order_by("order")
    return {
        "questionnaire": item.pk,
        "client_uuid": found.group(1),
        "kind": "field_survey",
        f"q{rating.pk}": "4",
        f"q{single.pk}": "0",
        f"q{multiple.pk}": ["1"],
        **extra,
    }


def test_sm2_a_field_survey_filled_on_the_file_and_sent_twice_is_kept_once(client):
    person = BeneficiaryFactory()
    worker = scoped_staff(Role.CASE_WORKER, person, full_name="الباحثة الميدانية")
    item = questionnaire()
    client.force_login(worker)
    url = reverse("surveys:fill", args=[person.pk])
    assert item.shown_title in client.get(url).content.decode()  # the questionnaires to choose from
    page = client.get(url, {"questionnaire": item.pk}).content.decode()
    assert 'name="viewport"' in page
    data = _form_data(item, page)
    first = client.post(url, data)
    assert first.status_code == 302
    retry = client.post(url, data)  # the network dropped and the phone sent it again
    assert retry.status_code == 302
    response = Response.objects.get()
    assert (response.kind, response.filled_by, response.beneficiary) == ("field_survey", worker, person)
    assert response.answers.count() == 3


def test_sm4_an_interview_keeps_its_notes_and_summary_and_needs_a_summary(client):
    person = BeneficiaryFactory()
    worker = scoped_staff(Role.LIAISON_OFFICER, person)
    item = questionnaire()
    client.force_login(worker)
    url = reverse("surveys:fill", args=[person.pk])
    page = client.get(url, {"questionnaire": item.pk}).content.decode()
    data = _form_data(item, page, kind="interview", notes="المستفيد راض عن الموعد")
    refused = client.post(url, data).content.decode()
    assert "اكتب ملخص المقابلة" in refused
    assert "المستفيد راض عن الموعد" in refused  # what was typed is kept
    client.post(url, {**data, "summary": "طلب تسريع صرف الإعانة"})
    response = Response.objects.get()
    assert (response.kind, response.summary, response.notes) == (
        "interview",
        "طلب تسريع صرف الإعانة",
        "المستفيد راض عن الموعد",
    )


def test_sm4_the_response_is_on_the_timeline_and_in_the_data_subject_copy():
    person = BeneficiaryFactory()
    worker = scoped_staff(Role.CASE_WORKER, person)
    item = questionnaire()
    services.fill_with_beneficiary(
        by=worker,
        beneficiary=person,
        questionnaire=item,
        kind=Response.Kind.INTERVIEW,
        answers=answers_for(item, rating=2),
        client_uuid=uuid.uuid4(),
        summary="ملخص المقابلة",
    )
    entries = [e for e in timeline(person, worker) if e.title == item.shown_title]
    assert len(entries) == 1
    assert entries[0].body == "ملخص المقابلة"
    section = data_subject_copy_json(person)["sections"]["questionnaires"]
    (record,) = section["records"]
    assert record["summary"] == "ملخص المقابلة"
    assert {"question": "ما مدى رضاك عن الخدمة؟", "answer": 2} in record["answers"]


def test_sm2_only_staff_in_scope_with_the_permission_fill():
    person = BeneficiaryFactory()
    item = questionnaire()
    kwargs = {
        "beneficiary": person,
        "questionnaire": item,
        "kind": "field_survey",
        "answers": answers_for(item),
        "client_uuid": uuid.uuid4(),
    }
    with pytest.raises(PermissionDenied):
        services.fill_with_beneficiary(by=scoped_staff(Role.RECEPTIONIST, person), **kwargs)
    from django.http import Http404

    from mustafid.accounts.tests.factories import UserFactory

    with pytest.raises(Http404):
        services.fill_with_beneficiary(by=UserFactory(role=Role.CASE_WORKER), **kwargs)
    with pytest.raises(ValidationError):
        services.fill_with_beneficiary(by=scoped_staff(Role.CASE_WORKER, person), **{**kwargs, "kind": "campaign"})


def test_sm2_the_field_survey_is_an_installable_app_that_keeps_answers_offline(client):
    person = BeneficiaryFactory()
    client.force_login(scoped_staff(Role.CASE_WORKER, person))
    page = client.get(reverse("surveys:fill", args=[person.pk]), {"questionnaire": questionnaire().pk})
    body = page.content.decode()
    assert f'rel="manifest" href="{reverse("surveys:manifest")}"' in body
    assert f'data-service-worker="{reverse("surveys:service_worker")}"' in body
    assert "/static/js/field-survey.js" in body
    assert "data-kept=" in body
    client.logout()  # both are public like static files: they hold no one's data
    manifest = client.get(reverse("surveys:manifest"))
    assert manifest["Content-Type"] == "application/manifest+json"
    assert manifest.json()["display"] == "standalone"
    worker = client.get(reverse("surveys:service_worker"))
    assert worker["Content-Type"].startswith("text/javascript")
    assert 'addEventListener("fetch"' in worker.content.decode()


def test_sm2_the_service_worker_keeps_copies_of_the_fill_pages_only(client):
    # Results and exports are under /surveys/ too: a phone must not keep a copy of them.
    worker = client.get(reverse("surveys:service_worker")).content.decode()
    fill = reverse("surveys:fill", args=[1]).removesuffix("1/")
    assert f'var PAGES = "{fill}";' in worker
    assert "url.pathname.indexOf(PAGES) !== 0" in worker


def test_sm2_answers_sent_by_the_phone_page_say_where_to_go_without_a_redirect(client):
    # fetch() would follow a redirect and show the file page in the background,
    # using up its message: the page is told where to go and goes there itself.
    person = BeneficiaryFactory()
    item = questionnaire()
    client.force_login(scoped_staff(Role.CASE_WORKER, person))
    url = reverse("surveys:fill", args=[person.pk])
    data = _form_data(item, client.get(url, {"questionnaire": item.pk}).content.decode())
    sent = client.post(url, data, headers={"X-Field-Survey": "1"})
    assert sent.status_code == 204
    assert sent["X-Field-Survey-Next"] == reverse("beneficiaries:detail", args=[person.pk])
    again = client.post(url, data, headers={"X-Field-Survey": "1"})
    assert again.status_code == 204 and Response.objects.count() == 1
    file_page = client.get(sent["X-Field-Survey-Next"]).content.decode()
    assert "حُفظت الإجابات في ملف المستفيد" in file_page


def test_sm2_the_questions_are_drawn_at_the_width_of_the_phone(client):
    # Without Bootstrap's classes a text answer is 40 columns wide, wider than a phone.
    person = BeneficiaryFactory()
    item = questionnaire()
    client.force_login(scoped_staff(Role.CASE_WORKER, person))
    page = client.get(reverse("surveys:fill", args=[person.pk]), {"questionnaire": item.pk}).content.decode()
    _rating, single, multiple, text = item.questions.order_by("order")
    assert re.search(rf'<textarea name="q{text.pk}"[^>]*class="form-control"', page)
    assert re.search(rf'<input type="radio" name="q{single.pk}"[^>]*class="form-check-input"', page)
    assert re.search(rf'<input type="checkbox" name="q{multiple.pk}"[^>]*class="form-check-input"', page)


def test_sm2_the_field_survey_app_has_an_icon_so_the_phone_offers_to_install_it(client):
    # Chromium installs no web app without an icon of at least 144 pixels.
    icons = client.get(reverse("surveys:manifest")).json()["icons"]
    assert icons and icons[0]["type"] == "image/svg+xml" and icons[0]["sizes"] == "any"
    assert icons[0]["src"].endswith("field-survey-icon.svg")
