import pytest
from django.urls import reverse

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import BranchFactory, UserFactory


def nav_urls(client):
    return [item["url"] for item in client.get(reverse("core:home")).context["nav_items"]]


@pytest.mark.django_db
def test_the_administrator_sees_audit_and_configuration(client, administrator):
    client.force_login(administrator)
    urls = nav_urls(client)
    assert reverse("audit:access_log") in urls
    assert reverse("admin:index") in urls


@pytest.mark.django_db
def test_a_volunteer_sees_neither(client):
    client.force_login(UserFactory(role=Role.VOLUNTEER))
    urls = nav_urls(client)
    assert reverse("audit:access_log") not in urls
    assert reverse("admin:index") not in urls
    assert reverse("core:home") in urls


@pytest.mark.django_db
def test_my_scope_page_lists_only_my_branches(client):
    hq, hail = BranchFactory(name="المقر الرئيسي", code="hq"), BranchFactory(name="فرع حائل", code="hail")
    client.force_login(UserFactory(role=Role.RECEPTIONIST, branches=[hq]))
    body = client.get(reverse("accounts:me")).content.decode()
    assert "المقر الرئيسي" in body
    assert "فرع حائل" not in body
    assert hail.pk
