from portal.access.registry import Widget
from portal.tenancy.selectors import customers_of


def _customers(actor) -> dict:
    return {"count": customers_of(actor).count()}


WIDGETS = [
    Widget("partner", "customers.view", "customers/widgets/_count.html", _customers, 30, "stat")
]
