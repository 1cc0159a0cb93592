"""Request answers are encrypted at rest like the file's own fields, and decrypted only when read (issue 9.5)."""

import json

import pytest
from django.db import connection

from mustafid.accounts.roles import Role
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.requests import services
from mustafid.requests.models import ServiceRequest
from mustafid.requests.tests.factories import filled_draft
from mustafid.services.models import FormField
from mustafid.services.tests.factories import published_service

pytestmark = pytest.mark.django_db

SECRET = "دخل شهري 7341 ريال ومرض مزمن"


@pytest.fixture
def request_with_secret():
    b = BeneficiaryFactory()
    version = published_service()
    FormField._base_manager.filter(version=version, key="reason").update(sensitive=True)
    desk = scoped_staff(Role.RECEPTIONIST, b)
    draft = filled_draft(by=desk, beneficiary=b, version=version)
    services.save_answers(by=desk, request=draft, answers={"reason": SECRET}, criteria_answers={})
    return draft


def raw_answers(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers FROM requests_servicerequest WHERE id = %s", [pk])
        return str(cursor.fetchone()[0])


def test_at_rest_a_sensitive_answer_is_not_in_the_raw_column_issue_9_5(request_with_secret):
    stored = raw_answers(request_with_secret.pk)
    assert stored and SECRET not in stored and "7341" not in stored
    assert "reason" not in stored  # not even which questions were answered
    assert ServiceRequest.objects.get(pk=request_with_secret.pk).answers["reason"] == SECRET


def test_at_rest_answers_are_decrypted_only_when_read_issue_9_5(request_with_secret, monkeypatch):
    """A worklist of requests must not pay one decryption per row for answers it never shows (issue 13)."""
    from mustafid.core import crypto

    calls = []
    real = crypto.decrypt
    monkeypatch.setattr(crypto, "decrypt", lambda token: calls.append(1) or real(token))
    rows = list(ServiceRequest.objects.filter(pk=request_with_secret.pk))
    assert rows[0].reference is not None and calls == []
    assert rows[0].answers["reason"] == SECRET and len(calls) == 1
    assert rows[0].answers["reason"] == SECRET and len(calls) == 1  # decrypted once, then kept


def test_at_rest_a_request_saved_without_reading_its_answers_keeps_them_issue_9_5(request_with_secret):
    again = ServiceRequest.objects.get(pk=request_with_secret.pk)
    again.save()
    assert SECRET not in raw_answers(again.pk)
    assert ServiceRequest.objects.get(pk=again.pk).answers["reason"] == SECRET


def test_at_rest_answers_can_be_set_by_update_and_read_back_issue_9_5(request_with_secret):
    ServiceRequest.objects.filter(pk=request_with_secret.pk).update(answers={"reason": "تغير", "n": 3})
    assert "تغير" not in raw_answers(request_with_secret.pk)
    assert ServiceRequest.objects.get(pk=request_with_secret.pk).answers == {"reason": "تغير", "n": 3}


@pytest.mark.django_db(transaction=True)
def test_at_rest_the_migration_encrypts_existing_answers_and_back_issue_9_5(request_with_secret):
    from django.core.management import call_command

    call_command("migrate", "requests", "0003_workflow", verbosity=0)
    try:
        assert json.loads(raw_answers(request_with_secret.pk))["reason"] == SECRET  # plain JSON, as rows held it
    finally:
        call_command("migrate", "requests", verbosity=0)
    assert SECRET not in raw_answers(request_with_secret.pk)
    assert ServiceRequest.objects.get(pk=request_with_secret.pk).answers["reason"] == SECRET
