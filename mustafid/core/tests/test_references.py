import threading

import pytest
from django.db import connection, connections, transaction

from mustafid.core.references import next_reference, reserve_references


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


@pytest.mark.django_db
def test_a_block_of_numbers_follows_the_single_numbers():
    assert next_reference("TST", year=2031) == "TST-2031-000001"
    assert reserve_references("TST", 3, year=2031) == [f"TST-2031-00000{n}" for n in (2, 3, 4)]
    assert next_reference("TST", year=2031) == "TST-2031-000005"
    assert reserve_references("NEW", 2, year=2031) == ["NEW-2031-000001", "NEW-2031-000002"]


@pytest.mark.django_db
def test_a_rolled_back_block_is_given_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        reserve_references("IMP", 5, year=2030)
        raise RuntimeError
    assert reserve_references("IMP", 2, year=2030) == ["IMP-2030-000001", "IMP-2030-000002"]


def test_an_empty_block_takes_no_number():
    assert reserve_references("REQ", 0, year=2027) == []


def test_a_prefix_must_be_letters():
    with pytest.raises(ValueError):
        next_reference("RE-Q", year=2027)
    with pytest.raises(ValueError):
        reserve_references("RE-Q", 2, year=2027)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("prefix", "sizes", "rounds"),
    [("REQ", [1] * 8, 15), ("IMP", [1, 2, 3, 1, 2, 3], 10)],
    ids=["single numbers", "blocks beside single numbers"],
)
def test_concurrent_creation_never_gives_the_same_number_twice(prefix, sizes, rounds):
    results: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(sizes))

    def worker(size: int):
        try:
            barrier.wait()
            for _ in range(rounds):
                with transaction.atomic():
                    if size == 1:
                        values = [next_reference(prefix, year=2031)]
                    else:
                        values = reserve_references(prefix, size, year=2031)
                with lock:
                    results.extend(values)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(size,)) for size in sizes]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len(results) == sum(sizes) * rounds
    assert len(set(results)) == len(results), f"duplicates on {connection.vendor}"
    assert sorted(results)[-1] == f"{prefix}-2031-{sum(sizes) * rounds:06d}"
