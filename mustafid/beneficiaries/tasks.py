"""Scheduled work of the beneficiary register (run by `manage.py db_worker`, enqueued by `run_scheduler`)."""

from django_tasks import task

from .transfer import pending


@task()
def purge_import_previews() -> int:
    """Delete import files previewed and never confirmed once past their hour (issue 9.5)."""
    return pending.purge_expired()
