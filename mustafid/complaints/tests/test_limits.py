"""The public form's abuse limits are counted in the database, exactly, by every worker at once (CM-1)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connections

from mustafid.complaints import limits
from mustafid.core.models import RateBudget
from mustafid.core.tasks import purge_rate_budgets


def _at_once(calls: list[tuple[str, str]]) -> list[limits.Limited | None]:
    """Each call in its own thread and its own database connection, all released together."""
    results: list[limits.Limited | None] = [None] * len(calls)
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(calls))

    def worker(index: int, action: str, address: str) -> None:
        try:
            barrier.wait()
            results[index] = limits.take(action, address)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, *call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


@pytest.mark.django_db(transaction=True)
def test_cm1_concurrent_filings_from_one_address_allow_exactly_the_limit(settings):
    settings.MUSTAFID_COMPLAINT_LIMITS = {**settings.MUSTAFID_COMPLAINT_LIMITS, "file": (3, 1000)}
    results = _at_once([("file", "10.9.0.1")] * 12)
    assert sum(result is None for result in results) == 3


@pytest.mark.django_db(transaction=True)
def test_cm1_concurrent_filings_from_many_addresses_allow_exactly_the_global_limit(settings):
    settings.MUSTAFID_COMPLAINT_LIMITS = {**settings.MUSTAFID_COMPLAINT_LIMITS, "file": (5, 4)}
    results = _at_once([("file", f"10.9.1.{n}") for n in range(12)])
    assert sum(result is None for result in results) == 4


@pytest.mark.django_db
def test_cm1_the_counts_are_database_rows_keyed_by_hash_not_by_address(settings):
    settings.MUSTAFID_COMPLAINT_LIMITS = {**settings.MUSTAFID_COMPLAINT_LIMITS, "file": (2, 100)}
    assert limits.take("file", "10.9.2.1") is None
    assert limits.take("file", "10.9.2.1") is None
    assert limits.take("file", "10.9.2.1") is not None
    budgets = list(RateBudget.objects.all())
    # One for the address, one for everyone; the address itself is never stored.
    assert sorted(budget.count for budget in budgets) == [2, 3]
    assert not any("10.9.2.1" in budget.key for budget in budgets)


@pytest.mark.django_db
def test_cm1_a_flood_from_one_address_does_not_spend_everyones_budget(settings):
    settings.MUSTAFID_COMPLAINT_LIMITS = {**settings.MUSTAFID_COMPLAINT_LIMITS, "file": (1, 3)}
    assert limits.take("file", "10.9.3.1") is None
    for _ in range(5):
        assert limits.take("file", "10.9.3.1") is not None
    assert limits.take("file", "10.9.3.2") is None
    assert limits.take("file", "10.9.3.3") is None


@pytest.mark.django_db
def test_cm1_a_refusal_says_when_the_window_ends_and_the_next_window_starts_afresh(settings, monkeypatch):
    settings.MUSTAFID_COMPLAINT_LIMITS = {**settings.MUSTAFID_COMPLAINT_LIMITS, "file": (1, 100)}
    start = 1_800_000_000 - 1_800_000_000 % limits.WINDOW_SECONDS
    monkeypatch.setattr(time, "time", lambda: start + limits.WINDOW_SECONDS - 90.0)
    assert limits.take("file", "10.9.4.1") is None
    refused = limits.take("file", "10.9.4.1")
    assert refused == limits.Limited(minutes=2)
    monkeypatch.setattr(time, "time", lambda: start + limits.WINDOW_SECONDS + 1.0)
    assert limits.take("file", "10.9.4.1") is None


@pytest.mark.django_db
def test_cm1_the_scheduled_cleanup_removes_only_ended_windows(settings, monkeypatch):
    start = time.time()
    monkeypatch.setattr(time, "time", lambda: start - 2 * limits.WINDOW_SECONDS)
    limits.take("file", "10.9.5.1")
    monkeypatch.setattr(time, "time", lambda: start)
    limits.take("file", "10.9.5.1")
    assert RateBudget.objects.count() == 4
    assert purge_rate_budgets.call() == 2
    assert RateBudget.objects.count() == 2
    assert limits.take("file", "10.9.5.1") is None
