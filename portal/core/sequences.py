"""Gap-free yearly numbers: CASE-2026-000001, CASE-2026-000002, … (invoices, orders, cases).

A number is taken inside the caller's transaction, under a row lock on the sequence's
(name, year) row: two requests taking numbers at once wait for each other, and a rolled-back
transaction gives its number back, so the numbers have no gaps and no duplicates. The lock is held
until the caller commits, so take the number late in the transaction.

Random or merely unique identifiers (tokens, UUIDs) do not live here.
"""

from django.db import IntegrityError, transaction
from django.db.transaction import TransactionManagementError

from .models import Sequence


def sequence_next(*, name: str, year: int) -> int:
    """The next number of `name` in `year` (1 for the first); call it inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        # Outside a transaction the number would be committed at once and lost on a later failure.
        raise TransactionManagementError("sequence_next() must run inside transaction.atomic().")
    sequence = _locked(name=name, year=year)
    sequence.last_value += 1
    sequence.save(update_fields=["last_value"])
    return sequence.last_value


def sequence_format(prefix: str, year: int, number: int, width: int = 6) -> str:
    """`sequence_format("CASE", 2026, 123)` → "CASE-2026-000123"."""
    return f"{prefix}-{year}-{number:0{width}d}"


def _locked(*, name: str, year: int) -> Sequence:
    rows = Sequence.objects.select_for_update()
    try:
        return rows.get(name=name, year=year)
    except Sequence.DoesNotExist:
        pass
    try:
        # The first number of a year: two transactions may both try to create the row. The
        # loser's insert waits for the winner's commit, fails on the unique constraint inside this
        # savepoint (the caller's transaction survives) and then locks the winner's row.
        with transaction.atomic():
            return Sequence.objects.create(name=name, year=year)
    except IntegrityError:
        return rows.get(name=name, year=year)
