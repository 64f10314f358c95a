"""The orders area's figures on the partner home: orders waiting for approval, the monthly run
rate and the transacting customers (CUST-2)."""

from portal.access.registry import Widget

from .selectors import (
    order_list,
    pending_approval_count,
    provisioning_queue,
    run_rate_totals,
    transacting_customer_count,
)


def _pending(actor) -> dict:
    return {"pending": pending_approval_count(actor=actor)}


def _run_rate(actor) -> dict:
    return {
        "run_rates": run_rate_totals(actor),
        "transacting": transacting_customer_count(actor),
    }


def _provisioning(actor) -> dict:
    return {"waiting": provisioning_queue(actor=actor).count()}


def _orders_count(actor) -> dict:
    return {"count": order_list(actor=actor).count()}


WIDGETS = [
    Widget("partner", "orders.approve", "orders/widgets/_pending.html", _pending, 15, "alert"),
    Widget("partner", "orders.view", "orders/widgets/_run_rate.html", _run_rate, 25, "stat"),
    Widget(
        "partner",
        "orders.provision",
        "orders/widgets/_provisioning.html",
        _provisioning,
        16,
        "alert",
    ),
]
