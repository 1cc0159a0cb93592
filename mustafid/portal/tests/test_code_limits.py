"""Issue 9.4: codes budgeted per device, address, ID number and for everyone; the page tells the truth."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, valid_national_id
from mustafid.portal import codes
from mustafid.portal.device import COOKIE
from mustafid.portal.session import SESSION_KEY

from .sent import code_messages, sent_code


@pytest.fixture
def victim(db):
    return BeneficiaryFactory(full_name="نورة بنت سعد", phone="+966551112233")


def ask(client, national_id, capture):
    with capture(execute=True):
        return client.post(reverse("portal:identify"), {"national_id": national_id})


def test_scope_issue9_4_victim_on_own_device_still_gets_a_code_while_an_attacker_hammers_their_id(
    victim, sms, django_capture_on_commit_callbacks
):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(30):
        ask(attacker, victim.national_id, django_capture_on_commit_callbacks)
        attacker.cookies.pop(COOKIE, None)  # a new "device" every time: the address budget still holds
    sent_to_attacker = len(code_messages(sms))
    assert sent_to_attacker <= codes.PER_ADDRESS.count < codes.PER_ID.count

    owner = Client(REMOTE_ADDR="198.51.100.7")
    response = ask(owner, victim.national_id, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert len(code_messages(sms)) == sent_to_attacker + 1
    owner.post(reverse("portal:verify"), {"code": sent_code(sms)})
    assert owner.session[SESSION_KEY]["id"] == victim.pk


def test_scope_issue9_4_attacker_codes_do_not_replace_or_lock_the_owners_code(
    victim, sms, django_capture_on_commit_callbacks
):
    owner, attacker = Client(REMOTE_ADDR="198.51.100.7"), Client(REMOTE_ADDR="203.0.113.9")
    ask(owner, victim.national_id, django_capture_on_commit_callbacks)
    code = sent_code(sms)
    ask(attacker, victim.national_id, django_capture_on_commit_callbacks)
    for _ in range(6):
        attacker.post(reverse("portal:verify"), {"code": "000000"})
    owner.post(reverse("portal:verify"), {"code": code})
    assert owner.session[SESSION_KEY]["id"] == victim.pk


def test_scope_issue9_4_one_address_cannot_ask_codes_across_many_ids(db, sms, django_capture_on_commit_callbacks):
    prober = Client(REMOTE_ADDR="203.0.113.9")
    answers = [ask(prober, valid_national_id(500000 + n), django_capture_on_commit_callbacks) for n in range(15)]
    refused = [a for a in answers if a.status_code == 200]
    assert len(refused) >= 15 - codes.PER_DEVICE.count


def test_scope_issue9_4_global_budget_holds(db, sms, settings, django_capture_on_commit_callbacks):
    settings.MUSTAFID_PORTAL_CODES_PER_HOUR = 2
    answers = [
        ask(Client(REMOTE_ADDR=f"198.51.100.{n}"), valid_national_id(600000 + n), django_capture_on_commit_callbacks)
        for n in range(3)
    ]
    assert [a.status_code for a in answers] == [302, 302, 200]


@pytest.mark.parametrize("registered", [True, False])
def test_scope_issue9_4_when_no_code_is_sent_the_page_says_so_and_how_long_to_wait(
    client, victim, sms, registered, django_capture_on_commit_callbacks
):
    national_id = victim.national_id if registered else valid_national_id(987654)
    for _ in range(codes.MAX_CODES_PER_WINDOW):
        assert ask(client, national_id, django_capture_on_commit_callbacks).status_code == 302
    response = ask(client, national_id, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    body = response.content.decode()
    # Arabic first: the page says no code was sent, and after how many minutes to try again.
    assert "لم يُرسل رمز" in body and re.search(r"بعد \d+ دقيقة", body)
    assert 'data-testid="code-refused"' in body
    assert national_id in body  # the form keeps what was typed


def test_scope_issue9_4_a_wrong_code_says_how_many_tries_remain(
    client, victim, sms, django_capture_on_commit_callbacks
):
    ask(client, victim.national_id, django_capture_on_commit_callbacks)
    wrong = f"{(int(sent_code(sms)) + 1) % 10**6:06d}"
    response = client.post(reverse("portal:verify"), {"code": wrong})
    assert f"بقي لك من المحاولات {codes.MAX_ATTEMPTS - 1}." in response.content.decode()


def test_scope_issue9_4_device_cookie_is_signed_and_httponly(client, db):
    response = client.get(reverse("portal:identify"))
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] and ":" in cookie.value
    client.cookies[COOKIE] = "forged"
    assert client.get(reverse("portal:identify")).cookies[COOKIE].value != "forged"


def test_scope_issue9_4_a_code_is_never_readable_in_the_admin_or_the_outbox(
    admin_client, victim, sms, django_capture_on_commit_callbacks
):
    from django.contrib import admin

    from mustafid.notifications.models import Notification
    from mustafid.portal.models import OneTimeCode

    ask(Client(), victim.national_id, django_capture_on_commit_callbacks)
    code = sent_code(sms)
    Notification.objects.update(status=Notification.Status.PENDING, sent_at=None)  # before it is sent
    Notification.objects.filter(pk=Notification.objects.get().pk).update(body=f"code {code}")
    notification = Notification.objects.get()
    pages = [
        reverse("notifications:outbox"),
        reverse("admin:notifications_notification_changelist"),
        reverse("admin:notifications_notification_change", args=[notification.pk]),
    ]
    for url in pages:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert code not in response.content.decode(), url
    # The code rows keep hashes only, and no admin page lists them.
    assert OneTimeCode not in admin.site._registry
