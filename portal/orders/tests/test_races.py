"""Two people deciding the same order at once: exactly one wins, the other is told clearly.
Runs on SQLite and, in CI, for real on PostgreSQL (row locks)."""

import threading

from django.db import connections

from portal.core.exceptions import DomainError
from portal.orders import services
from portal.orders.models import Order, OrderStatus, OrderTransition, Subscription
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
