"""Staff tasks and the outbox are scoped like the beneficiary they are about: branch, category, domain (issue 9.1)."""

import pytest
from django.urls import reverse

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import BranchFactory, CategoryFactory, DomainFactory, UserFactory
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.notifications import services
from mustafid.notifications.models import Notification

pytestmark = pytest.mark.django_db


def message_about(beneficiary, n, *, channel="phone"):
    """A message to ``beneficiary`` carrying its scope, as every enqueue call site writes it."""
    return services.notify(
        channel=channel,
        recipient_name=beneficiary.full_name,
        address=beneficiary.phone,
        subject="طلبك",
        body=f"رسالة إلى {beneficiary.full_name}",
        dedupe_key=f"scope-test:{n}",
        branch=beneficiary.branch,
        category=beneficiary.category,
        domains=beneficiary.domains.all(),
    )


@pytest.fixture
def world():
    branch = BranchFactory(code="scope-b")
    mine = BeneficiaryFactory(branch=branch, category=CategoryFactory(code="orphans"), domains=[DomainFactory()])
    return {
        "mine": mine,
        # Same branch, another category; same branch and category, another domain.
        "other_category": BeneficiaryFactory(
            branch=branch, category=CategoryFactory(code="widows"), domains=list(mine.domains.all())
        ),
        "other_domain": BeneficiaryFactory(branch=branch, category=mine.category, domains=[DomainFactory()]),
        "desk": scoped_staff(Role.RECEPTIONIST, mine),
    }


def test_the_task_list_shows_only_tasks_about_beneficiaries_in_every_dimension_of_the_scope(client, world):
    mine = message_about(world["mine"], 1)
    message_about(world["other_category"], 2, channel="letter")
    message_about(world["other_domain"], 3)
    client.force_login(world["desk"])
    response = client.get(reverse("notifications:tasks"))
    assert [t.pk for t in response.context["tasks"]] == [mine.pk]
    page = response.content.decode()
    assert world["other_category"].full_name not in page
    assert world["other_domain"].full_name not in page


@pytest.mark.parametrize("other", ["other_category", "other_domain"])
def test_a_task_about_another_category_or_domain_cannot_be_marked_done(client, world, other):
    task = message_about(world[other], 1)
    client.force_login(world["desk"])
    response = client.post(reverse("notifications:task_done", args=[task.pk]), {"note": "اتصلت"})
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.status == Notification.Status.TASK_OPEN


@pytest.mark.parametrize("other", ["other_category", "other_domain"])
def test_an_outbox_message_about_another_category_or_domain_is_neither_listed_nor_retried(client, world, other):
    failed = message_about(world[other], 1, channel="sms")
    Notification.objects.filter(pk=failed.pk).update(status=Notification.Status.FAILED)
    client.force_login(world["desk"])
    listed = client.get(reverse("notifications:outbox")).context["page"].object_list
    assert failed.pk not in [n.pk for n in listed]
    assert client.post(reverse("notifications:retry", args=[failed.pk])).status_code == 404
    failed.refresh_from_db()
    assert failed.status == Notification.Status.FAILED


def test_a_message_about_no_beneficiary_is_seen_by_global_staff_only(client, world):
    loose = services.notify(
        channel="letter", recipient_name="جهة", address="", subject="خطاب", body="نص", dedupe_key="scope-test:loose"
    )
    client.force_login(world["desk"])
    assert loose.pk not in [t.pk for t in client.get(reverse("notifications:tasks")).context["tasks"]]
    client.force_login(UserFactory(role=Role.RECEPTIONIST, scope_all=True))
    assert loose.pk in [t.pk for t in client.get(reverse("notifications:tasks")).context["tasks"]]
    response = client.post(reverse("notifications:task_done", args=[loose.pk]), {"note": "أرسلت"})
    assert response.status_code == 302
    loose.refresh_from_db()
    assert loose.status == Notification.Status.TASK_DONE


