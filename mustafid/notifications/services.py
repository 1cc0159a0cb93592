"""Writing to the outbox and sending from it.

``notify()`` is called inside the transaction of the change that causes the
message, so a message exists exactly when its change committed. Workers then
send: each claims a batch with ``SELECT ... FOR UPDATE SKIP LOCKED`` and marks
it ``sending`` under a lease before talking to the gateway, so two workers
never send the same notification. A gateway error puts the message back with
exponential backoff; after ``MAX_ATTEMPTS`` it stays ``failed`` and visible.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import connections, models, router, transaction
from django.db.models import signals
from django.utils import timezone
from django.utils.translation import gettext as _

from mustafid.accounts.models import Branch, Category, Domain

from .gateways import GatewayError, get_sms_backend
from .models import STAFF_CHANNELS, Channel, Notification

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BASE_DELAY = timedelta(minutes=1)
MAX_DELAY = timedelta(hours=6)
LEASE = timedelta(minutes=5)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 ... minutes, at most six hours."""
    exponent = min(max(attempts - 1, 0), 20)  # 2**20 minutes is far past the cap already
    return min(BASE_DELAY * (2**exponent), MAX_DELAY)


def notify(
    *,
    channel: str,
    recipient_name: str,
    address: str,
    subject: str,
    body: str,
    dedupe_key: str,
    about: models.Model | None = None,
    branch: Branch | None = None,
    category: Category | None = None,
    domains: Iterable[Domain] = (),
) -> Notification:
    """Put a message in the outbox, in the caller's transaction.

    Phone calls and letters become tasks on the staff worklist. Calling it
    twice with the same ``dedupe_key`` returns the first message, also when
    two transactions call it at once: neither fails, and the caller's
    transaction goes on either way.

    ``branch``, ``category`` and ``domains`` are the scope of the beneficiary
    the message is about: staff see the message only within that scope.
    """
    notification = Notification(
        channel=channel,
        status=Notification.Status.TASK_OPEN if channel in STAFF_CHANNELS else Notification.Status.PENDING,
        recipient_name=recipient_name,
        address=address or "",
        subject=subject,
        body=body,
        dedupe_key=dedupe_key,
        about_type=ContentType.objects.get_for_model(about) if about is not None else None,
        about_id=str(about.pk) if about is not None else "",
        branch=branch,
        category=category,
    )
    using = router.db_for_write(Notification)
    # Not "look, then insert": two transactions can both look and find nothing.
    # INSERT ... ON CONFLICT (dedupe_key) DO NOTHING raises no error, so it never
    # aborts the caller's PostgreSQL transaction, and needs no savepoint (a
    # savepoint per call would be a subtransaction per message, and a loop such
    # as flag_overdue() would pile them up). Under READ COMMITTED, if another
    # transaction has inserted this key and not yet committed, our INSERT waits
    # for it: if it commits, we insert nothing and the SELECT below (a new
    # statement, so a new snapshot) sees its row; if it rolls back, our row goes
    # in. (Under REPEATABLE READ PostgreSQL would refuse instead, with a
    # serialization error; Django runs READ COMMITTED.) On SQLite, writers take
    # the lock at BEGIN (IMMEDIATE), so they queue and the second sees the first's row.
    created_pk = _insert_unless_taken(notification, using=using)
    if created_pk is None:
        return Notification.objects.using(using).get(dedupe_key=dedupe_key)
    notification.pk = created_pk
    notification._state.adding = False
    notification._state.db = using
    # Only the call that wrote the row links its domains: a repeated event changes nothing.
    notification.domains.set(list(domains))
    signals.post_save.send(
        sender=Notification, instance=notification, created=True, update_fields=None, raw=False, using=using
    )
    if notification.status == Notification.Status.PENDING:
        # Only the call that wrote the row wakes the workers.
        transaction.on_commit(_wake_workers, using=using)
    return notification


def _insert_unless_taken(notification: Notification, *, using: str) -> int | None:
    """Insert the row unless its dedupe_key exists; the new id, or None if it existed.

    The ORM's ``bulk_create(ignore_conflicts=True)`` would not say which of the
    two happened, and on SQLite its ``INSERT OR IGNORE`` also drops rows that
    break NOT NULL or CHECK; this ignores the dedupe_key conflict alone.
    """
    connection = connections[using]
    meta = Notification._meta
    # The model signals Model.save() would send, so receivers (the change history,
    # should this model ever be put under it) see the same; post_save only for a row written.
    signals.pre_save.send(sender=Notification, instance=notification, raw=False, using=using, update_fields=None)
    fields = [f for f in meta.concrete_fields if f is not meta.pk]
    values = [f.get_db_prep_save(f.pre_save(notification, True), connection) for f in fields]
    quote = connection.ops.quote_name
    # Table and column names come from the model and are quoted; every value is a parameter.
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(fields))}) "
        f"ON CONFLICT ({quote(meta.get_field('dedupe_key').column)}) DO NOTHING "
        f"RETURNING {quote(meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    return row[0] if row else None


