"""The daily planner statistics job (portal/core/jobs.py)."""

import pytest
from django.db import connection

from portal.core.jobs import database_statistics_refresh
from portal.core.periodic import registered_jobs


@pytest.mark.django_db
def test_sqlite_gets_planner_statistics_and_postgresql_keeps_its_own(tenant_a):
    assert "core.database_statistics" in {job.name for job in registered_jobs()}
    gathered = database_statistics_refresh()
    if connection.vendor != "sqlite":
        assert gathered is False
        return
    assert gathered is True
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'tenancy_organization'")
        assert cursor.fetchone()[0] > 0
