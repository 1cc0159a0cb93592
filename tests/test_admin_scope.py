"""The administration site is no way round the scope (issue 9.1): an administrator scoped to one branch
sees, opens and picks only what is in their scope."""

import pytest
from django.contrib import admin
from django.urls import reverse

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import BranchFactory, CategoryFactory, DomainFactory, UserFactory
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory
from mustafid.committees.tests.factories import CommitteeFactory
from mustafid.core.admin_scope import ScopedAdminMixin
from mustafid.core.permissions import ScopedQuerySet
from mustafid.interactions.tests.factories import InteractionFactory
from mustafid.notifications import services as notifications


def scoped_models():
    return [model for model in admin.site._registry if isinstance(model._default_manager.all(), ScopedQuerySet)]


def test_every_admin_of_a_scoped_model_is_scoped():
    assert scoped_models(), "the walk found no scoped model: it would prove nothing"
    unscoped = [
        model._meta.label for model in scoped_models() if not isinstance(admin.site._registry[model], ScopedAdminMixin)
    ]
    assert unscoped == []


@pytest.fixture
def world(db):
    home, away = BranchFactory(code="home"), BranchFactory(code="away")
    category, domain = CategoryFactory(code="home-cat"), DomainFactory(code="home-dom")
    administrator = UserFactory(
        role=Role.ADMINISTRATOR, is_staff=True, branches=[home], categories=[category], domains=[domain]
    )
    return {"home": home, "away": away, "category": category, "domain": domain, "admin": administrator}


def beneficiary(world, where):
    return BeneficiaryFactory(branch=world[where], category=world["category"], domains=[world["domain"]])


def notification(world, where):
    b = beneficiary(world, where)
    return notifications.notify(
        channel="phone",
        recipient_name=b.full_name,
        address=b.phone,
        subject="اتصال",
        body="نص",
        dedupe_key=f"admin-scope:{where}",
        branch=b.branch,
        category=b.category,
        domains=b.domains.all(),
    )


MAKERS = {
    "beneficiaries.Beneficiary": beneficiary,
    "interactions.Interaction": lambda world, where: InteractionFactory(beneficiary=beneficiary(world, where)),
    "notifications.Notification": notification,
    "committees.Committee": lambda world, where: CommitteeFactory(name=f"لجنة {where}", branch=world[where]),
    "accounts.Branch": lambda world, where: world[where],
}


@pytest.mark.parametrize("label", sorted(MAKERS))
def test_the_changelist_and_change_page_show_only_objects_in_the_admins_scope(client, world, label):
    mine, theirs = MAKERS[label](world, "home"), MAKERS[label](world, "away")
    meta = type(mine)._meta
    client.force_login(world["admin"])
    listed = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")).context["cl"].result_list
    assert [o.pk for o in listed if o.pk in (mine.pk, theirs.pk)] == [mine.pk]
    change = f"admin:{meta.app_label}_{meta.model_name}_change"
    assert client.get(reverse(change, args=[mine.pk])).status_code == 200
    response = client.get(reverse(change, args=[theirs.pk]))
    # Django answers a change page of an object its queryset does not hold with "does not exist", back to the index.
    assert response.status_code == 404 or response.url == reverse("admin:index")


def test_every_scoped_model_in_the_admin_is_covered_by_a_real_out_of_scope_check():
    untested = (
        {m._meta.label for m in scoped_models()}
        - set(MAKERS)
        - {
            # Categories and domains scope like branches (ScopeItemAdmin); requests need a whole cycle (test below).
            "accounts.Category",
            "accounts.Domain",
            "requests.ServiceRequest",
        }
    )
    assert untested == set()


def test_a_request_of_another_branch_is_neither_listed_nor_opened_in_the_admin(client, world):
    from mustafid.requests.tests.factories import filled_draft
    from mustafid.services.tests.factories import published_service

    version = published_service()
    away = beneficiary(world, "away")
    desk = UserFactory(role=Role.RECEPTIONIST, scope_all=True)
    theirs = filled_draft(by=desk, beneficiary=away, version=version)
    client.force_login(world["admin"])
    listed = client.get(reverse("admin:requests_servicerequest_changelist")).context["cl"].result_list
    assert theirs.pk not in [r.pk for r in listed]
    response = client.get(reverse("admin:requests_servicerequest_change", args=[theirs.pk]))
    assert response.status_code == 404 or response.url == reverse("admin:index")


def test_foreign_key_choices_offer_only_objects_in_scope(client, world):
    mine = beneficiary(world, "home")
    CommitteeFactory(name="لجنة البعيد", branch=world["away"])
    near = CommitteeFactory(name="لجنة القريب", branch=world["home"])
    client.force_login(world["admin"])
    form = client.get(reverse("admin:beneficiaries_beneficiary_change", args=[mine.pk])).context["adminform"].form
    assert list(form.fields["branch"].queryset) == [world["home"]]
    assert list(form.fields["category"].queryset) == [world["category"]]
    from mustafid.services.tests.factories import ServiceVersionFactory

    version = ServiceVersionFactory(published_at=None)
    page = client.get(reverse("admin:services_serviceversion_change", args=[version.pk]))
    assert list(page.context["adminform"].form.fields["committee"].queryset) == [near]


def test_the_attestations_of_another_branchs_requests_are_not_listed(client, world):
    from mustafid.requests.models import Attestation
    from mustafid.requests.tests.factories import filled_draft
    from mustafid.services.tests.factories import published_service

    desk = UserFactory(role=Role.RECEPTIONIST, scope_all=True)
    version = published_service()
    theirs = filled_draft(by=desk, beneficiary=beneficiary(world, "away"), version=version)
    attestation = Attestation.objects.filter(request=theirs).first()
    assert attestation is not None, "filled_draft signs the attestation"
    client.force_login(world["admin"])
    listed = client.get(reverse("admin:requests_attestation_changelist")).context["cl"].result_list
    assert attestation.pk not in [a.pk for a in listed]
