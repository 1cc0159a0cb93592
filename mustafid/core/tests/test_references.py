import threading

import pytest
from django.db import connection, connections, transaction

from mustafid.core.references import next_reference


@pytest.mark.django_db
def test_reference_numbers_count_per_prefix_and_year():
    assert next_reference("REQ", year=2027) == "REQ-2027-000001"
    assert next_reference("REQ", year=2027) == "REQ-2027-000002"
    assert next_reference("CMP", year=2027) == "CMP-2027-000001"
    assert next_reference("req", year=2028) == "REQ-2028-000001"


@pytest.mark.django_db
def test_a_rolled_back_creation_gives_its_number_back():
    next_reference("REQ", year=2030)
    with pytest.raises(RuntimeError), transaction.atomic():
        next_reference("REQ", year=2030)
        raise RuntimeError
    assert next_reference("REQ", year=2030) == "REQ-2030-000002"


def test_a_prefix_must_be_letters():
    with pytest.raises(ValueError):
        next_reference("RE-Q", year=2027)


@pytest.mark.django_db(transaction=True)
def test_concurrent_creation_never_gives_the_same_number_twice():
    threads_count, per_thread = 8, 15
    results: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    barrier = threading.Barrier(threads_count)

    def worker():
        try:
            barrier.wait()
            for _ in range(per_thread):
                with transaction.atomic():
                    value = next_reference("REQ", year=2031)
                with lock:
                    results.append(value)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(threads_count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len(results) == threads_count * per_thread
    assert len(set(results)) == len(results), f"duplicates on {connection.vendor}"
    assert sorted(results)[-1] == f"REQ-2031-{threads_count * per_thread:06d}"
