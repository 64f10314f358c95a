"""Guards for speed at scale (issue: pages flat from demo size to 100,000 customers): with enough
rows that PostgreSQL's planner has a choice, the customers, partners and activity queries use
their indexes instead of scanning whole tables. PostgreSQL only (SQLite's planner is not the
production one)."""

import re

import pytest
from django.db import connection

from portal.audit.models import AuditEvent
from portal.audit.selectors import audit_events_for
from portal.demo.testing import built_once_per_module, make_tenant
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
            kind=OrganizationKind.CUSTOMER,
            name=f"Bulk {i}",
            search_name=f"bulk {i}",
            parent=parents[i % len(parents)],
        )
        for i in range(count)
    ]
    Organization.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE tenancy_organization AS o SET path = p.path || o.id || '/' "
            "FROM tenancy_organization AS p WHERE o.parent_id = p.id AND o.path = ''"
        )


@pytest.fixture(autouse=True)
def _each_test_in_its_own_savepoint(db):
    """What a test writes is undone after it, while the module's rows stay."""


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture(scope="module")
def big(django_db_setup, django_db_blocker):
    """Built once for the module: bulk inserts of 40,000 rows take seconds."""
    with built_once_per_module(django_db_blocker):
        small = make_tenant("Small Resale", customers=3)
        small.others = [make_tenant(f"Other {i}", customers=0) for i in range(4)]
        others = [tenant.organization for tenant in small.others]
        _bulk_customers(others, CUSTOMERS)
        AuditEvent.objects.bulk_create(
            [AuditEvent(organization=others[i % 4], verb="auth.login") for i in range(CUSTOMERS)],
            batch_size=5000,
        )
        with connection.cursor() as cursor:
            # what VACUUM does after a bulk load (portal.core.jobs.database_settle_after_bulk_load),
            # which a test's transaction cannot run: the trigram index's new entries move from
            # its pending list into the index, where the planner counts on them
            cursor.execute("SELECT gin_clean_pending_list('org_customer_search'::regclass)")
            cursor.execute("ANALYZE")
        yield small


def test_a_resellers_customers_are_found_through_the_path_index(big):
    plan = _plan(customers_of(big.actor("primary")))
    assert "Seq Scan on tenancy_organization" not in plan, plan


def test_a_customer_search_finds_a_big_resellers_matches_through_the_trigram_index(big):
    """5,000 customers of one reseller: the search reads the matches from the trigram index
    (migration tenancy 0010) instead of filtering every customer of the reseller."""
    from portal.customers.filters import CustomerFilter
    from portal.customers.selectors import customer_list

    reseller = big.others[3]
    Organization.objects.filter(parent=reseller.organization, name="Bulk 19999").update(
        name="Quokka Studio", search_name="quokka studio"
    )
    customers = customer_list(actor=reseller.actor("primary"))
    found = CustomerFilter({"q": "QUOKKA"}, queryset=customers).qs
    assert [customer.name for customer in found] == ["Quokka Studio"]
    plan = _plan(found)
    assert "org_customer_search" in plan, plan


def test_the_partners_page_counts_staff_only_for_the_rows_it_shows(big, vendor_admin):
    from portal.demo.testing import actor_for

    plan = _plan(partner_list(actor=actor_for(vendor_admin)).order_by("name")[:25])
    # The page's rows carry no count: with_active_staff counts the 25 shown (or reads them from
    # the figures cache), never an aggregate over every partner before the limit.
    assert "Aggregate" not in plan and "SubPlan" not in plan, plan


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


