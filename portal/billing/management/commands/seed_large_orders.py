"""Orders, subscriptions and assets at the benchmark's size (issue 14), on top of `seed_large`.

Bulk-inserts rows shaped like the services' (numbers from the "order" sequence, lines with the
demo catalogue's prices, subscriptions and assets of executed orders) across the customers that
`seed_large` made: 1,000,000 orders and 200,000 subscriptions by default, `--scale 0.1` a tenth.
`--due` subscriptions (10,000 at full scale) are left due today for the billing-run benchmark,
the rest are invoiced up to next month. The customers' run rates and "transacting" flags then
follow from those subscriptions and assets in one set-based UPDATE (as the services keep them).
Works on SQLite and PostgreSQL.
"""

import random
import time
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from itertools import islice

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from portal.core.jobs import database_settle_after_bulk_load
from portal.core.models import Sequence
from portal.core.sequences import sequence_format
from portal.orders import money
from portal.orders.models import (
    Asset,
    Order,
    OrderLine,
    OrderStatus,
    Product,
    ProductPrice,
    Subscription,
)
from portal.orders.services import customer_figures_rebuild
from portal.tenancy.models import Membership, Organization, OrganizationKind


def batched(items, size: int = 2_000):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


@contextmanager
def explicit_created_at(model):
    """Let bulk_create keep the `created_at` we give (spread over time) instead of "now"."""
    field = model._meta.get_field("created_at")
    field.auto_now_add = False
    try:
        yield
    finally:
        field.auto_now_add = True


SIZES = {"orders": 1_000_000, "subscriptions": 200_000, "due": 10_000}
STATUSES = [OrderStatus.EXECUTED] * 6 + [
    OrderStatus.PENDING_APPROVAL,
    OrderStatus.IN_PROGRESS,
    OrderStatus.CANCELED,
]


class Command(BaseCommand):
    help = "Bulk-insert 1,000,000 orders and 200,000 subscriptions (issue 14) after seed_large."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args, scale=1.0, seed=42, **options):
        products = list(Product.objects.filter(sku__in=["SHOP-CONN-M", "LIC-DESK", "WH-SYNC-6"]))
        if len(products) != 3:
            raise CommandError("Run seed_demo first (it makes the demo catalogue).")
        sizes = {name: max(1, round(count * scale)) for name, count in SIZES.items()}
        rng = random.Random(seed)  # noqa: S311 - benchmark data
        started = time.monotonic()
        customers = list(
            Organization.objects.filter(kind=OrganizationKind.CUSTOMER)
            .order_by("pk")
            .values_list("pk", "parent_id")
        )
        placer = (
            Membership.objects.filter(user__email="reseller@demo.example").values_list(
                "user_id", flat=True
            )
        ).first()
        costs = {p.product_id: p.cost for p in ProductPrice.objects.filter(tier="registered")}
        recurring = [p for p in products if p.is_recurring]
        one_time = [p for p in products if not p.is_recurring]
        today = timezone.localdate()
        year = today.year
        sequence, _created = Sequence.objects.get_or_create(name="order", year=year)
        first_number = sequence.last_value + 1
        subscriptions_left = sizes["subscriptions"]
        due_left = sizes["due"]
        now = timezone.now()
        with transaction.atomic(), explicit_created_at(Order):
            for chunk in batched(range(sizes["orders"]), 5_000):
                orders, line_specs = [], []
                for i in chunk:
                    customer_id, reseller_id = customers[i % len(customers)]
                    status = (
                        OrderStatus.EXECUTED if subscriptions_left > 0 else rng.choice(STATUSES)
                    )
                    product = (
                        recurring[i % len(recurring)]
                        if subscriptions_left > 0
                        else one_time[0]
                        if status == OrderStatus.EXECUTED
                        else products[i % 3]
                    )
                    quantity = 1 + i % 5
                    unit_cost = costs[product.pk]
                    unit_price = money.price_with_markup(unit_cost, Decimal("20"))
                    orders.append(
                        Order(
                            number=sequence_format("ORD", year, first_number + i),
                            customer_id=customer_id,
                            reseller_id=reseller_id,
                            placed_by=Order.PlacedBy.CUSTOMER if i % 4 == 0 else "reseller",
                            placed_by_user_id=placer,
                            status=status,
                            currency=product.currency,
                            total_cost=unit_cost * quantity,
                            total_amount=unit_price * quantity,
                            created_at=now - timedelta(minutes=rng.randint(1, 60 * 24 * 700)),
                        )
                    )
                    line_specs.append((product, quantity, unit_cost, unit_price, status))
                    if product.is_recurring:
                        subscriptions_left -= 1
                Order.objects.bulk_create(orders, batch_size=1000)
                lines = OrderLine.objects.bulk_create(
                    [
                        OrderLine(
                            order=order,
                            product=product,
                            quantity=quantity,
                            unit_cost=cost,
                            markup_percent=Decimal("20"),
                            unit_price=price,
                            line_cost=cost * quantity,
                            line_amount=price * quantity,
                        )
                        for order, (product, quantity, cost, price, _s) in zip(
                            orders, line_specs, strict=True
                        )
                    ],
                    batch_size=1000,
                )
                subscriptions, assets = [], []
                for order, line, (product, quantity, _c, _p, status) in zip(
                    orders, lines, line_specs, strict=True
                ):
                    if status != OrderStatus.EXECUTED:
                        continue
                    if product.is_recurring:
                        due = due_left > 0
                        due_left -= 1 if due else 0
                        subscriptions.append(
                            Subscription(
                                customer_id=order.customer_id,
                                reseller_id=order.reseller_id,
                                order_line=line,
                                product=product,
                                quantity=quantity,
                                currency=product.currency,
                                period_months=product.billing_period,
                                period_amount=line.line_amount,
                                period_cost=line.line_cost,
                                monthly_amount=money.monthly(
                                    line.line_amount, product.billing_period
                                ),
                                started_on=today - timedelta(days=30),
                                next_invoice_on=today if due else today + timedelta(days=30),
                            )
                        )
                    else:
                        assets.append(
                            Asset(
                                customer_id=order.customer_id,
                                order_line=line,
                                product=product,
                                kind=product.asset_kind,
                                quantity=quantity,
                                currency=product.currency,
                                amount=line.line_amount,
                                # delivered next week: not part of today's billing run
                                delivered_on=today + timedelta(days=7),
                            )
                        )
                Subscription.objects.bulk_create(subscriptions, batch_size=1000)
                Asset.objects.bulk_create(assets, batch_size=1000)
            Sequence.objects.filter(pk=sequence.pk).update(
                last_value=sequence.last_value + sizes["orders"]
            )
            customer_figures_rebuild()
        database_settle_after_bulk_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"{sizes['orders']:,} orders, {sizes['subscriptions']:,} subscriptions "
                f"({sizes['due']:,} due today) in {time.monotonic() - started:.0f}s."
            )
        )
