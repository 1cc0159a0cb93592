"""Scheduled work of staff policies (run by `manage.py db_worker`, enqueued by `run_scheduler`)."""

from django.utils import timezone
from django_tasks import task

from . import services


@task()
def remind_unsigned_policies() -> int:
    """RS-2: remind, once a week, each staff member of the policies in force they have not signed."""
    return services.remind_unsigned(today=timezone.localdate())
