"""Reads of the orders area, each starting from the actor's scope.

Also what the customers area reads (CUST-2, CUST-5): `approval_required(customer)`,
`with_run_rate(customers, currency)` (a per-customer annotation), `run_rate_totals(actor)` and
`transacting_customer_count(actor)`; all database aggregates, so the grid's query count does not
grow with its rows.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    DecimalField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from portal.access.figures import once_per_pass
from portal.team.models import BillingSettings
from portal.tenancy.actor import Actor
from portal.tenancy.models import Organization, OrganizationKind
from portal.tenancy.selectors import customers_of

from .models import (
    Asset,
    Currency,
    CustomerOrderSettings,
    CustomerTotals,
    Markup,
    Order,
    OrderStatus,
    Product,
    ProductPrice,
    RunRateMonthEnd,
    Subscription,
    SubscriptionStatus,
    SubscriptionSuspension,
)

ZERO = Decimal("0.00")


def reporting_currency() -> str:
    """The currency of the single-figure run rates (the grid column, the trend chart). Amounts in
    other currencies are shown beside it, never added to it."""
    return getattr(settings, "PORTAL_REPORTING_CURRENCY", "PLN")


# ------------------------------------------------------------------ catalogue and markup


def catalogue_for(*, tier: str) -> QuerySet[Product]:
    """Products on sale to a partner tier (a product without a price for it is not sold to it)."""
    return (
        Product.objects.filter(is_active=True, prices__tier=tier_of_value(tier))
        .order_by("name")
        .distinct()
    )


def tier_of_value(tier: str) -> str:
    """A partner without a tier buys at the Registered price."""
    return tier or Organization.Tier.REGISTERED


def tier_price(*, product: Product, tier: str) -> ProductPrice | None:
    return ProductPrice.objects.filter(product=product, tier=tier_of_value(tier)).first()


def markups_of(*, reseller: Organization) -> dict[int | None, Decimal]:
    """product id (None: overall) → percent."""
    return {
        markup.product_id: markup.percent for markup in Markup.objects.filter(reseller=reseller)
    }


def product_list(*, actor: Actor) -> QuerySet[Product]:
    return Product.objects.prefetch_related("prices").order_by("name")


# ------------------------------------------------------------------ approval (CUST-5)


def reseller_requires_approval(reseller: Organization) -> bool:
    """A reseller paying by credit card must approve every customer order (CUST-5)."""
    method = (
        BillingSettings.objects.filter(organization=reseller)
        .values_list("payment_method", flat=True)
        .first()
    )
    return method == BillingSettings.PaymentMethod.CREDIT_CARD


def approval_required(customer: Organization) -> bool:
    """Whether the customer's own orders wait for the reseller's approval."""
    if reseller_requires_approval(customer.parent):
        return True
    switch = (
        CustomerOrderSettings.objects.filter(customer=customer)
        .values_list("approval_required", flat=True)
        .first()
    )
    return True if switch is None else switch


def approval_state(*, customer: Organization) -> dict:
    """What the toggle partial shows: on/off and whether it is locked by the payment method."""
    locked = reseller_requires_approval(customer.parent)
    return {"required": locked or approval_required(customer), "locked": locked}


# ------------------------------------------------------------------ orders


def order_list(*, actor: Actor) -> QuerySet[Order]:
    # a reseller's: read by the order's own reseller column (Order.scope_reseller_field), from
    # the (reseller, date) index however many orders the channel holds
    return Order.objects.for_actor(actor).select_related("customer", "placed_by_user")


def customer_orders(*, actor: Actor, customer: Organization) -> QuerySet[Order]:
    return order_list(actor=actor).filter(customer=customer)


def order_detail(*, actor: Actor) -> QuerySet[Order]:
    return order_list(actor=actor).select_related("reseller", "customer__parent")


def provisioning_queue(*, actor: Actor) -> QuerySet[Order]:
    """In-progress orders below a distributor, oldest first."""
    return order_list(actor=actor).filter(status=OrderStatus.IN_PROGRESS).order_by("created_at")


def pending_approval_count(*, actor: Actor) -> int:
    return order_list(actor=actor).filter(status=OrderStatus.PENDING_APPROVAL).count()


# ------------------------------------------------------------------ subscriptions and assets


def customer_subscriptions(*, actor: Actor, customer: Organization) -> QuerySet[Subscription]:
    return (
        Subscription.objects.for_actor(actor)
        .filter(customer=customer)
        .select_related("product", "order_line__order")
        .prefetch_related("suspensions")  # one query for every row's periods
    )


def customer_assets(*, actor: Actor, customer: Organization) -> QuerySet[Asset]:
    return (
        Asset.objects.for_actor(actor)
        .filter(customer=customer)
        .select_related("product", "order_line__order")
    )


# ------------------------------------------------------------------ run rate (SHOP-5, CUST-2)


def _active_subscriptions(actor: Actor) -> QuerySet[Subscription]:
    return Subscription.objects.for_actor(actor).filter(status=SubscriptionStatus.ACTIVE)


def with_run_rate(customers: QuerySet[Organization], *, currency: str | None = None):
    """Annotate each customer with `run_rate`: the monthly amounts of its active subscriptions in
    one currency (one correlated subquery: the query count does not grow with the rows)."""
    currency = currency or reporting_currency()
    per_customer = (
        Subscription.objects.filter(
            customer=OuterRef("pk"), status=SubscriptionStatus.ACTIVE, currency=currency
        )
        .order_by()
        .values("customer")
        .annotate(total=Sum("monthly_amount"))
        .values("total")
    )
    return customers.annotate(
        run_rate=Coalesce(
            Subquery(per_customer, output_field=DecimalField(max_digits=14, decimal_places=2)),
            Value(ZERO),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        )
    )


def customer_figures(*, currency: str | None = None) -> dict:
    """The columns of `CustomerRunRate` recomputed for the row's customer (`OuterRef("customer")`),
    as expressions for one set-based UPDATE: the run rate as in `with_run_rate`, and
    "transacting" as in `transacting_customer_count`."""
    currency = currency or reporting_currency()
    per_customer = (
        Subscription.objects.filter(
            customer=OuterRef("customer"), status=SubscriptionStatus.ACTIVE, currency=currency
        )
        .order_by()
        .values("customer")
        .annotate(total=Sum("monthly_amount"))
        .values("total")
    )
    money_field = DecimalField(max_digits=14, decimal_places=2)
    return {
        "monthly_run_rate": Coalesce(
            Subquery(per_customer, output_field=money_field),
            Value(ZERO),
            output_field=money_field,
        ),
        "transacting": Case(
            When(
                Exists(
                    Subscription.objects.filter(
                        customer=OuterRef("customer"), status=SubscriptionStatus.ACTIVE
                    )
                )
                | Exists(Asset.objects.filter(customer=OuterRef("customer"))),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        ),
    }


def run_rate_by_customer(actor: Actor, *, currency: str | None = None):
    """The actor's customers annotated with `run_rate` (for the My Customers grid)."""
    return with_run_rate(customers_of(actor), currency=currency)


