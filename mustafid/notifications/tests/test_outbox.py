"""The outbox: written with the change, sent once, retried, never lost (HD-5, across the product)."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from mustafid.accounts.models import Branch
from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import BranchFactory, CategoryFactory, DomainFactory, UserFactory
from mustafid.notifications import services
from mustafid.notifications.gateways import LocmemSmsBackend
from mustafid.notifications.models import Notification


@pytest.fixture(autouse=True)
def sms():
    LocmemSmsBackend.reset()
    yield LocmemSmsBackend
    LocmemSmsBackend.reset()


def make(n=0, channel="sms", address="+966551234567", **kw):
    return services.notify(
        channel=channel,
        recipient_name="سارة",
        address=address,
        subject="طلبك",
        body=f"رسالة رقم {n}",
        dedupe_key=f"test:{channel}:{n}",
        **kw,
    )


@pytest.mark.django_db
def test_a_notification_exists_only_if_its_change_committed():
    with pytest.raises(RuntimeError), transaction.atomic():
        make(1)
        raise RuntimeError("the change failed")
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_the_same_event_gives_one_notification():
    assert make(1).pk == make(1).pk
    assert Notification.objects.count() == 1


@pytest.mark.django_db
def test_sms_and_email_are_sent_through_their_backends(sms):
    make(1)
    make(2, channel="email", address="sara@example.com")
    counts = services.dispatch_pending(worker_id="w1")
    assert counts == {"sent": 2, "retry": 0, "failed": 0}
    assert sms.outbox == [
        {"to": "+966551234567", "body": "رسالة رقم 1", "key": f"mustafid-{Notification.objects.get(channel='sms').pk}"}
    ]
    assert mail.outbox[0].to == ["sara@example.com"]
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


@pytest.mark.django_db
def test_nothing_is_lost_when_the_gateway_is_down(sms):
    n = make(1)
    sms.fail_with = "gateway unreachable"
    assert services.dispatch_pending(worker_id="w1") == {"sent": 0, "retry": 1, "failed": 0}
    n.refresh_from_db()
    assert (n.status, n.attempts, n.last_error) == ("pending", 1, "gateway unreachable")
    assert n.next_attempt_at > timezone.now()
    # Not due yet: a worker passing now leaves it alone.
    assert services.dispatch_pending(worker_id="w1")["retry"] == 0
    sms.fail_with = None
    Notification.objects.filter(pk=n.pk).update(next_attempt_at=timezone.now())
    assert services.dispatch_pending(worker_id="w2")["sent"] == 1
    assert len(sms.outbox) == 1


def test_backoff_doubles_and_is_capped():
    assert [services.backoff(a).total_seconds() for a in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert services.backoff(50) == timedelta(hours=6)


@pytest.mark.django_db
def test_after_the_last_attempt_the_message_is_failed_and_visible(client, sms):
    n = make(1)
    sms.fail_with = "rejected number"
    Notification.objects.filter(pk=n.pk).update(attempts=services.MAX_ATTEMPTS - 1)
    assert services.dispatch_pending(worker_id="w1")["failed"] == 1
    n.refresh_from_db()
    assert n.status == "failed"
    admin = UserFactory(role=Role.ADMINISTRATOR, scope_all=True)
    client.force_login(admin)
    body = client.get(reverse("notifications:outbox") + "?status=failed").content.decode()
    assert "rejected number" in body
    sms.fail_with = None
    client.post(reverse("notifications:retry", args=[n.pk]))
    n.refresh_from_db()
    assert n.status in ("pending", "sent")


@pytest.mark.django_db
def test_phone_and_letter_become_staff_tasks_in_scope(client):
    branch, other = BranchFactory(code="b1"), BranchFactory(code="b2")
    # Tasks are scoped in every dimension of their beneficiary (issue 9.1): the staff member holds all three.
    category, domain = CategoryFactory(code="c1"), DomainFactory(code="d1")
    call = make(1, channel="phone", branch=branch, category=category, domains=[domain])
    make(2, channel="letter", branch=other, category=category, domains=[domain])
    assert call.status == "task_open"
    assert services.dispatch_pending(worker_id="w")["sent"] == 0  # never sent by a worker
    staff = UserFactory(role=Role.RECEPTIONIST, branches=[branch], categories=[category], domains=[domain])
    client.force_login(staff)
    tasks = client.get(reverse("notifications:tasks")).context["tasks"]
    assert [t.pk for t in tasks] == [call.pk]
    client.post(reverse("notifications:task_done", args=[call.pk]), {"note": "اتصلت وأبلغتها"})
    call.refresh_from_db()
    assert (call.status, call.done_by, call.done_note) == ("task_done", staff, "اتصلت وأبلغتها")


@pytest.mark.django_db
def test_a_worker_that_died_mid_send_leaves_its_messages_to_others(sms):
    n = make(1)
    assert services.claim(worker_id="dead", limit=10) == [n.pk]
    assert services.claim(worker_id="alive", limit=10) == []  # leased
    Notification.objects.filter(pk=n.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert services.dispatch_pending(worker_id="alive")["sent"] == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_send_a_notification_twice(sms):
    for n in range(60):
        make(n)
    barrier = threading.Barrier(2)
    errors = []

    def worker(name):
        try:
            barrier.wait()
            services.dispatch_pending(worker_id=name, limit=5)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    keys = [m["key"] for m in sms.outbox]
    assert len(keys) == 60
    assert len(set(keys)) == 60
    assert Notification.objects.filter(status="sent").count() == 60


@pytest.mark.django_db
def test_the_same_event_twice_in_one_transaction_gives_one_row_and_the_transaction_goes_on(
    monkeypatch, django_capture_on_commit_callbacks
):
    wakes = []
    monkeypatch.setattr(services, "_wake_workers", lambda: wakes.append(1))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        first = make(1)
        second = make(1)
        # The caller's transaction is still usable: it reads and writes on.
        branch = BranchFactory(code="after-notify")
        assert Notification.objects.filter(dedupe_key="test:sms:1").count() == 1
    assert first.pk == second.pk
    assert second.body == "رسالة رقم 1"
    assert Notification.objects.count() == 1
    assert Branch.objects.filter(pk=branch.pk).exists()
    assert wakes == [1]  # only the call that wrote the row wakes the workers


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two writers at once need PostgreSQL (CI runs it too)")
@pytest.mark.django_db(transaction=True)
def test_two_desks_raising_the_same_event_at_once_both_commit_with_one_notification(monkeypatch):
    """Two transactions reach the insert together: neither fails, both get the one row."""
    wakes = []
    monkeypatch.setattr(services, "_wake_workers", lambda: wakes.append(1))
    barrier = threading.Barrier(2, timeout=30)
    pks: dict[str, int] = {}
    errors = []

    def desk(name):
        held = []

        def at_the_insert(execute, sql, params, many, context):
            # Both have found no row yet; hold each here so the two inserts go in together.
            if not held and sql.startswith("INSERT") and Notification._meta.db_table in sql:
                held.append(True)
                barrier.wait()
            return execute(sql, params, many, context)

        try:
            with connection.execute_wrapper(at_the_insert), transaction.atomic():
                pks[name] = make(1).pk
                BranchFactory(code=f"desk-{name}")  # the rest of the desk's change, same transaction
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=desk, args=(name,)) for name in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert Notification.objects.count() == 1
    assert pks["a"] == pks["b"] == Notification.objects.get().pk
    assert set(Branch.objects.filter(code__startswith="desk-").values_list("code", flat=True)) == {"desk-a", "desk-b"}
    assert wakes == [1]
