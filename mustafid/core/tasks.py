"""Background work of the shared kernel (django-tasks)."""

from django_tasks import task

from . import documents, rate_budget


@task()
def render_document(job_id: int) -> bool:
    """Render one document once the change that asked for it committed."""
    return documents.render(job_id)


@task()
def retry_documents() -> int:
    """Retry failed renders after their backoff, and any whose task was lost."""
    return documents.retry_due()


@task()
def purge_rate_budgets() -> int:
    """Forget the counts of rate-limit windows that have ended."""
    return rate_budget.purge_ended()