def run_rate_totals(actor: Actor, *, customer: Organization | None = None) -> list[dict]:
    """[{"currency": "PLN", "total": Decimal}, …]: the monthly run rate of everything the actor
    sees (or of one customer), per currency, reporting currency first."""
    if customer is None:
        return _scope_run_rate_totals(actor)
    return _run_rate_totals(actor, customer)


@once_per_pass
def _scope_run_rate_totals(actor: Actor) -> list[dict]:
    # read once while a home's panels are computed (the run rate, and the trend's last month)
    return _run_rate_totals(actor, None)


def _run_rate_totals(actor: Actor, customer: Organization | None) -> list[dict]:
    rows = _active_subscriptions(actor)
    if customer is not None:
        rows = rows.filter(customer=customer)
    first = reporting_currency()
    kept = kept_customer_totals(actor) if customer is None else None
    if kept is not None:
        # A reseller's run rate in the reporting currency is kept with its customer totals
        # (summing 100,000 subscriptions took 27-35 ms): only the other currencies, seldom used,
        # are summed, from the (reseller, status, currency) index.
        rows = rows.filter(currency__in=[code for code in Currency.values if code != first])
    totals = list(
        rows.order_by().values("currency").annotate(total=Sum("monthly_amount")).order_by()
    )
    if kept is not None and kept["run_rate"]:
        totals.append({"currency": first, "total": kept["run_rate"]})
    return sorted(totals, key=lambda row: (row["currency"] != first, row["currency"]))


