"""A reseller's customer totals (`CustomerTotals`): the maintained copy the home and My Customers
read stays equal to a count of the customers through every service that changes one of its
figures, is read in one query, and the daily check sets a wrong copy right."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from portal.customers import services as customers
from portal.customers.selectors import customer_statistics
from portal.customers.tests.test_services import CUSTOMER
from portal.demo.testing import actor_for, make_tenant, make_vendor_member
from portal.orders import services
from portal.orders.jobs import customer_totals_checked
from portal.orders.models import CustomerTotals, Subscription
from portal.orders.selectors import run_rate_totals
from portal.orders.testing import make_product, place
from portal.programs import services as programs
from portal.programs.tests.conftest import company
from portal.tenancy.models import VendorRole

# the customers' own test record, without its name (each test names its customer)
NEW_CUSTOMER = {key: value for key, value in CUSTOMER.items() if key != "name"}


def _kept(reseller) -> dict:
    row = CustomerTotals.objects.get(reseller=reseller)
    return {
        "customers": row.customers,
        "active": row.active,
        "transacting": row.transacting,
        "run_rate": row.run_rate,
    }


def _counted(reseller) -> dict:
    return services.customer_totals_counted(reseller_ids=[reseller.pk])[reseller.pk]


def test_every_change_of_a_customer_keeps_the_copy_equal_to_the_count(tenant_a, tenant_b):
    reseller, actor = tenant_a.organization, tenant_a.actor("primary")
    first, second = tenant_a.customers
    # the test tenant's customers were made without the services: no copy until a change
    assert not CustomerTotals.objects.filter(reseller=reseller).exists()

    place(tenant_a.members["primary"], first, (make_product("CT-1", cost="10.50"), 2))
    assert (
        _kept(reseller)
        == _counted(reseller)
        == {
            "customers": 2,
            "active": 2,
            "transacting": 1,
            "run_rate": Decimal("21.00"),
        }
    )
    steps = [
        lambda: customers.customer_create(actor=actor, name="New Co", **NEW_CUSTOMER),
        lambda: customers.customer_set_active(actor=actor, customer=second, active=False),
        lambda: place(tenant_a.members["primary"], second, (make_product("CT-2", cost="3"), 1)),
        lambda: services.subscription_change(
            actor=actor,
            subscription=Subscription.objects.get(product__sku="CT-1"),
            action="suspend",
        ),
        lambda: services.subscription_change(
            actor=actor, subscription=Subscription.objects.get(product__sku="CT-1"), action="resume"
        ),
        lambda: services.subscription_change(
            actor=actor, subscription=Subscription.objects.get(product__sku="CT-2"), action="cancel"
        ),
        lambda: customers.customer_set_active(actor=actor, customer=second, active=True),
    ]
    for step in steps:
        step()
        assert _kept(reseller) == _counted(reseller)
    assert _kept(reseller) == {
        "customers": 3,
        "active": 3,
        "transacting": 1,
        "run_rate": Decimal("21.00"),
    }
    # another reseller's changes are its own
    place(tenant_b.members["primary"], tenant_b.customers[0], (make_product("CT-3"), 1))
    assert _kept(reseller)["transacting"] == 1
    assert _kept(tenant_b.organization) == _counted(tenant_b.organization)


def test_a_converted_lead_is_one_customer_more(db):
    tenant = make_tenant("Lead Totals", customers=1)
    place(tenant.members["primary"], tenant.customers[0], (make_product("CT-L"), 1))
    lead = programs.lead_create(actor=tenant.actor("sales"), **company(company_name="Won Co"))
    programs.lead_convert(
        actor=actor_for(make_vendor_member(VendorRole.ADMIN, email="lt@vendor.test")), lead=lead
    )
    assert _kept(tenant.organization)["customers"] == 2
    assert _kept(tenant.organization) == _counted(tenant.organization)


def test_a_resellers_statistics_are_one_read_of_its_copy(tenant_a):
    actor = tenant_a.actor("primary")
    place(tenant_a.members["primary"], tenant_a.customers[0], (make_product("CT-4", cost="4"), 1))
    CustomerTotals.objects.filter(reseller=tenant_a.organization).update(customers=1000)
    with CaptureQueriesContext(connection) as read:
        stats = customer_statistics(actor=actor)
    assert len(read) == 1 and "orders_customertotals" in read[0]["sql"]
    # the copy is what is shown (here a wrong one, set on purpose)
    assert stats["total"] == 1000 and stats["run_rate"] == Decimal("4.00")


def test_without_a_copy_the_customers_are_counted(tenant_a):
    stats = customer_statistics(actor=tenant_a.actor("primary"))
    assert stats == {
        "total": 2,
        "active": 2,
        "transacting": 0,
        "run_rate": Decimal("0.00"),
        "inactive": 0,
    }


def test_the_daily_check_sets_a_wrong_copy_right(tenant_a, tenant_b, caplog):
    place(tenant_a.members["primary"], tenant_a.customers[0], (make_product("CT-5"), 1))
    place(tenant_b.members["primary"], tenant_b.customers[0], (make_product("CT-6"), 1))
    right = _kept(tenant_b.organization)
    CustomerTotals.objects.filter(reseller=tenant_a.organization).update(active=-4, transacting=9)
    assert customer_totals_checked(now=None) == 1
    assert _kept(tenant_a.organization) == _counted(tenant_a.organization)
    assert _kept(tenant_b.organization) == right
    assert "set right for 1 resellers" in caplog.text
    assert customer_totals_checked(now=None) == 0


def test_the_bulk_rebuild_counts_every_reseller(tenant_a, tenant_b):
    place(tenant_a.members["primary"], tenant_a.customers[0], (make_product("CT-7"), 1))
    CustomerTotals.objects.all().delete()
    services.customer_figures_rebuild()
    for tenant in (tenant_a, tenant_b):
        assert _kept(tenant.organization) == _counted(tenant.organization)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL (CI runs it)"
)
def test_customers_created_at_once_are_all_counted(transactional_db):
    """Four customers of a reseller without a copy yet, created at once: one of them counts and
    inserts the copy, the others wait for its insert and add themselves to it."""
    tenant = make_tenant("Totals Race", customers=0)
    actor = tenant.actor("primary")
    barrier = threading.Barrier(4)
    outcomes = []

    def create(i):
        try:
            barrier.wait(timeout=10)
            customers.customer_create(actor=actor, name=f"Raced {i}", **NEW_CUSTOMER)
            outcomes.append("ok")
        except Exception as error:  # noqa: BLE001 - a crash must be seen, not hidden
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes == ["ok"] * 4
    assert _kept(tenant.organization)["customers"] == 4
    assert _kept(tenant.organization) == _counted(tenant.organization)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL (CI runs it)"
)
def test_a_customer_deactivated_while_its_subscription_changes_deadlocks_neither(
    transactional_db, monkeypatch
):
    """The subscription change holds the reseller's totals row and, when it commits, checks its
    rows' keys against the customer (PostgreSQL's deferred foreign keys: a key-share lock); the
    deactivation holds the customer and waits for the totals. With the customer locked FOR
    UPDATE the two waited for each other and PostgreSQL aborted one; no-key, both go through."""
    import portal.customers.services as customer_services

    tenant = make_tenant("Totals Deadlock", customers=1)
    customer = tenant.customers[0]
    place(tenant.members["primary"], customer, (make_product("CT-D", cost="5"), 1))
    subscription = Subscription.objects.get(product__sku="CT-D")
    both_hold = threading.Barrier(2)
    add = services.customer_totals_add

    def add_then_wait(**kwargs):  # the subscription change: holds the totals row
        add(**kwargs)
        both_hold.wait(timeout=10)

    def wait_then_add(**kwargs):  # the deactivation: holds the customer's row
        both_hold.wait(timeout=10)
        add(**kwargs)

    monkeypatch.setattr(services, "customer_totals_add", add_then_wait)
    monkeypatch.setattr(customer_services, "customer_totals_add", wait_then_add)
    outcomes = []

    def run(call):
        try:
            call()
            outcomes.append("ok")
        except Exception as error:  # noqa: BLE001 - a crash must be seen, not hidden
            outcomes.append(error)
        finally:
            connections.close_all()

    calls = [
        lambda: services.subscription_change(
            actor=tenant.actor("primary"), subscription=subscription, action="suspend"
        ),
        lambda: customers.customer_set_active(
            actor=tenant.actor("manager"), customer=customer, active=False
        ),
    ]
    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes == ["ok", "ok"], outcomes
    assert _kept(tenant.organization) == _counted(tenant.organization)
    assert _kept(tenant.organization)["active"] == 0


def _summed(reseller) -> list[dict]:
    """The run rate per currency by its definition: the active subscriptions summed."""
    rows = (
        Subscription.objects.filter(customer__parent=reseller, status="active")
        .values("currency")
        .annotate(total=Sum("monthly_amount"))
        .order_by("-currency")  # PLN, the reporting currency, before EUR
    )
    return list(rows)


def test_a_resellers_run_rate_per_currency_adds_the_kept_one_to_the_other_currencies(tenant_a):
    actor = tenant_a.actor("primary")
    first, second = tenant_a.customers
    assert run_rate_totals(actor) == _summed(tenant_a.organization) == []  # no copy, none

    place(tenant_a.members["primary"], first, (make_product("CT-P", cost="7.25"), 2))
    assert CustomerTotals.objects.filter(reseller=tenant_a.organization).exists()
    with CaptureQueriesContext(connection) as read:
        totals = run_rate_totals(actor)
    assert (
        totals == _summed(tenant_a.organization) == [{"currency": "PLN", "total": Decimal("14.50")}]
    )
    # the kept row, and a sum of the other currencies only
    assert "orders_customertotals" in read[0]["sql"] and "IN (" in read[1]["sql"]

    place(tenant_a.members["primary"], second, (make_product("CT-E", currency="EUR"), 1))
    assert run_rate_totals(actor) == _summed(tenant_a.organization)
    assert [row["currency"] for row in run_rate_totals(actor)] == ["PLN", "EUR"]

    # the kept figure is what is shown (here a wrong one, set on purpose)
    CustomerTotals.objects.filter(reseller=tenant_a.organization).update(run_rate=Decimal("1"))
    assert run_rate_totals(actor)[0] == {"currency": "PLN", "total": Decimal("1.00")}
    # a single customer's is summed
    pln = {"currency": "PLN", "total": Decimal("14.50")}
    assert run_rate_totals(actor, customer=first) == [pln]
