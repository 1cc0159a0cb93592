"""IN-3: when information changes, the beneficiaries it affects are told, through their agreed channel, once."""

from __future__ import annotations

import pytest
from django.db import transaction

from mustafid.accounts.tests.factories import CategoryFactory
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory
from mustafid.documents import services
from mustafid.notifications.models import Notification
from mustafid.requests.models import ServiceRequest, Status
from mustafid.services import services as catalogue
from mustafid.services.models import Criterion, RequiredDocument
from mustafid.services.tests.factories import committee_ready_to_decide, published_service

from .factories import published, publisher

pytestmark = pytest.mark.django_db


def told(beneficiary, prefix: str):
    return Notification.objects.filter(dedupe_key__startswith=prefix, recipient_name=beneficiary.full_name)


def new_version(first, captured, **kw):
    with captured(execute=True):
        return services.publish_version(
            by=publisher(), document=first.document, body=kw.pop("body", "نص معدل."), changes="عدلت المدة", **kw
        )


# --- documents -----------------------------------------------------------------


def test_in3_a_new_version_tells_the_active_beneficiaries_of_the_categories_concerned(
    django_capture_on_commit_callbacks,
):
    widows, students = CategoryFactory(), CategoryFactory()
    concerned = BeneficiaryFactory(category=widows, preferred_channel="sms")
    by_email = BeneficiaryFactory(category=widows, preferred_channel="email", email="reader@example.com")
    other = BeneficiaryFactory(category=students)
    archived = BeneficiaryFactory(category=widows, is_archived=True)
    with django_capture_on_commit_callbacks(execute=True):
        first = published(categories=[widows])
    assert not Notification.objects.filter(dedupe_key__startswith="document:").exists()  # v1 is no change
    second = new_version(first, django_capture_on_commit_callbacks)
    key = f"document:{second.pk}:"
    sms = told(concerned, key).get()
    assert sms.channel == "sms" and sms.address == concerned.phone
    assert (
        "سياسة صرف المساعدات" in sms.body and "عدلت المدة" in sms.body and "/portal/documents/aid-policy/" in sms.body
    )
    assert told(by_email, key).get().address == "reader@example.com"
    assert not told(other, key).exists()
    assert not told(archived, key).exists()


def test_in3_a_document_for_no_category_concerns_every_active_beneficiary(django_capture_on_commit_callbacks):
    people = [BeneficiaryFactory(), BeneficiaryFactory()]
    second = new_version(published(), django_capture_on_commit_callbacks)
    assert all(told(p, f"document:{second.pk}:").count() == 1 for p in people)


def test_in3_each_beneficiary_is_told_once_per_version(django_capture_on_commit_callbacks):
    person = BeneficiaryFactory()
    second = new_version(published(), django_capture_on_commit_callbacks)
    services.send_change_notices(version=second)  # the task run again (a retry)
    assert told(person, f"document:{second.pk}:").count() == 1
    third = new_version(second, django_capture_on_commit_callbacks, body="نص ثالث.")
    assert told(person, "document:").count() == 2 and told(person, f"document:{third.pk}:").count() == 1


def test_in3_a_document_not_shown_on_the_portal_sends_no_notice(django_capture_on_commit_callbacks):
    BeneficiaryFactory()
    new_version(published(slug="internal", is_public=False), django_capture_on_commit_callbacks)
    assert not Notification.objects.filter(dedupe_key__startswith="document:").exists()


def test_in3_nothing_is_sent_when_the_publication_rolls_back(django_capture_on_commit_callbacks):
    BeneficiaryFactory()
    first = published()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.publish_version(by=publisher(), document=first.document, body="ب", changes="ج")
        raise RuntimeError
    assert first.document.versions.count() == 1
    assert not Notification.objects.filter(dedupe_key__startswith="document:").exists()


# --- a service's criteria and required documents (services.signals.version_published) ---


def open_request(beneficiary, version, status=Status.IN_STUDY):
    return ServiceRequest.objects.create(
        beneficiary=beneficiary, version=version, received_via="interview", status=status
    )


def republish(first, administrator, captured, *, change=True):
    second = catalogue.start_new_version(by=administrator, service=first.service)
    if change:
        Criterion.objects.filter(version=second, order=2).delete()
        Criterion.objects.create(version=second, text="أن يكون لدى الأسرة أطفال دون الثامنة عشرة", order=3)
        RequiredDocument.objects.create(version=second, name="تعريف بالراتب", order=3)
    with captured(execute=True):
        return catalogue.publish_version(by=administrator, version=second)


def test_in3_changed_criteria_or_documents_tell_those_with_open_requests_for_the_service(
    administrator, django_capture_on_commit_callbacks
):
    first = published_service(committee=committee_ready_to_decide())
    other_service = published_service(committee=committee_ready_to_decide())
    waiting = BeneficiaryFactory()
    open_request(waiting, first)
    open_request(waiting, first, status=Status.RETURNED)  # two open requests: one message
    answered = BeneficiaryFactory()
    open_request(answered, first, status=Status.REPLIED)
    elsewhere = BeneficiaryFactory()
    open_request(elsewhere, other_service)
    second = republish(first, administrator, django_capture_on_commit_callbacks)
    key = f"service-change:{second.pk}:"
    message = told(waiting, key).get()
    assert "أن يكون لدى الأسرة أطفال دون الثامنة عشرة" in message.body  # criterion added
    assert "ألا يتجاوز دخل الأسرة حد الكفاية" in message.body  # criterion removed
    assert "تعريف بالراتب" in message.body  # document added
    assert f"/services/{first.service.code}/" in message.body  # the service as it is now
    assert not told(answered, key).exists()
    assert not told(elsewhere, key).exists()
    # The signal heard again (a retry): still one message.
    from mustafid.services.signals import version_published

    version_published.send(sender=type(second), version=second, previous=first)
    assert told(waiting, key).count() == 1


def test_in3_a_new_service_version_that_changes_neither_criteria_nor_documents_tells_no_one(
    administrator, django_capture_on_commit_callbacks
):
    first = published_service(committee=committee_ready_to_decide())
    open_request(BeneficiaryFactory(), first)
    republish(first, administrator, django_capture_on_commit_callbacks, change=False)
    assert not Notification.objects.filter(dedupe_key__startswith="service-change:").exists()


def test_in3_the_notices_are_written_in_bounded_batches_and_reach_everyone(
    monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "BATCH", 2)
    people = [BeneficiaryFactory() for _ in range(5)]
    second = new_version(published(), django_capture_on_commit_callbacks)
    assert Notification.objects.filter(dedupe_key__startswith=f"document:{second.pk}:").count() == len(people)


def test_rl2_a_change_notice_is_in_the_beneficiarys_copy_of_their_data(django_capture_on_commit_callbacks):
    from mustafid.beneficiaries.data_subject_sections import messages

    person = BeneficiaryFactory()
    new_version(published(), django_capture_on_commit_callbacks)
    assert [m["subject"] for m in messages(person)] == ["تغيرت «سياسة صرف المساعدات»"]