def test_the_partners_list_is_read_in_name_order_from_its_index(big, vendor_admin):
    from portal.demo.testing import actor_for

    distributor = big.organization.parent
    Organization.objects.bulk_create(
        [
            Organization(kind=OrganizationKind.RESELLER, name=f"Partner {i}", parent=distributor)
            for i in range(2000)
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE tenancy_organization")
    plan = _plan(partner_list(actor=actor_for(vendor_admin)).order_by("name")[:25])
    assert "org_partner_name" in plan, plan


@pytest.fixture(scope="module")
def big_orders(big, django_db_blocker):
    """20,000 orders of other resellers' customers, and two of the small reseller's, in the
    transaction of `big`."""
    with django_db_blocker.unblock():
        from decimal import Decimal

        from portal.orders.models import Order, OrderStatus
        from portal.orders.testing import make_product, place

        small_customer = big.customers[0]
        product = make_product("PLAN-1")
        place(big.members["primary"], small_customer, (product, 1))
        place(big.members["primary"], small_customer, (product, 1))
        others = list(
            Organization.objects.filter(
                kind=OrganizationKind.CUSTOMER, name__startswith="Bulk "
            ).values_list("pk", "parent_id")[:5000]
        )
        user = big.members["primary"].user
        Order.objects.bulk_create(
            [
                Order(
                    number=f"ORD-2020-{i:06d}",
                    customer_id=others[i % len(others)][0],
                    reseller_id=others[i % len(others)][1],
                    placed_by=Order.PlacedBy.RESELLER,
                    placed_by_user=user,
                    status=OrderStatus.EXECUTED,
                    currency="PLN",
                    total_cost=Decimal("1.00"),
                    total_amount=Decimal("1.00"),
                )
                for i in range(CUSTOMERS)
            ],
            batch_size=5000,
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return big


def test_a_resellers_orders_are_read_from_its_own_index(big_orders):
    from portal.orders.selectors import order_list

    plan = _plan(order_list(actor=big_orders.actor("primary")).order_by("-created_at")[:25])
    # the reseller's own entries of an index, not every order joined to its customer
    assert "Index Cond: (reseller_id =" in plan, plan
    assert "Seq Scan on orders_order" not in plan, plan


def test_an_order_number_search_reads_the_numbers_index(big_orders, vendor_admin):
    from django.test import RequestFactory

    from portal.demo.testing import actor_for
    from portal.orders.filters import OrderFilter
    from portal.orders.selectors import order_list

    for actor in (big_orders.actor("primary"), actor_for(vendor_admin)):
        request = RequestFactory().get("/", {"q": "ORD-2020-0001"})
        request.actor = actor
        orders = OrderFilter(request.GET, queryset=order_list(actor=actor), request=request).qs
        plan = _plan(orders[:25])
        assert "Seq Scan on orders_order" not in plan, plan


def test_a_big_companys_employees_are_read_in_name_order(db):
    from portal.accounts.models import User
    from portal.team.selectors import employee_list
    from portal.tenancy.models import Membership

    tenant = make_tenant("Crowded Resale", customers=0)
    users = User.objects.bulk_create(
        [User(email=f"p{i}@crowded.test", full_name=f"Person {i:05d}") for i in range(5000)],
        batch_size=2500,
    )
    Membership.objects.bulk_create(
        [
            Membership(
                user=u, person_name=u.full_name, organization=tenant.organization, role="basic"
            )
            for u in users
        ],
        batch_size=2500,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    plan = _plan(employee_list(actor=tenant.actor("primary"))[:25])
    # the first page is 25 entries of the company's name index: no sort of 5,000 joined rows
    assert "membership_org_person_name" in plan, plan
    assert "Sort" not in plan, plan


def test_a_big_resellers_invoices_are_read_from_its_own_index(big):
    """Half of 20,000 invoices are one reseller's: its newest page comes from its (reseller,
    date) index, never a join of every organization (the customer-path scope beside the
    reseller column made PostgreSQL merge-join the organizations: 120 ms)."""
    from datetime import date
    from decimal import Decimal

    from portal.billing.models import Invoice
    from portal.billing.selectors import invoice_list

    crowded = Organization.objects.get(name="Other 0")
    customers = list(
        Organization.objects.filter(kind=OrganizationKind.CUSTOMER, name__startswith="Bulk ")
        .values_list("pk", "parent_id")
        .order_by("pk")[:8000]
    )
    Invoice.objects.bulk_create(
        [
            Invoice(
                number=f"INV-2020-{i:06d}",
                customer_id=customer,
                reseller_id=reseller,
                currency="PLN",
                issued_on=date(2020, 1 + i % 12, 1),
                due_on=date(2020, 1 + i % 12, 15),
                net=Decimal("1.00"),
                tax_percent=Decimal("23.00"),
                tax=Decimal("0.23"),
                total=Decimal("1.23"),
            )
            for i, (customer, reseller) in enumerate(customers * 2)
        ],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    from portal.demo.testing import actor_for
    from portal.team.services import member_add

    primary = member_add(
        actor=None, organization=crowded, email="p@crowded.test", full_name="P", role="primary"
    )
    page = invoice_list(actor=actor_for(primary)).order_by("-issued_on", "-number")
    plan = _plan(page.values("pk")[:25])
    assert "tenancy_organization" not in plan, plan
    assert "reseller_id" in plan, plan


def test_a_resellers_run_rate_and_its_trend_read_its_own_subscriptions(big_orders):
    """20,000 subscriptions of other resellers' customers: the small reseller's run rate (the
    home's figure) and its 12-month trend come from its own entries of the (reseller, status)
    index, not from a scan of every subscription joined to its customer."""
    from datetime import date
    from decimal import Decimal

    from django.test.utils import CaptureQueriesContext

    from portal.access import figures
    from portal.orders.models import Order, OrderLine, Subscription
    from portal.orders.selectors import run_rate_history, run_rate_totals
    from portal.orders.testing import make_product

    product = make_product("PLAN-2")
    orders = list(Order.objects.filter(number__startswith="ORD-2020-").values_list("pk", flat=True))
    lines = OrderLine.objects.bulk_create(
        [
            OrderLine(
                order_id=order,
                product=product,
                quantity=1,
                unit_cost=Decimal("1.00"),
                markup_percent=Decimal("0.00"),
                unit_price=Decimal("1.00"),
                line_cost=Decimal("1.00"),
                line_amount=Decimal("1.00"),
            )
            for order in orders
        ],
        batch_size=5000,
    )
    placed = dict(Order.objects.filter(pk__in=orders).values_list("pk", "customer_id"))
    resellers = dict(Order.objects.filter(pk__in=orders).values_list("pk", "reseller_id"))
    # the crowded reseller's subscriptions last, as a reseller that joined late has them
    crowded = Organization.objects.get(name="Other 0")
    lines.sort(key=lambda line: resellers[line.order_id] == crowded.pk)
    Subscription.objects.bulk_create(
        [
            Subscription(
                customer_id=placed[line.order_id],
                reseller_id=resellers[line.order_id],
                order_line=line,
                product=product,
                quantity=1,
                currency="PLN",
                period_months=1,
                period_amount=Decimal("1.00"),
                period_cost=Decimal("1.00"),
                monthly_amount=Decimal("1.00"),
                started_on=date(2026, 1, 1),
                next_invoice_on=date(2026, 2, 1),
            )
            for line in lines
        ],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    actor = big_orders.actor("primary")
    with CaptureQueriesContext(connection) as read, figures.one_pass():  # as the home reads
        run_rate_totals(actor)
        run_rate_history(actor)
    # no kept totals yet: the row asked for, then the subscriptions summed; no kept month-ends
    # yet: asked for, the suspended subscriptions named, the month-ends summed and kept
    assert len(read) == 6
    for query in read.captured_queries:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + query["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
        # (the suspensions, none here, may be scanned: "orders_subscriptionsuspension")
        assert not re.search(r"Seq Scan on orders_subscription\b", plan), plan
        assert "tenancy_organization" not in plan, plan

    # A reseller with 5,000 subscriptions, its newest suspended, and two older ones suspended
    # elsewhere: the trend finds the suspended subscriptions through the suspensions (their
    # reseller index, then the subscriptions' keys), never by walking the subscriptions in key
    # order to meet them (a merge join: 64 ms at 100,000).
    from datetime import timedelta

    from django.utils import timezone

    from portal.demo.testing import actor_for
    from portal.orders.models import SubscriptionSuspension
    from portal.team.services import member_add

    suspended = [
        *Subscription.objects.filter(reseller__name="Other 1").order_by("pk")[:2],
        Subscription.objects.filter(reseller=crowded).order_by("-pk").first(),
    ]
    SubscriptionSuspension.objects.bulk_create(
        [
            SubscriptionSuspension(
                subscription=subscription,
                reseller_id=subscription.reseller_id,
                # before the last month ended: that month-end is summed from the suspensions
                suspended_at=timezone.now() - timedelta(days=40),
            )
            for subscription in suspended
        ]
    )
    Subscription.objects.filter(pk__in=[s.pk for s in suspended]).update(status="suspended")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    primary = member_add(
        actor=None, organization=crowded, email="p@crowded.test", full_name="P", role="primary"
    )
    with CaptureQueriesContext(connection) as read:
        history = run_rate_history(actor_for(primary))
    # every subscription of its at 1.00 a month, but the one suspended: at the last month-end
    # (summed) and now
    running = Subscription.objects.filter(reseller=crowded).count() - 1
    assert history[-2]["value"] == history[-1]["value"] == running
    for query in read.captured_queries:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + query["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
        if "suspension" in query["sql"]:
            assert "Merge Join" not in plan, plan
            assert "orders_subscription_pkey" not in plan or "Index Cond: (id =" in plan, plan


def test_a_big_companys_active_employees_are_counted_from_its_own_index(db):
    """The home's "active employees" of a company of 2,000 among 10,000 memberships: one partial
    index of the company's active, activated memberships, never a join of them to every
    person."""
    from portal.accounts.models import User
    from portal.tenancy.models import Membership
    from portal.tenancy.selectors import employees_of

    tenant = make_tenant("Counted Resale", customers=0)
    others = make_tenant("Other Resale", customers=0)
    users = User.objects.bulk_create(
        [User(email=f"p{i}@counted.test", full_name=f"Person {i:05d}") for i in range(10_000)],
        batch_size=2500,
    )
    Membership.objects.bulk_create(
        [
            Membership(
                user=u,
                organization=(tenant if i % 5 == 0 else others).organization,
                role="basic",
                person_activated=True,
            )
            for i, u in enumerate(users)
        ],
        batch_size=2500,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    # as count() asks it: without the ordering
    active = employees_of(tenant.actor("primary")).with_status("active")
    plan = _plan(active.order_by().values("pk"))
    assert "membership_org_active_person" in plan, plan
    assert "accounts_user" not in plan, plan
