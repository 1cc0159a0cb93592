"""Issue 9.4: a budget is never overspent by workers asking at the same moment (PostgreSQL)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections

from mustafid.portal.budgets import Budget, Limit, key, take


@pytest.mark.django_db(transaction=True)
def test_scope_issue9_4_concurrent_requests_never_take_more_than_the_budget():
    if connection.vendor != "postgresql":
        pytest.skip("two writers at once need PostgreSQL (CI runs it too)")
    budget = Budget(Limit(3, timedelta(hours=1)), key("test", "race"))
    results, start = [], threading.Barrier(8)

    def ask():
        try:
            start.wait()
            results.append(take([budget]) is None)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 3
