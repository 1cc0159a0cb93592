"""Background work of satisfaction campaigns (run by `manage.py db_worker`)."""

from django_tasks import task

from . import services
from .models import Campaign


@task()
def invite_segment(campaign_id: int) -> int:
    """SM-1: invite a large segment, a batch per transaction, after the campaign was sent."""
    return services.invite_remaining(campaign=Campaign.objects.get(pk=campaign_id))
