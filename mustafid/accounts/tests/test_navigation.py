"""The top bar, grouped by what each role does; each role sees exactly what it may open (issue 10.6)."""

import pytest
from django.urls import reverse
from django.utils import translation

from mustafid.accounts.context_processors import NAVIGATION, NavGroup
from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import BranchFactory, UserFactory


def menu(client):
    return client.get(reverse("core:home")).context["nav_menu"]


def nav_urls(client):
    return [item["url"] for item in client.get(reverse("core:home")).context["nav_items"]]


def every_url() -> list[str]:
    names = [i.url_name for e in NAVIGATION for i in (e.items if isinstance(e, NavGroup) else (e,))]
    return [reverse(name) for name in names]


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
@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_exactly_the_entries_it_may_open(client, role):
    user = UserFactory(role=role, branches=[BranchFactory(code="hq")], is_staff=role == Role.ADMINISTRATOR)
    client.force_login(user)
    shown = set(nav_urls(client))
    for url in every_url():
        opens = client.get(url).status_code == 200
        assert opens == (url in shown), (role, url, "opens" if opens else "refused")


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_a_group_is_shown_only_with_an_entry_and_never_holds_another(client, role):
    client.force_login(UserFactory(role=role, branches=[BranchFactory(code="hq")]))
    for entry in menu(client):
        if "links" in entry:
            assert entry["links"], (role, entry["label"])
            assert all("links" not in item for item in entry["links"])


@pytest.mark.django_db
def test_the_bar_is_grouped_by_work_not_one_entry_per_page(client, administrator):
    client.force_login(administrator)
    body = client.get(reverse("core:home")).content.decode()
    entries = menu(client)
    # Twenty-three pages (inquiries, complaints and claims joined, issue 11; the staff policies, one's
    # own and HR's, the management dashboard, the compliance report, supervisory visits, one's
    # corrective actions, the published documents and the satisfaction campaigns, issue 12); on the
    # bar home and five groups.
    assert len(nav_urls(client)) == 23
    with translation.override("en"):
        groups = [str(e["label"]) for e in entries if "links" in e]
    assert groups == [
        "Beneficiaries and contacts",
        "Requests and committees",
        "Complaints and inquiries",
        "Oversight",
        "Configuration",
    ]
    assert len(entries) == 6
    assert body.count('<details name="main-menu" data-nav-group>') == 5


@pytest.mark.django_db
def test_a_committee_member_sees_no_oversight_group(client):
    client.force_login(UserFactory(role=Role.COMMITTEE_MEMBER, branches=[BranchFactory(code="hq")]))
    entries = menu(client)
    with translation.override("en"):
        labels = [str(e["label"]) for e in entries]
    assert "Oversight" not in labels
    assert "Requests and committees" in labels


@pytest.mark.django_db
def test_my_scope_page_lists_only_my_branches(client):
    hq, hail = BranchFactory(name="المقر الرئيسي", code="hq"), BranchFactory(name="فرع حائل", code="hail")
    client.force_login(UserFactory(role=Role.RECEPTIONIST, branches=[hq]))
    body = client.get(reverse("accounts:me")).content.decode()
    assert "المقر الرئيسي" in body
    assert "فرع حائل" not in body
    assert hail.pk
