"""Configuration from the environment; SQLite in WAL mode."""

import pytest
from django.conf import settings
from django.db import connection

from config.settings.base import secret


def test_a_secret_can_come_from_a_file(tmp_path, monkeypatch):
    path = tmp_path / "key"
    path.write_text("from-a-file\n", encoding="utf-8")
    monkeypatch.setenv("MUSTAFID_TEST_SECRET", "from-the-environment")
    assert secret("MUSTAFID_TEST_SECRET") == "from-the-environment"
    monkeypatch.setenv("MUSTAFID_TEST_SECRET_FILE", str(path))
    assert secret("MUSTAFID_TEST_SECRET") == "from-a-file"


@pytest.mark.django_db
def test_the_database_is_configured_for_concurrent_use():
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] >= 5000
    else:
        assert connection.vendor == "postgresql"
        assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
