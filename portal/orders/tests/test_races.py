"""Two people deciding the same order at once: exactly one wins, the other is told clearly; two
changes to one customer's subscriptions at once leave its stored run rate exact. Runs on SQLite
and, in CI, for real on PostgreSQL (row locks)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from portal.core.exceptions import DomainError
from portal.orders import services
from portal.orders.models import (
    CustomerRunRate,
    CustomerTotals,
    Order,
    OrderStatus,
    OrderTransition,
    Subscription,
    SubscriptionStatus,
)
from portal.orders.testing import make_product, place


def race(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait(timeout=10)
            outcomes.append(("ok", call()))
        except DomainError as error:
            outcomes.append(("refused", error))
        except Exception as error:
            outcomes.append(("crashed", error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_accept_and_cancel_at_once_only_one_wins(transactional_db):
    from portal.demo.testing import make_tenant

    tenant = make_tenant("Race Orders")
    order = place(tenant.storefront_user, tenant.customers[0], (make_product("R1"), 1))
    assert order.status == OrderStatus.PENDING_APPROVAL
    outcomes = race(
        lambda: services.order_accept(actor=tenant.actor("primary"), order=order),
        lambda: services.order_cancel(actor=tenant.actor("manager"), order=order),
        lambda: services.order_accept(actor=tenant.actor("manager"), order=order),
    )
    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused", "refused"], outcomes
    refusal = next(error for kind, error in outcomes if kind == "refused")
    assert str(refusal) == "This order has already been decided."
    order.refresh_from_db()
    decided = OrderTransition.objects.filter(order=order, from_status="pending_approval")
    assert decided.count() == 1
    expected = 1 if order.status == OrderStatus.EXECUTED else 0
    assert Subscription.objects.filter(order_line__order=order).count() == expected


def test_orders_placed_at_once_get_distinct_consecutive_numbers(transactional_db):
    from portal.demo.testing import make_tenant

    tenant = make_tenant("Number Orders")
    product = make_product("N1")
    outcomes = race(
        *[
            (lambda: place(tenant.members["primary"], tenant.customers[0], (product, 1)))
            for _ in range(4)
        ]
    )
    assert [kind for kind, _ in outcomes] == ["ok"] * 4, outcomes
    numbers = sorted(int(n[-6:]) for n in Order.objects.values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL (CI runs it)"
)
def test_two_subscription_changes_at_once_leave_the_exact_run_rate(transactional_db, monkeypatch):
    """Both changes are written before either recomputes the customer's figure (the barrier
    holds them there): without the row lock taken in a statement of its own, each recompute
    would miss the other's change and the last one to write would win."""
    from portal.demo.testing import make_tenant

    tenant = make_tenant("Run Rate Race")
    customer, member = tenant.customers[0], tenant.members["primary"]
    for sku, cost in (("RR-A", "10.00"), ("RR-B", "7.00"), ("RR-C", "5.00"), ("RR-D", "3.00")):
        place(member, customer, (make_product(sku, cost=cost), 1))
    assert CustomerRunRate.objects.get(customer=customer).monthly_run_rate == Decimal("25.00")
    subscriptions = {s.product.sku: s for s in Subscription.objects.select_related("product")}
    services.subscription_change(
        actor=tenant.actor("primary"), subscription=subscriptions["RR-D"], action="suspend"
    )

    both_written = threading.Barrier(2)
    refresh = services.customer_figures_refresh

    def refresh_after_both_wrote(**kwargs):
        both_written.wait(timeout=10)
        refresh(**kwargs)

    monkeypatch.setattr(services, "customer_figures_refresh", refresh_after_both_wrote)
    outcomes = race(
        lambda: services.subscription_change(
            actor=tenant.actor("primary"), subscription=subscriptions["RR-A"], action="suspend"
        ),
        lambda: services.subscription_change(
            actor=tenant.actor("manager"), subscription=subscriptions["RR-B"], action="cancel"
        ),
    )
    assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
    statuses = dict(Subscription.objects.values_list("product__sku", "status"))
    assert statuses["RR-A"] == SubscriptionStatus.SUSPENDED
    assert statuses["RR-B"] == SubscriptionStatus.CANCELED
    row = CustomerRunRate.objects.get(customer=customer)
    assert row.monthly_run_rate == Decimal("5.00") and row.transacting

    # and a resume beside a new order: both raise it, neither rise is lost
    outcomes = race(
        lambda: services.subscription_change(
            actor=tenant.actor("primary"), subscription=subscriptions["RR-D"], action="resume"
        ),
        lambda: place(member, customer, (make_product("RR-E", cost="1.50"), 2)),
    )
    assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
    row.refresh_from_db()
    assert row.monthly_run_rate == Decimal("11.00")
    # the reseller's totals took both differences, each under the other's row lock
    assert CustomerTotals.objects.get(reseller=tenant.organization).run_rate == Decimal("11.00")
