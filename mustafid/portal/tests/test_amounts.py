"""The portal writes the approved aid as ``6,000.00 ريال``, never ``6000,00`` (issue 10.2)."""

from decimal import Decimal

from django.urls import reverse

from mustafid.entitlements.tests.factories import entitlement_with
from mustafid.requests.models import Status

from .test_requests import completed_request, setup, sign_in

__all__ = ["setup"]  # the fixture, used by name


def test_the_portal_shows_the_decision_and_its_aid_grouped(client, setup, sms, django_capture_on_commit_callbacks):
    request = completed_request(setup)
    request.status, request.decision, request.approved_amount = Status.REPLIED, "approved", Decimal("6000")
    request.replied_on = request.completed_on
    request.save(update_fields=["status", "decision", "approved_amount", "replied_on"])
    entitlement_with(request, by=setup["desk"], dues=[request.completed_on], amount=Decimal("6000"))
    sign_in(client, setup["b"], sms, django_capture_on_commit_callbacks)
    html = client.get(reverse("portal:request", args=[request.pk])).content.decode()
    assert html.count("6,000.00 ريال") == 3  # the decision, the aid's total, its one instalment
    assert "6000,00" not in html
