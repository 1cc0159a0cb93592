"""A complaint's tracking code and its satisfaction link are for the complainant alone (CM-1, RL-2).

The outbox keeps every message it sends; an administrator reading a message in
the admin must not be able to follow someone's complaint with its code, nor
answer the satisfaction question in the complainant's place. Those messages are
secret in the outbox like the portal's one-time codes.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import UserFactory
from mustafid.complaints import services
from mustafid.notifications.models import Notification

from .factories import filed

pytestmark = pytest.mark.django_db


def admin_page_of(client, notification: Notification) -> str:
    admin = UserFactory(role=Role.ADMINISTRATOR, scope_all=True, is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get(reverse("admin:notifications_notification_change", args=[notification.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_tracking_code_is_never_readable_in_the_outbox(client):
    done = filed()
    (message,) = [
        n for n in Notification.objects.filter(about_id=str(done.complaint.pk)) if done.tracking_code in n.body
    ]
    assert done.tracking_code in message.body  # the complainant gets it
    assert message.is_secret
    assert done.tracking_code not in admin_page_of(client, message)


def test_the_satisfaction_link_is_never_readable_in_the_outbox(client):
    staff = UserFactory(role=Role.ADMINISTRATOR, scope_all=True)
    complaint = filed().complaint
    services.assign(by=staff, complaint=complaint, officer=staff)
    services.add_note(by=staff, complaint=complaint, text="تحققنا.")
    services.respond(by=staff, complaint=complaint, text="هذا ردنا.")
    complaint = services.close(by=staff, complaint=complaint, outcome="حُلّت.")
    closing = [
        n for n in Notification.objects.filter(about_id=str(complaint.pk)) if "/complaints/satisfaction/" in n.body
    ]
    assert len(closing) == 1
    assert closing[0].is_secret
    assert "/complaints/satisfaction/" not in admin_page_of(client, closing[0])
