"""Issue 9.4: the staff sign-in rate limits count where every gunicorn worker sees them."""

import pytest
from django.conf import settings
from django.urls import reverse


def test_scope_issue9_4_the_default_cache_is_shared_by_workers_and_axes_counts_in_the_database():
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend == "django.core.cache.backends.db.DatabaseCache"
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"


@pytest.mark.django_db
def test_scope_issue9_4_allauth_login_rate_limit_holds_and_is_seen_by_another_worker(client):
    statuses = [
        client.post(reverse("account_login"), {"login": f"nobody{n}@mustafid.test", "password": "x"}).status_code
        for n in range(31)
    ]
    assert statuses[-1] == 429 and 429 not in statuses[:30]
    # The count is in the shared database table, which every worker (any process) reads.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {settings.CACHE_TABLE}")
        assert cursor.fetchone()[0] > 0
