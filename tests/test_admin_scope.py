"""The administration site is no way round the scope (issue 9.1): an administrator scoped to one branch
sees, opens and picks only what is in their scope."""

import pytest
from django.contrib import admin
from django.urls import reverse

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import BranchFactory, CategoryFactory, DomainFactory, UserFactory
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory
from mustafid.committees.tests.factories import CommitteeFactory
from mustafid.compensation import services as compensation_services
from mustafid.core.admin_scope import ScopedAdminMixin
from mustafid.core.permissions import ScopedQuerySet
from mustafid.interactions.tests.factories import InteractionFactory
from mustafid.liaison.tests.factories import LiaisonAssignmentFactory
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
    # An assignment is scoped by its category (or domain), not by a branch: "away" is a category out of scope.
    # A claim is seen where its beneficiary's file is (CP-1..CP-4).
    "compensation.Claim": lambda world, where: compensation_services.open_claim(
        by=UserFactory(role=Role.CASE_WORKER, scope_all=True), beneficiary=beneficiary(world, where), harm="ضرر"
    ),
    "liaison.LiaisonAssignment": lambda world, where: LiaisonAssignmentFactory(
        category=world["category"] if where == "home" else CategoryFactory(code="away-cat")
    ),
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


def change_user(client, world, target, **overrides):
    """Post the user's change form as the page would, with ``overrides`` applied."""
    client.force_login(world["admin"])
    url = reverse("admin:accounts_user_change", args=[target.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name in ("branches", "categories", "domains", "groups", "user_permissions"):
            # As the browser would send it: only what the page offers is selected.
            offered = set(field.queryset.values_list("pk", flat=True))
            data[name] = [pk for pk in (getattr(v, "pk", v) for v in (value or [])) if pk in offered]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = getattr(value, "pk", value)
    data.update(overrides)
    return client.post(url, {k: v for k, v in data.items() if v is not None})


def test_issue_9_1_a_scoped_administrator_lists_only_staff_of_their_branches(client, world):
    mine = UserFactory(full_name="موظف الفرع", branches=[world["home"]])
    other = UserFactory(full_name="موظف فرع آخر", branches=[world["away"]])
    everywhere = UserFactory(full_name="مدير عام", scope_all=True)
    client.force_login(world["admin"])
    body = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert mine.full_name in body
    assert other.full_name not in body
    assert everywhere.full_name not in body
    # A global account's password or scope is not theirs to change: it would hand them everything.
    assert client.get(reverse("admin:accounts_user_change", args=[everywhere.pk])).status_code == 302
    assert client.get(reverse("admin:accounts_user_change", args=[other.pk])).status_code == 302


def test_issue_9_1_a_scoped_administrator_cannot_widen_anyone_s_scope_not_even_their_own(client, world):
    me = world["admin"]
    response = change_user(
        client, world, me, scope_all="on", is_superuser="on", branches=[world["home"].pk, world["away"].pk]
    )
    assert response.status_code in (200, 302)
    me.refresh_from_db()
    assert not me.scope_all
    assert not me.is_superuser
    assert list(me.branches.values_list("code", flat=True)) == ["home"]


def test_issue_9_1_editing_a_colleague_keeps_the_branches_the_administrator_cannot_see(client, world):
    colleague = UserFactory(full_name="موظف فرعين", branches=[world["home"], world["away"]])
    client.force_login(world["admin"])
    page = client.get(reverse("admin:accounts_user_change", args=[colleague.pk]))
    assert "away" not in [b.code for b in page.context["adminform"].form.fields["branches"].queryset]
    response = change_user(client, world, colleague, full_name="موظف فرعين معدل")
    assert response.status_code == 302, response.content.decode()[:2000]
    colleague.refresh_from_db()
    assert colleague.full_name == "موظف فرعين معدل"
    assert set(colleague.branches.values_list("code", flat=True)) == {"home", "away"}


GLOBAL_ONLY_PAGES = [
    "admin:account_emailaddress_changelist",
    "admin:mfa_authenticator_changelist",
    "admin:auth_group_changelist",
    "admin:axes_accessattempt_changelist",
    "admin:django_tasks_database_dbtaskresult_changelist",
]


@pytest.mark.parametrize("name", GLOBAL_ONLY_PAGES)
def test_issue_9_1_pages_acting_on_every_branch_are_for_global_scope_administrators_only(client, world, name):
    from django.contrib.auth.models import Permission

    model = admin.site._registry[
        next(
            m
            for m in admin.site._registry
            if name.endswith(f"_{m._meta.model_name}_changelist") and name.startswith(f"admin:{m._meta.app_label}_")
        )
    ].model
    perms = Permission.objects.filter(
        content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name
    )
    # Even holding the model's permissions, a branch's administrator is refused.
    world["admin"].user_permissions.add(*perms)
    client.force_login(world["admin"])
    assert client.get(reverse(name)).status_code == 403
    everywhere = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, scope_all=True)
    everywhere.user_permissions.add(*perms)
    client.force_login(everywhere)
    assert client.get(reverse(name)).status_code == 200


def test_every_admin_page_is_scoped_global_only_or_declared_free_of_scoped_data():
    from mustafid.core.admin_scope import GLOBAL_SCOPE_ONLY, GlobalScopeOnlyMixin, ScopedChoicesMixin

    # Configuration with no beneficiary's or branch's data in it, and the two
    # history lists, whose admins filter through the audit selectors (test_scope of audit).
    free = {"core.Holiday", "services.Service", "audit.AccessLog", "auditlog.LogEntry"}
    undeclared = []
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        if label in free:
            continue
        if label in GLOBAL_SCOPE_ONLY:
            ok = isinstance(model_admin, GlobalScopeOnlyMixin)
        else:
            ok = isinstance(model_admin, ScopedChoicesMixin)
        if not ok:
            undeclared.append(label)
    assert undeclared == []