def test_the_scope_is_copied_once_when_the_same_event_is_notified_twice(world):
    first = message_about(world["mine"], 1)
    again = message_about(world["mine"], 1)
    assert again.pk == first.pk
    assert first.category == world["mine"].category
    assert set(first.domains.all()) == set(world["mine"].domains.all())
    assert Notification.domains.through.objects.filter(notification=first).count() == world["mine"].domains.count()


def assert_scope_of(notification, beneficiary):
    assert (notification.branch, notification.category) == (beneficiary.branch, beneficiary.category)
    assert set(notification.domains.all()) == set(beneficiary.domains.all())


def test_every_enqueue_call_site_copies_the_beneficiarys_whole_scope():
    from datetime import date

    from mustafid.interactions import services as interactions
    from mustafid.portal import codes
    from mustafid.requests import services as requests
    from mustafid.requests.tests.factories import filled_draft
    from mustafid.services.tests.factories import published_service

    b = BeneficiaryFactory(email="b@example.sa", preferred_channel="sms", domains=[DomainFactory(), DomainFactory()])
    desk = scoped_staff(Role.RECEPTIONIST, b)
    UserFactory(role=Role.SENIOR_MANAGEMENT, scope_all=True, email="boss@mustafid.test")
    request = requests.complete_request(
        by=desk, request=filled_draft(by=desk, beneficiary=b, version=published_service()), today=date(2026, 1, 4)
    )
    assert_scope_of(Notification.objects.get(dedupe_key=f"request:{request.pk}:completed"), b)
    requests.flag_overdue(today=date(2026, 11, 25))
    assert_scope_of(Notification.objects.get(dedupe_key__startswith=f"request:{request.pk}:overdue"), b)
    interaction = interactions.send_email(
        by=scoped_staff(Role.CASE_WORKER, b), beneficiary=b, subject="موعد", body="نص"
    )
    assert_scope_of(Notification.objects.get(dedupe_key=f"interaction:{interaction.pk}:email"), b)
    codes.issue_code(national_id=b.national_id, device_hash="d" * 64, address="192.0.2.10")
    assert_scope_of(Notification.objects.get(dedupe_key__startswith=codes.DEDUPE_PREFIX), b)


def test_the_data_migration_gives_existing_messages_the_scope_of_their_beneficiary():
    import importlib

    from django.apps import apps

    from mustafid.interactions.tests.factories import InteractionFactory

    backfill = importlib.import_module("mustafid.notifications.migrations.0004_backfill_scope").backfill
    b = BeneficiaryFactory(domains=[DomainFactory(), DomainFactory()])
    interaction = InteractionFactory(beneficiary=b)
    old = services.notify(
        channel="sms", recipient_name="x", address="", subject="s", body="b", dedupe_key="old:1", about=interaction
    )
    about_b = services.notify(
        channel="sms", recipient_name="x", address="", subject="s", body="b", dedupe_key="old:2", about=b
    )
    loose = services.notify(channel="sms", recipient_name="x", address="", subject="s", body="b", dedupe_key="old:3")
    backfill(apps, None)
    for n in (old, about_b):
        n.refresh_from_db()
        assert_scope_of(n, b)
    loose.refresh_from_db()
    assert (loose.category, list(loose.domains.all())) == (None, [])


def test_the_data_migration_finds_the_beneficiary_of_a_portal_code_through_its_id_number():
    import importlib

    from django.apps import apps
    from django.utils import timezone

    from mustafid.portal import codes
    from mustafid.portal.models import OneTimeCode

    backfill = importlib.import_module("mustafid.notifications.migrations.0004_backfill_scope").backfill
    b = BeneficiaryFactory()
    one_time = OneTimeCode.objects.create(
        national_id_hash=codes.id_hash(b.national_id), code_hash="x", expires_at=timezone.now()
    )
    old = services.notify(
        channel="sms", recipient_name="x", address="", subject="s", body="b", dedupe_key=f"portal-code:{one_time.pk}"
    )
    backfill(apps, None)
    old.refresh_from_db()
    assert_scope_of(old, b)