def _wake_workers() -> None:
    from .tasks import dispatch_outbox

    try:
        dispatch_outbox.enqueue()
    except Exception:
        log.exception("could not enqueue the outbox task; the periodic sweep will send")


def claim(*, worker_id: str, limit: int = 50) -> list[int]:
    """Take up to ``limit`` due messages for this worker (skipping rows others hold)."""
    now = timezone.now()
    with transaction.atomic():
        due = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(
                models.Q(status=Notification.Status.PENDING, next_attempt_at__lte=now)
                # A worker that died mid-send: its lease ran out. The gateway's
                # idempotency key (the id) keeps a resend from delivering twice.
                | models.Q(status=Notification.Status.SENDING, claimed_until__lt=now)
            )
            .order_by("next_attempt_at", "id")
            .values_list("id", flat=True)[:limit]
        )
        ids = list(due)
        if ids:
            Notification.objects.filter(pk__in=ids).update(
                status=Notification.Status.SENDING, claimed_by=worker_id, claimed_until=now + LEASE
            )
    return ids


def _deliver(notification: Notification) -> str:
    key = f"mustafid-{notification.pk}"
    if notification.channel == Channel.SMS:
        return get_sms_backend().send(to=notification.address, body=notification.body, idempotency_key=key)
    if notification.channel == Channel.EMAIL:
        message = EmailMessage(
            subject=notification.subject,
            body=notification.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.address],
            headers={"X-Mustafid-Notification": key},
        )
        try:
            message.send(fail_silently=False)
        except OSError as exc:
            raise GatewayError(str(exc)) from exc
        return key
    raise GatewayError(f"channel {notification.channel} is a staff task, not a message")


def send_claimed(*, worker_id: str, ids: list[int]) -> dict[str, int]:
    counts = {"sent": 0, "retry": 0, "failed": 0}
    for notification in Notification.objects.filter(pk__in=ids, claimed_by=worker_id, status="sending"):
        try:
            provider_id = _deliver(notification)
        except GatewayError as exc:
            attempts = notification.attempts + 1
            gave_up = attempts >= MAX_ATTEMPTS
            Notification.objects.filter(pk=notification.pk, claimed_by=worker_id).update(
                status=Notification.Status.FAILED if gave_up else Notification.Status.PENDING,
                attempts=attempts,
                next_attempt_at=timezone.now() + backoff(attempts),
                last_error=str(exc)[:2000],
                claimed_by="",
                claimed_until=None,
            )
            counts["failed" if gave_up else "retry"] += 1
            continue
        Notification.objects.filter(pk=notification.pk, claimed_by=worker_id).update(
            status=Notification.Status.SENT,
            attempts=notification.attempts + 1,
            sent_at=timezone.now(),
            provider_id=provider_id[:100],
            last_error="",
            claimed_until=None,
        )
        counts["sent"] += 1
    return counts


def dispatch_pending(*, worker_id: str | None = None, limit: int = 50) -> dict[str, int]:
    """Send what is due. Safe to run in many processes at once."""
    worker_id = worker_id or uuid.uuid4().hex
    total = {"sent": 0, "retry": 0, "failed": 0}
    while ids := claim(worker_id=worker_id, limit=limit):
        for key, value in send_claimed(worker_id=worker_id, ids=ids).items():
            total[key] += value
    return total


@transaction.atomic
def retry_now(*, by, notification: Notification) -> Notification:
    """Staff put a failed message back in the queue (after fixing the address, say)."""
    if not by.has_perm("notifications.change_notification"):
        raise PermissionDenied
    if notification.status != Notification.Status.FAILED:
        raise ValidationError(_("Only a failed message can be retried."), code="not_failed")
    notification.status = Notification.Status.PENDING
    notification.attempts = 0
    notification.next_attempt_at = timezone.now()
    notification.save()
    transaction.on_commit(_wake_workers)
    return notification


@transaction.atomic
def complete_task(*, by, notification: Notification, note: str) -> Notification:
    """A phone call made or a letter posted: the staff task is done."""
    if not by.has_perm("notifications.change_notification"):
        raise PermissionDenied
    if notification.status != Notification.Status.TASK_OPEN:
        raise ValidationError(_("This task is already done."), code="task_done")
    if not note.strip():
        raise ValidationError(_("Say what was done (for example: called, the beneficiary was told)."), code="no_note")
    notification.status = Notification.Status.TASK_DONE
    notification.done_by = by
    notification.done_note = note
    notification.sent_at = timezone.now()
    notification.save()
    return notification
