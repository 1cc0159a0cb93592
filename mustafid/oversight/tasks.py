"""Scheduled work of supervisory visits (run by `manage.py db_worker`, enqueued by `run_scheduler`)."""

from django_tasks import task

from . import escalation


@task()
def escalate_overdue_actions() -> int:
    """SM-3: flag overdue corrective actions, remind, then escalate to senior management."""
    return escalation.escalate_overdue()