def run_rate(actor: Actor, *, customer: Organization | None = None) -> Decimal:
    """The run rate in the reporting currency alone."""
    for row in run_rate_totals(actor, customer=customer):
        if row["currency"] == reporting_currency():
            return row["total"]
    return ZERO


@once_per_pass
def customer_totals(actor: Actor) -> dict:
    """The actor's customers (active and inactive), the active ones, the transacting ones and
    their total run rate; read once while a home's panels are computed, which show some of them
    twice (customers, orders). A reseller's from its maintained `CustomerTotals` row (one row,
    however many customers); a distributor's, the vendor's, or a reseller's without a row yet,
    counted from the maintained `CustomerRunRate` rows in one query."""
    figures = kept_customer_totals(actor) or customers_of(actor).aggregate(
        **customer_totals_counts()
    )
    return {
        "total": figures["customers"],
        "active": figures["active"],
        "transacting": figures["transacting"],
        "run_rate": figures["run_rate"],
    }


@once_per_pass
def kept_customer_totals(actor: Actor) -> dict | None:
    """A reseller's `CustomerTotals` row as {name: value} (`CUSTOMER_TOTALS`), or None: for a
    reseller without one yet, a distributor or the vendor, whose customers are counted."""
    if actor.is_vendor or actor.organization.kind != OrganizationKind.RESELLER:
        return None
    totals = CustomerTotals.objects.filter(reseller=actor.organization)
    return totals.values(*CUSTOMER_TOTALS).first()


CUSTOMER_TOTALS = ("customers", "active", "transacting", "run_rate")


def customer_totals_counts() -> dict:
    """The figures `CustomerTotals` keeps, as aggregates over customers (with their maintained
    `CustomerRunRate` rows): what a reseller without a row shows, and what the services count
    a row from."""
    return {
        "customers": Count("pk"),
        "active": Count("pk", filter=Q(is_active=True)),
        "transacting": Count("pk", filter=Q(run_rate_record__transacting=True)),
        "run_rate": Coalesce(
            Sum("run_rate_record__monthly_run_rate"),
            Value(ZERO),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        ),
    }


def transacting_customer_count(actor: Actor) -> int:
    """Customers with at least one active subscription or an asset (CUST-2), read from the
    maintained `CustomerRunRate.transacting` (see `customer_figures` for its definition)."""
    return customer_totals(actor)["transacting"]


def customer_kind_filter() -> Q:
    return Q(kind=OrganizationKind.CUSTOMER)


def month_of(field: str, *, since: date, until: date, moment: bool = False):
    """The first day of the month `field` falls in (a date; `moment`: a date and time, read in
    the active time zone), `since` when it is earlier, None when it is empty or later than
    `until`: the bucket a row is grouped in by the month-end trends, so that what happened
    before the months shown makes one group."""
    from .trends import MonthStart

    day = f"{field}__date" if moment else field
    # a moment's month is that of its local date (Django's TruncMonth: a Python function per
    # row on SQLite, so asked only of the few rows that have one); a date's, the database's own
    month = TruncMonth(field, output_field=DateField()) if moment else MonthStart(field)
    return Case(
        When(**{f"{field}__isnull": True}, then=None),
        When(**{f"{day}__lt": since}, then=Value(since)),
        When(**{f"{day}__lte": until}, then=month),
        default=None,
        output_field=DateField(),
    )


def _lasted_until(field: str, day: date) -> Q:
    # "empty" first: SQLite then skips the Python function that reads a moment's local date
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__date__gte": day})


