"""PERF-1: the number of queries of a page does not grow with its rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.team import services
from portal.tenancy.models import Level, OrganizationKind


def _add_employees(tenant, count, start=0):
    for i in range(start, start + count):
        services.member_add(
            actor=None,
            organization=tenant.organization,
            email=f"e{i}@budget.test",
            full_name=f"Employee {i}",
            role=[Level.SALES, Level.BASIC, Level.IT][i % 3],
        )


def _add_customers(tenant, count, start=0):
    for i in range(start, start + count):
        services.organization_create(
            actor=None,
            kind=OrganizationKind.CUSTOMER,
            name=f"Budget customer {i}",
            parent=tenant.organization,
        )


def _queries(client, url):
    client.get("/healthz")  # the session's last-seen time is written once a minute, not here
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("url", "grow", "budget"),
    [
        # the home is every area's widgets (team, customers, orders, billing, programs, support)
        ("/portal/", _add_employees, 24),
        ("/portal/employees/", _add_employees, 12),
        ("/portal/employees/?status=active&q=e", _add_employees, 12),
        # the grid, its statistics, the approval banner and the 12-month trends
        ("/portal/customers/", _add_customers, 12),
    ],
)
def test_query_count_is_fixed(tenant_a, login, url, grow, budget):
    client = login(tenant_a.members["primary"])
    grow(tenant_a, 3)
    _queries(client, url)  # the trend's months that are over: summed once, then kept
    few = _queries(client, url)
    grow(tenant_a, 30, start=3)
    many = _queries(client, url)
    assert few == many, f"{url}: {few} queries with few rows, {many} with many"
    assert many <= budget


def test_employee_list_with_500_employees(tenant_a, login):
    client = login(tenant_a.members["primary"])
    _add_employees(tenant_a, 500)
    assert _queries(client, "/portal/employees/") <= 12
    assert _queries(client, "/portal/employees/?page=20") <= 12


def _add_staff_requests(tenant, count, start=0):
    from portal.team.services import staff_request_file

    for i in range(start, start + count):
        staff_request_file(
            actor=tenant.actor("primary"),
            full_name=f"Request {i}",
            email=f"r{i}@budget.test",
            level=Level.BASIC,
        )


@pytest.mark.parametrize(
    ("path", "grow"),
    [
        ("/console/team/staff-requests/", _add_staff_requests),
        ("/console/team/partners/{org}/", _add_employees),
        ("/console/team/partners/", _add_customers),
        ("/console/audit/", _add_employees),
    ],
)
def test_console_query_count_is_fixed(tenant_a, vendor_admin, login, path, grow):
    client = login(vendor_admin)
    url = path.format(org=tenant_a.organization.pk)
    grow(tenant_a, 3)
    few = _queries(client, url)
    grow(tenant_a, 30, start=3)
    assert _queries(client, url) == few <= 14


def test_company_page_and_profile_have_fixed_queries(tenant_a, login):
    client = login(tenant_a.members["primary"])
    assert _queries(client, "/portal/company/") <= 12
    assert _queries(client, "/profile/") <= 12


def test_admin_activity_list_reads_a_handful_of_queries_and_no_distinct(tenant_a, client):
    """Django's admin list of the trail: the organization in the same query, the count capped,
    the action filter from the declared verbs (not a DISTINCT over every entry)."""
    from portal.accounts.models import User

    admin_client = client
    admin_client.force_login(
        User.objects.create_superuser(
            email="root@budget.test", password="not-used-here-123", full_name="Root"
        )
    )
    url = "/admin/audit/auditevent/"
    admin_client.get(url)
    _add_employees(tenant_a, 3)
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(url).status_code == 200
    _add_employees(tenant_a, 30, start=3)
    with CaptureQueriesContext(connection) as many:
        assert admin_client.get(url).status_code == 200
    assert len(many) == len(few) <= 6
    assert not [q for q in many if "DISTINCT" in q["sql"]], [q["sql"] for q in many]
