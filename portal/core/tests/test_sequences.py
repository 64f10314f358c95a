"""Gap-free yearly sequences: order, yearly restart, rollback, concurrency (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections, transaction
from django.db.transaction import TransactionManagementError

from portal.core.models import Sequence
from portal.core.sequences import sequence_format, sequence_next


@pytest.mark.django_db
def test_numbers_follow_each_other_per_name_and_year():
    assert [sequence_next(name="case", year=2026) for _ in range(3)] == [1, 2, 3]
    assert sequence_next(name="invoice", year=2026) == 1
    assert sequence_next(name="case", year=2027) == 1  # a new year starts again
    assert sequence_next(name="case", year=2026) == 4
    assert Sequence.objects.get(name="case", year=2026).last_value == 4


@pytest.mark.django_db
def test_a_rolled_back_transaction_gives_its_number_back():
    assert sequence_next(name="case", year=2026) == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        assert sequence_next(name="case", year=2026) == 2
        raise RuntimeError("the order failed to save")
    assert sequence_next(name="case", year=2026) == 2


@pytest.mark.django_db
def test_the_first_number_of_a_year_rolled_back_leaves_no_row_behind():
    with pytest.raises(RuntimeError), transaction.atomic():
        sequence_next(name="case", year=2030)
        raise RuntimeError
    assert not Sequence.objects.filter(name="case", year=2030).exists()
    assert sequence_next(name="case", year=2030) == 1


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_it_refuses():
    with pytest.raises(TransactionManagementError):
        sequence_next(name="case", year=2026)
    assert not Sequence.objects.exists()


def test_format():
    assert sequence_format("CASE", 2026, 123) == "CASE-2026-000123"
    assert sequence_format("INV", 2026, 7, width=4) == "INV-2026-0007"
    assert sequence_format("INV", 2026, 1234567, width=4) == "INV-2026-1234567"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL (CI runs it)"
)
@pytest.mark.django_db(transaction=True)
def test_threads_taking_numbers_at_once_get_each_number_exactly_once():
    threads_count, per_thread = 6, 15
    barrier = threading.Barrier(threads_count)
    taken: list[int] = []
    errors: list[BaseException] = []

    def work(index: int):
        try:
            barrier.wait(timeout=10)  # all start together, before the year's row exists
            for i in range(per_thread):
                try:
                    with transaction.atomic():
                        number = sequence_next(name="race", year=2026)
                        if (index + i) % 5 == 0:
                            raise LookupError("rolled back: the number goes back")
                    taken.append(number)
                except LookupError:
                    pass
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert len(taken) == len(set(taken))
    assert sorted(taken) == list(range(1, len(taken) + 1))
    assert Sequence.objects.get(name="race", year=2026).last_value == len(taken)