def run_rate_history(actor: Actor, *, months: int = 12, today: date | None = None) -> list[dict]:
    """The monthly run rate at the end of each of the last `months` months (reporting currency):
    subscriptions started by then, not canceled by then and not inside a suspension period then
    (`SubscriptionSuspension`); the current month ends now, with the run rate of today's active
    subscriptions, the figure the home shows beside it.

    The months that are over are read from their kept month-ends (`RunRateMonthEnd`); when one
    is missing they are summed (`_month_ends_summed`) and kept, except the month that ended
    yesterday: a change committed just after midnight may still be dated in it."""
    from .trends import month_ends

    spans = month_ends(months=months, today=today)
    today = spans[-1][1]
    currency = reporting_currency()
    closed = [start for start, _end in spans[:-1]]
    where = {
        "organization": actor.organization,
        "time_zone": timezone.get_current_timezone_name(),
        "currency": currency,
    }
    kept = dict(
        RunRateMonthEnd.objects.for_actor(actor)
        .filter(**where, month__in=closed)
        .values_list("month", "run_rate")
    )
    if len(kept) < len(closed):
        # the months that are over only: the current one is today's run rate, read below
        kept = dict(zip(closed, _month_ends_summed(actor, spans[:-1], currency), strict=True))
        settled = today - timedelta(days=1)
        RunRateMonthEnd.objects.bulk_create(
            [
                RunRateMonthEnd(**where, month=start, run_rate=kept[start])
                for start, end in spans[:-1]
                if end < settled
            ],
            ignore_conflicts=True,  # the same months kept by a concurrent first view
        )
    now = run_rate(actor)
    return [{"month": start, "value": kept[start]} for start in closed] + [
        {"month": spans[-1][0], "value": now}
    ]


def _month_ends_summed(actor: Actor, spans, currency: str) -> list[Decimal]:
    """The run rate at the end of each span (first day, last day), summed from the subscriptions
    and their suspension periods.

    Two grouped sums, whatever the number of months: the amounts by the months each subscription
    started and was canceled in, and the suspended amounts by the months their suspension began
    and ended in. A few dozen groups, added up here into each month-end (`months_through`)."""
    from .trends import months_through

    first, today = spans[0][0], spans[-1][1]
    months_shown = [start for start, _end in spans]

    def month(field, moment=True):
        return month_of(field, since=first, until=today, moment=moment)

    # what ended before the months shown counts in none of them
    started = (
        Subscription.objects.for_actor(actor)
        .filter(currency=currency, started_on__lte=today)
        .filter(_lasted_until("canceled_at", first))
        .values(started=month("started_on", moment=False), canceled=month("canceled_at"))
        .annotate(total=Sum("monthly_amount"))
        .order_by()
    )
    suspensions = (
        SubscriptionSuspension.objects.for_actor(actor)
        .filter(suspended_at__date__lte=today)
        .filter(_lasted_until("resumed_at", first))
    )
    # The suspended subscriptions are named first, from the suspensions' own index: joined in
    # one query, PostgreSQL merge-joins them by walking every subscription in key order to
    # meet the few suspended ones (64 ms at 100,000 subscriptions). Most have none: no query.
    suspended_ids = list(
        suspensions.order_by().values_list("subscription_id", flat=True).distinct()
    )
    suspended = (
        suspensions.filter(
            subscription_id__in=suspended_ids,
            subscription__currency=currency,
            subscription__started_on__lte=today,
        )
        .filter(_lasted_until("subscription__canceled_at", first))
        .values(
            started=month("subscription__started_on", moment=False),
            canceled=month("subscription__canceled_at"),
            suspended=month("suspended_at"),
            resumed=month("resumed_at"),
        )
        .annotate(total=Sum("subscription__monthly_amount"))
        .order_by()
    )
    alive = months_through(months_shown, started, begun=["started"], ended=["canceled"])
    paused = months_through(
        months_shown,
        suspended if suspended_ids else [],
        begun=["started", "suspended"],
        ended=["canceled", "resumed"],
    )
    return [value - pause for value, pause in zip(alive, paused, strict=True)]
