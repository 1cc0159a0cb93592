"""CH-5: a beneficiary identifies on the portal with an ID number and a one-time code by SMS."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, valid_national_id
from mustafid.notifications.models import Notification
from mustafid.portal import codes
from mustafid.portal.models import OneTimeCode
from mustafid.portal.session import SESSION_KEY

from .sent import sent_code

UNKNOWN_ID = valid_national_id(987654)


@pytest.fixture
def beneficiary(db):
    BeneficiaryFactory(phone="+966500000001")  # someone else, who must never get a message
    return BeneficiaryFactory(full_name="نورة بنت سعد", phone="+966551112233")


def ask_code(client, national_id, capture):
    with capture(execute=True):
        return client.post(reverse("portal:identify"), {"national_id": national_id})


def other_than(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def enter(client, code):
    return client.post(reverse("portal:verify"), {"code": code})


def identified(client) -> bool:
    return SESSION_KEY in client.session


def same_page(html: bytes) -> str:
    """The page without its per-response CSRF tokens."""
    text = html.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", text)


def test_ch5_the_code_goes_by_sms_to_the_phone_registered_on_the_file_only(
    client, beneficiary, sms, django_capture_on_commit_callbacks
):
    response = ask_code(client, beneficiary.national_id, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == reverse("portal:verify")
    assert [m["to"] for m in sms.outbox] == ["+966551112233"]
    code = sent_code(sms)
    # Only keyed hashes are stored: neither the code nor the ID number appears in the row.
    row = OneTimeCode.objects.get()
    stored = " ".join(str(v) for v in OneTimeCode.objects.values_list().get())
    assert code not in stored and beneficiary.national_id not in stored
    assert abs(row.expires_at - row.created_at - timedelta(minutes=10)) < timedelta(seconds=5)
    # The outbox shows staff a subject without the code.
    assert code not in Notification.objects.get().subject

    assert enter(client, code).status_code == 302
    assert client.session[SESSION_KEY]["id"] == beneficiary.pk
    # Once used, the code is blanked out of the outbox, and cannot be used again.
    assert code not in Notification.objects.get().body
    client.post(reverse("portal:sign_out"))
    assert not identified(client)
    client.post(reverse("portal:identify"), {"national_id": beneficiary.national_id})
    enter(client, code)
    assert not identified(client)


def test_ch5_a_wrong_code_is_refused_and_attempts_are_limited_to_five(
    client, beneficiary, sms, django_capture_on_commit_callbacks
):
    ask_code(client, beneficiary.national_id, django_capture_on_commit_callbacks)
    code = sent_code(sms)
    for _ in range(4):
        response = enter(client, other_than(code))
        assert response.status_code == 200 and response.context["form"].errors
        assert not identified(client)
    enter(client, other_than(code))  # the fifth wrong attempt
    assert OneTimeCode.objects.get().attempts == 5
    # Now even the right code is refused: a new code must be asked for.
    response = enter(client, code)
    assert response.status_code == 200 and not identified(client)
    assert OneTimeCode.objects.get().attempts == 5


def test_ch5_an_expired_code_is_refused(client, beneficiary, sms, django_capture_on_commit_callbacks):
    ask_code(client, beneficiary.national_id, django_capture_on_commit_callbacks)
    OneTimeCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = enter(client, sent_code(sms))
    assert response.status_code == 200 and response.context["form"].errors
    assert not identified(client)


def test_ch5_a_new_code_replaces_the_old_one_and_codes_are_rate_limited(
    client, beneficiary, sms, django_capture_on_commit_callbacks
):
    ask_code(client, beneficiary.national_id, django_capture_on_commit_callbacks)
    first = sent_code(sms)
    ask_code(client, beneficiary.national_id, django_capture_on_commit_callbacks)
    second = sent_code(sms)
    for _ in range(3):
        ask_code(client, beneficiary.national_id, django_capture_on_commit_callbacks)
    assert len(sms.outbox) == codes.MAX_CODES_PER_WINDOW
    if first != second:
        enter(client, first)
        assert not identified(client)
    OneTimeCode.objects.update(attempts=0)
    enter(client, sent_code(sms))
    assert identified(client)


def test_ch5_an_unknown_id_gets_exactly_the_same_pages_as_a_registered_one(
    client, beneficiary, sms, django_capture_on_commit_callbacks
):
    from django.test import Client

    known, unknown = client, Client()
    answers = []
    for visitor, national_id in ((known, beneficiary.national_id), (unknown, UNKNOWN_ID)):
        with django_capture_on_commit_callbacks(execute=True):
            first = visitor.post(reverse("portal:identify"), {"national_id": national_id})
        page = visitor.get(first["Location"])
        wrong = [visitor.post(reverse("portal:verify"), {"code": "000000"}) for _ in range(6)]
        answers.append([first["Location"], same_page(page.content), *(same_page(w.content) for w in wrong)])
    assert answers[0] == answers[1]
    assert len(sms.outbox) == 1  # the unknown ID sent nothing, to anyone
    assert not identified(known) and not identified(unknown)


def test_ch5_an_archived_file_cannot_identify(client, beneficiary, sms, django_capture_on_commit_callbacks):
    beneficiary.is_archived = True
    beneficiary.save()
    ask_code(client, beneficiary.national_id, django_capture_on_commit_callbacks)
    assert sms.outbox == []


def test_ch5_an_invalid_id_number_is_refused_by_the_form(client, db, sms):
    response = client.post(reverse("portal:identify"), {"national_id": "1234567890"})
    assert response.status_code == 200 and response.context["form"].errors
    assert not OneTimeCode.objects.exists()


def test_ch5_arabic_indic_digits_work_for_the_id_and_the_code(
    client, beneficiary, sms, django_capture_on_commit_callbacks
):
    arabic = beneficiary.national_id.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    ask_code(client, arabic, django_capture_on_commit_callbacks)
    code = sent_code(sms).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    enter(client, code)
    assert identified(client)


def test_ch5_the_portal_session_expires(client, beneficiary, sms, django_capture_on_commit_callbacks):
    ask_code(client, beneficiary.national_id, django_capture_on_commit_callbacks)
    enter(client, sent_code(sms))
    assert client.get(reverse("portal:requests")).status_code == 200
    session = client.session
    session[SESSION_KEY] = {**session[SESSION_KEY], "until": 0}
    session.save()
    response = client.get(reverse("portal:requests"))
    assert response.status_code == 302 and response["Location"] == reverse("portal:identify")


def test_ch5_the_code_page_without_asking_first_sends_back(client, db):
    response = client.get(reverse("portal:verify"))
    assert response.status_code == 302 and response["Location"] == reverse("portal:identify")
