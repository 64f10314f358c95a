"""Trends at a glance: the monthly run rate and the invoiced amount of the last 12 months, for
the partner home (billing.view) and, across partners and by distributor, the vendor overview."""

from django.db.models import Sum

from portal.access.registry import Widget
from portal.orders.models import Subscription, SubscriptionStatus
from portal.orders.selectors import reporting_currency

from .models import Invoice
from .selectors import trends


def _trends(actor) -> dict:
    return trends(actor=actor)


def _by_distributor(actor) -> dict:
    currency = reporting_currency()
    run_rates = dict(
        Subscription.objects.for_actor(actor)
        .filter(status=SubscriptionStatus.ACTIVE, currency=currency)
        .order_by()
        .values_list("customer__parent__parent__name")
        .annotate(total=Sum("monthly_amount"))
    )
    invoiced = dict(
        Invoice.objects.for_actor(actor)
        .filter(currency=currency)
        .order_by()
        .values_list("reseller__parent__name")
        .annotate(total=Sum("net"))
    )
    names = sorted(set(run_rates) | set(invoiced))
    return {
        **_trends(actor),
        "rows": [
            {"name": name, "run_rate": run_rates.get(name), "invoiced": invoiced.get(name)}
            for name in names
        ],
    }


WIDGETS = [
    Widget("partner", "billing.view", "billing/widgets/_trends.html", _trends, 60),
    Widget("vendor", "console.billing.view", "billing/widgets/_trends.html", _by_distributor, 30),
]
