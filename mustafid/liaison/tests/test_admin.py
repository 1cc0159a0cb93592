"""The administrator assigns officers in the admin (IN-1), within their scope."""

import pytest
from django.urls import reverse

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import CategoryFactory, DomainFactory, UserFactory
from mustafid.liaison.models import LiaisonAssignment
from mustafid.liaison.tests.factories import LiaisonAssignmentFactory, officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    mine, theirs = CategoryFactory(code="mine"), CategoryFactory(code="theirs")
    domain = DomainFactory(code="my-domain")
    administrator = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, categories=[mine], domains=[domain])
    return {"mine": mine, "theirs": theirs, "domain": domain, "admin": administrator}


def test_a_scoped_administrator_lists_and_opens_only_assignments_in_scope(client, world):
    by_category = LiaisonAssignmentFactory(category=world["mine"])
    by_domain = LiaisonAssignmentFactory(domain=world["domain"])
    outside = LiaisonAssignmentFactory(category=world["theirs"])
    client.force_login(world["admin"])
    listed = client.get(reverse("admin:liaison_liaisonassignment_changelist")).context["cl"].result_list
    assert {a.pk for a in listed} == {by_category.pk, by_domain.pk}
    change = "admin:liaison_liaisonassignment_change"
    assert client.get(reverse(change, args=[by_category.pk])).status_code == 200
    response = client.get(reverse(change, args=[outside.pk]))
    assert response.status_code == 404 or response.url == reverse("admin:index")


def _add(client, **data):
    return client.post(reverse("admin:liaison_liaisonassignment_add"), {"fallback": "", **data})


def test_an_assignment_is_made_for_a_category_with_an_officer_of_the_role(client, world):
    client.force_login(world["admin"])
    person = officer()
    response = _add(client, category=world["mine"].pk, officer=person.pk)
    assert response.status_code == 302
    assert LiaisonAssignment.objects.get(category=world["mine"]).officer == person


@pytest.mark.parametrize(
    "case",
    ["both", "neither", "not_an_officer", "fallback_is_officer", "officer_without_scope", "category_out_of_scope"],
)
def test_the_form_refuses(client, world, case):
    client.force_login(world["admin"])
    person = officer()
    data = {"category": world["mine"].pk, "officer": person.pk}
    if case == "both":
        data["domain"] = world["domain"].pk
    elif case == "neither":
        data.pop("category")
    elif case == "not_an_officer":
        data["officer"] = UserFactory(role=Role.CASE_WORKER, scope_all=True).pk
    elif case == "fallback_is_officer":
        data["fallback"] = person.pk
    elif case == "officer_without_scope":
        data["officer"] = officer(scope_all=False, categories=[world["theirs"]]).pk
    elif case == "category_out_of_scope":
        data["category"] = world["theirs"].pk
    response = _add(client, **data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not LiaisonAssignment.objects.exists()


def test_a_scoped_administrator_manages_absences_only_of_officers_serving_their_scope(client, world):
    from mustafid.liaison.models import OfficerProfile
    from mustafid.liaison.tests.factories import OfficerProfileFactory

    near = LiaisonAssignmentFactory(category=world["mine"]).officer
    far = LiaisonAssignmentFactory(category=world["theirs"]).officer
    near_profile, far_profile = OfficerProfileFactory(user=near), OfficerProfileFactory(user=far)
    client.force_login(world["admin"])
    listed = client.get(reverse("admin:liaison_officerprofile_changelist")).context["cl"].result_list
    assert [p.pk for p in listed] == [near_profile.pk]
    far_profile.delete()
    response = client.post(
        reverse("admin:liaison_officerprofile_add"), {"user": far.pk, "absent_from": "", "absent_until": ""}
    )
    assert response.status_code == 200
    assert "user" in response.context["adminform"].form.errors
    assert not OfficerProfile.objects.filter(user=far).exists()
