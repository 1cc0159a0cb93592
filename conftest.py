from functools import cache

import pytest
from django.apps import apps
from django.core.files.storage import storages
from django.db import models

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import UserFactory
from mustafid.core.files import private_storage


@cache
def _private_file_fields() -> tuple[models.FileField, ...]:
    """Every file field kept in the private storage (their storage is taken once, when the model loads)."""
    return tuple(
        field
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField) and getattr(field, "_storage_callable", None) is private_storage
    )


@pytest.fixture(autouse=True)
def private_files(tmp_path_factory, monkeypatch, settings):
    """Files the tests store go to a temporary private folder, never the developer's var/private.

    Returns the folder. The settings say the same as the file fields, so
    ``storages["private"]`` and ``PRIVATE_MEDIA_ROOT`` point there too.
    """
    location = tmp_path_factory.mktemp("private")
    settings.PRIVATE_MEDIA_ROOT = location
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {**settings.STORAGES["private"], "OPTIONS": {"location": str(location)}},
    }
    storage = storages["private"]
    for field in _private_file_fields():
        monkeypatch.setattr(field, "storage", storage)
    return location


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
