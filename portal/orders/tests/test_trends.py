"""The 12-month run-rate trend (`selectors.run_rate_history`) against its definition, month by
month: the subscriptions started by each month-end, not canceled by then and not suspended
then, summed in the reporting currency."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.orders import selectors, services
from portal.orders.models import (
    RunRateMonthEnd,
    Subscription,
    SubscriptionStatus,
    SubscriptionSuspension,
)
from portal.orders.testing import make_product, place
from portal.orders.trends import month_ends


def _moment(day: date, hour: int = 12):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _by_definition(spans) -> list[Decimal]:
    values = []
    for _start, end in spans:
        total = Decimal("0.00")
        for sub in Subscription.objects.filter(currency="PLN"):
            canceled = sub.canceled_at and timezone.localdate(sub.canceled_at)
            if sub.started_on > end or (canceled and canceled <= end):
                continue
            suspended = any(
                timezone.localdate(period.suspended_at) <= end
                and (period.resumed_at is None or timezone.localdate(period.resumed_at) > end)
                for period in sub.suspensions.all()
            )
            if not suspended:
                total += sub.monthly_amount
        values.append(total)
    return values


def test_the_trend_is_the_run_rate_at_each_month_end(tenant_a):
    products = [make_product(f"TR{i}") for i in range(11)]
    place(tenant_a.members["primary"], tenant_a.customers[0], *[(p, 1) for p in products])
    subscriptions = list(Subscription.objects.order_by("pk"))
    assert len(subscriptions) == 11
    today = timezone.localdate()
    spans = month_ends(months=12, today=today)
    first, month = spans[0][0], [start for start, _end in spans]
    plan = [
        # started, canceled, suspensions [(from, to)], amount
        (first - timedelta(days=700), None, [], "1.00"),  # before the window, still running
        (first - timedelta(days=400), first - timedelta(days=3), [], "2.00"),  # ended before
        (month[3] + timedelta(days=4), None, [], "4.00"),  # started inside
        (month[1], month[6] + timedelta(days=9), [], "8.00"),  # canceled inside
        (month[0], today, [], "16.00"),  # canceled today: not in this month
        (today, None, [], "32.00"),  # started today
        (first - timedelta(days=90), None, [(first - timedelta(days=40), None)], "64.00"),
        (month[2], None, [(month[4], month[7] + timedelta(days=1))], "128.00"),
        (month[2], None, [(month[5], month[5] + timedelta(days=3))], "256.00"),  # same month
        (
            first - timedelta(days=60),
            None,
            [(first - timedelta(days=50), first - timedelta(1))],
            "512.00",
        ),
        (month[1], month[9], [(month[8], None)], "1024.00"),  # canceled while suspended
    ]
    for sub, (started, canceled, periods, amount) in zip(subscriptions, plan, strict=True):
        sub.started_on = started
        sub.canceled_at = _moment(canceled) if canceled else None
        sub.monthly_amount = Decimal(amount)
        # the status the services would have left (a period still open: suspended)
        if canceled:
            sub.status = SubscriptionStatus.CANCELED
        elif any(until is None for _since, until in periods):
            sub.status = SubscriptionStatus.SUSPENDED
        sub.save(update_fields=["started_on", "canceled_at", "monthly_amount", "status"])
        for since, until in periods:
            SubscriptionSuspension.objects.create(
                subscription=sub,
                reseller_id=sub.reseller_id,
                suspended_at=_moment(since),
                resumed_at=_moment(until) if until else None,
            )
    # another currency never adds to the reporting one
    Subscription.objects.filter(pk=subscriptions[0].pk).update(currency="EUR")
    # written behind the services' back, as the loaders do: the maintained figures recounted
    services.customer_figures_rebuild()
    expected = _by_definition(spans)
    actor = tenant_a.actor("primary")
    with CaptureQueriesContext(connection) as queries:
        values = [point["value"] for point in selectors.run_rate_history(actor, today=today)]
    assert values == expected
    assert len({*expected}) > 4  # the plan makes the months differ
    # whatever the number of months and subscriptions: the kept month-ends asked for (none),
    # the suspended subscriptions named, two sums, the months kept, and today's run rate (the
    # kept reporting currency, then the others summed)
    assert len(queries) == 7
    kept = RunRateMonthEnd.objects.filter(organization=tenant_a.organization)
    assert kept.count() == 11 - (today.day == 1)  # not the month that ended yesterday

    # read again: the months that are over are the kept ones, today's run rate is read afresh
    with CaptureQueriesContext(connection) as queries:
        again = [point["value"] for point in selectors.run_rate_history(actor, today=today)]
    if today.day > 1:
        assert again == expected and len(queries) == 3
        kept.filter(month=spans[0][0]).update(run_rate=Decimal("99999.00"))
        shown = selectors.run_rate_history(actor, today=today)[0]["value"]
        assert shown == Decimal("99999.00")  # the kept month, not a sum


def test_without_suspensions_the_trend_is_one_sum(tenant_a):
    place(tenant_a.members["primary"], tenant_a.customers[0], (make_product("TR-N", cost="7"), 1))
    with CaptureQueriesContext(connection) as queries:
        history = selectors.run_rate_history(tenant_a.actor("primary"))
    assert history[-1]["value"] == Decimal("7.00")
    # the suspended ones named (none), and no sum of suspended amounts
    suspensions = [q for q in queries if "orders_subscriptionsuspension" in q["sql"]]
    assert len(suspensions) == 1 and "SUM(" not in suspensions[0]["sql"]
