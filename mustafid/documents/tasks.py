"""Work of the published documents done by `manage.py db_worker` (IN-3)."""

from django_tasks import task

from . import service_changes, services
from .models import DocumentVersion


@task()
def send_document_notices(version_id: int) -> int:
    """IN-3: tell the beneficiaries a new document version concerns, in batches."""
    return services.send_change_notices(version=DocumentVersion.objects.select_related("document").get(pk=version_id))


@task()
def send_service_change_notices(version_id: int) -> int:
    """IN-3: tell those with open requests for a service that its criteria or required documents changed."""
    return service_changes.tell_open_requests(version_id=version_id)
