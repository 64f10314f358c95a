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


@periodic_job("core.database_statistics", every="daily")
def database_statistics(*, now: datetime) -> bool:
    return database_statistics_refresh()
