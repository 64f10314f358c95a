"""Periodic jobs of the ground floor (portal/core/periodic.py runs them once per slot)."""

from datetime import datetime

from django.db import connection

from .periodic import periodic_job


def database_statistics_refresh() -> bool:
    """Fresh planner statistics. SQLite keeps none until ANALYZE runs: without them it sorts a
    reseller's 100,000 customers to show 25 (63 ms) where the (parent, name) index gives them in
    order (0.3 ms). `analysis_limit` samples each index instead of reading all of it (the whole
    large benchmark database in about a second). PostgreSQL's autovacuum keeps its own: nothing
    to do there. Returns whether statistics were gathered."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True


def database_settle_after_bulk_load() -> None:
    """After rows were bulk-inserted (the large seeds): the database as it is after a while in
    production. On PostgreSQL, statistics and the visibility map, as autovacuum leaves them
    (without the map, counting a reseller's 44,000 pending orders reads every row instead of
    the index alone: 27 ms instead of 5); VACUUM cannot run inside a transaction (a test's),
    where statistics alone are gathered. On SQLite, the statistics the daily job keeps."""
    if connection.vendor != "postgresql":
        database_statistics_refresh()
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")


@periodic_job("core.database_statistics", every="daily")
def database_statistics(*, now: datetime) -> bool:
    return database_statistics_refresh()
