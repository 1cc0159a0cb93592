"""Scheduled work of complaints (run by `manage.py db_worker`, enqueued by `run_scheduler`)."""

from django_tasks import task

from . import escalation


@task()
def escalate_overdue_complaints() -> int:
    """CM-1: take late complaints one level up."""
    return escalation.escalate_overdue()
