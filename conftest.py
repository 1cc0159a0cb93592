import pytest

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import UserFactory


@pytest.fixture
def administrator(db):
    return UserFactory(role=Role.ADMINISTRATOR, scope_all=True, is_staff=True, full_name="مدير النظام")


@pytest.fixture
def receptionist(db):
    return UserFactory(role=Role.RECEPTIONIST)


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client
