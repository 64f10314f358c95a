"""The customers area's figures on the partner home (CUST-2) and its next steps."""

from portal.access.policies import can
from portal.access.registry import Widget

from .selectors import customer_statistics


def _customers(actor) -> dict:
    stats = customer_statistics(actor=actor)
    return {**stats, "may_create": can(actor, "customers.manage")}


WIDGETS = [
    Widget("partner", "customers.view", "customers/widgets/_count.html", _customers, 30, "stat")
]
