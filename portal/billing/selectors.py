"""Reads of the billing area, each starting from the actor's scope: invoices (BILL-2, BILL-3),
a customer's billing details (BILL-1) and the invoiced amount over the last 12 months."""

from datetime import date
from decimal import Decimal

from django.db.models import QuerySet, Sum

from portal.orders.models import Asset, Subscription, SubscriptionStatus
from portal.orders.selectors import reporting_currency, run_rate_history
from portal.orders.trends import MonthStart, bars, month_ends
from portal.tenancy.actor import Actor
from portal.tenancy.models import Organization

from .models import Invoice, InvoiceLine

ZERO = Decimal("0.00")


def _invoices(actor: Actor) -> QuerySet[Invoice]:
    # a reseller's: read by the invoice's own reseller column (Invoice.scope_reseller_field)
    return Invoice.objects.for_actor(actor)


def invoice_list(*, actor: Actor) -> QuerySet[Invoice]:
    return _invoices(actor).with_payment_status().select_related("customer")


def invoice_detail(*, actor: Actor) -> QuerySet[Invoice]:
    return invoice_list(actor=actor).select_related("reseller", "customer__details")


def billing_details(*, actor: Actor, customer: Organization) -> dict:
    """What will be invoiced (BILL-1): recurring items with period and next invoice date, and the
    one-time items not invoiced yet."""
    recurring = (
        Subscription.objects.for_actor(actor)
        .filter(customer=customer)
        .exclude(status=SubscriptionStatus.CANCELED)
        .select_related("product")
        .order_by("next_invoice_on", "pk")
    )
    invoiced_assets = InvoiceLine.objects.filter(
        asset__customer=customer, asset__isnull=False
    ).values("asset_id")
    one_time = (
        Asset.objects.for_actor(actor)
        .filter(customer=customer)
        .exclude(pk__in=invoiced_assets)
        .select_related("product")
    )
    return {"recurring": recurring, "one_time": one_time}


def invoiced_history(actor: Actor, *, months: int = 12, today: date | None = None) -> list[dict]:
    """The net amount invoiced in each of the last `months` months (reporting currency): one
    sum grouped by month."""
    spans = month_ends(months=months, today=today)
    by_month = dict(
        _invoices(actor)
        .filter(
            currency=reporting_currency(),
            issued_on__gte=spans[0][0],
            issued_on__lte=spans[-1][1],
        )
        .values_list(MonthStart("issued_on"))
        .annotate(Sum("net"))
        .order_by()
    )
    return [{"month": start, "value": by_month.get(start, ZERO)} for start, _end in spans]


def outstanding_count(*, actor: Actor) -> dict:
    return _invoices(actor).outstanding_counts()


def trends(*, actor: Actor) -> dict:
    """Trends at a glance for the actor's scope, as the chart template draws them: the monthly
    run rate and the net invoiced amount of the last 12 months, and the overdue count."""
    return {
        "currency": reporting_currency(),
        "run_rate": bars(run_rate_history(actor)),
        "invoiced": bars(invoiced_history(actor)),
        "outstanding": outstanding_count(actor=actor),
    }
