"""Background work on the database task queue (django-tasks)."""

from django_tasks import task

from . import services


@task()
def dispatch_outbox() -> dict[str, int]:
    """Send the outbox's due messages (woken on commit of each new message, and periodically)."""
    return services.dispatch_pending()
