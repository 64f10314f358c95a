"""Guards for speed at scale (issue: pages flat from demo size to 100,000 customers): with enough
rows that PostgreSQL's planner has a choice, the customers, partners and activity queries use
their indexes instead of scanning whole tables. PostgreSQL only (SQLite's planner is not the
production one)."""

import pytest
from django.db import connection

from portal.audit.models import AuditEvent
from portal.audit.selectors import audit_events_for
from portal.demo.testing import make_tenant
from portal.team.selectors import partner_list
from portal.tenancy.models import Organization, OrganizationKind
from portal.tenancy.selectors import customers_of

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the production planner is PostgreSQL's"
)

CUSTOMERS = 20_000


def _bulk_customers(parents, count):
    rows = [
        Organization(
            kind=OrganizationKind.CUSTOMER, name=f"Bulk {i}", parent=parents[i % len(parents)]
        )
        for i in range(count)
    ]
    Organization.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE tenancy_organization AS o SET path = p.path || o.id || '/' "
            "FROM tenancy_organization AS p WHERE o.parent_id = p.id AND o.path = ''"
        )


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture
def big(db):
    small = make_tenant("Small Resale", customers=3)
    others = [make_tenant(f"Other {i}", customers=0).organization for i in range(4)]
    _bulk_customers(others, CUSTOMERS)
    AuditEvent.objects.bulk_create(
        [AuditEvent(organization=others[i % 4], verb="auth.login") for i in range(CUSTOMERS)],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return small


def test_a_resellers_customers_are_found_through_the_path_index(big):
    plan = _plan(customers_of(big.actor("primary")))
    assert "Seq Scan on tenancy_organization" not in plan, plan


def test_the_partners_page_counts_staff_only_for_the_rows_it_shows(big, vendor_admin):
    from portal.demo.testing import actor_for

    plan = _plan(partner_list(actor=actor_for(vendor_admin)).order_by("name")[:25])
    # The count is a correlated subplan evaluated for the shown rows, not an aggregate over
    # every partner before the limit.
    assert "Aggregate" not in plan.split("SubPlan")[0], plan


def test_a_companys_activity_log_reads_its_own_index(big):
    plan = _plan(audit_events_for(big.actor("primary"))[:50])
    assert "Seq Scan on audit_auditevent" not in plan, plan


def test_a_deep_page_of_the_whole_trail_starts_from_the_index(big, vendor_admin):
    from portal.audit.selectors import after_cursor, cursor_of
    from portal.demo.testing import actor_for

    events = audit_events_for(actor_for(vendor_admin))
    middle = events[CUSTOMERS // 2]
    cursor = cursor_of(middle)
    micros, pk = (int(part) for part in cursor.split("-"))
    from datetime import UTC, datetime

    at = datetime.fromtimestamp(micros / 1_000_000, tz=UTC)
    plan = _plan(after_cursor(events, at, pk)[:51])
    assert "Seq Scan on audit_auditevent" not in plan, plan
    # the scan starts at the cursor (an index condition), not at the newest row
    assert "Index Cond: (created_at <=" in plan, plan
