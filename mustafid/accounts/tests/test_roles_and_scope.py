"""Staff roles and the scope pattern every later app uses."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import Http404

from mustafid.accounts.models import Branch
from mustafid.accounts.roles import ROLE_PERMISSIONS, Role
from mustafid.accounts.tests.factories import BranchFactory, UserFactory
from mustafid.core.permissions import get_visible_or_404, require


@pytest.mark.django_db
def test_every_role_is_a_group_created_by_migration():
    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}
    assert set(ROLE_PERMISSIONS) == set(Role)


@pytest.mark.django_db
def test_role_permissions_are_synced_after_migrate():
    administrator = Group.objects.get(name=Role.ADMINISTRATOR)
    assert administrator.permissions.filter(codename="view_accesslog").exists()
    assert administrator.permissions.filter(codename="change_user").exists()
    volunteer = set(Group.objects.get(name=Role.VOLUNTEER).permissions.values_list("codename", flat=True))
    # Least privilege: a volunteer records contacts, sees no sensitive field, changes no file.
    assert volunteer == {"view_beneficiary", "view_interaction", "add_interaction"}


@pytest.mark.django_db
def test_visible_to_limits_a_user_to_their_branches():
    hq, hail, jouf = BranchFactory(code="hq"), BranchFactory(code="hail"), BranchFactory(code="jouf")
    staff = UserFactory(role=Role.RECEPTIONIST, branches=[hq, hail])
    assert set(Branch.objects.visible_to(staff)) == {hq, hail}
    manager = UserFactory(role=Role.SENIOR_MANAGEMENT, scope_all=True)
    assert set(Branch.objects.visible_to(manager)) >= {hq, hail, jouf}


@pytest.mark.django_db
def test_anonymous_and_inactive_users_see_nothing(django_user_model):
    from django.contrib.auth.models import AnonymousUser

    BranchFactory()
    assert not Branch.objects.visible_to(AnonymousUser()).exists()
    gone = UserFactory(scope_all=True, is_active=False)
    assert not Branch.objects.visible_to(gone).exists()


@pytest.mark.django_db
def test_restrict_needs_the_model_permission_and_the_scope():
    hq, hail = BranchFactory(code="hq"), BranchFactory(code="hail")
    administrator = UserFactory(role=Role.ADMINISTRATOR, branches=[hq])
    volunteer = UserFactory(role=Role.VOLUNTEER, branches=[hq])
    assert list(Branch.objects.restrict(administrator, "change")) == [hq]
    assert not Branch.objects.restrict(volunteer, "change").exists()
    with pytest.raises(Http404):
        get_visible_or_404(Branch.objects.all(), administrator, "view", pk=hail.pk)


@pytest.mark.django_db
def test_require_answers_404_out_of_scope_and_403_in_scope_without_permission():
    hq, hail = BranchFactory(code="hq"), BranchFactory(code="hail")
    volunteer = UserFactory(role=Role.VOLUNTEER, branches=[hq])
    with pytest.raises(Http404):
        require(volunteer, "change", hail)
    with pytest.raises(PermissionDenied):
        require(volunteer, "change", hq)
    administrator = UserFactory(role=Role.ADMINISTRATOR, branches=[hq])
    require(administrator, "change", hq)


@pytest.mark.django_db
def test_scope_query_does_not_grow_with_scope_size(django_assert_num_queries):
    def count(n):
        staff = UserFactory(role=Role.RECEPTIONIST, branches=[BranchFactory() for _ in range(n)])
        staff = type(staff).objects.get(pk=staff.pk)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert len(list(Branch.objects.visible_to(staff))) == n
        return len(ctx.captured_queries)

    assert count(1) == count(20) == 2  # the ids of the scope (once per user), then the rows
