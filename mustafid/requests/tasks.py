"""Scheduled work of the request cycle (run by `manage.py db_worker`, enqueued by `run_scheduler`)."""

from django_tasks import task

from . import services


@task()
def flag_overdue_requests() -> int:
    """HD-6: escalate requests past their reply date to the supervisors."""
    return services.flag_overdue()
