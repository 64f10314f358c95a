"""Demo catalogue, markups and orders in every status (SPEC §8), built through the services.

The customers' run rates and "transacting" flags follow from the subscriptions and assets these
orders create; customers without any keep a zero row (My Customers sorts by the stored column)."""

from decimal import Decimal

from portal.tenancy.actor import actor_for

from . import services
from .models import AssetKind, BillingPeriod, Order, Product, Subscription

CATALOGUE = [
    # name, sku, kind, period, asset kind, auto, registered cost (others: less)
    ("Shop Connector", "SHOP-CONN-M", "recurring", BillingPeriod.MONTH, "license", True, "49.00"),
    (
        "Shop Connector (yearly)",
        "SHOP-CONN-Y",
        "recurring",
        BillingPeriod.YEAR,
        "license",
        True,
        "499.00",
    ),
    (
        "Warehouse Sync",
        "WH-SYNC-6",
        "recurring",
        BillingPeriod.HALF_YEAR,
        "license",
        True,
        "240.00",
    ),
    (
        "Enterprise Suite 36",
        "ENT-36",
        "recurring",
        BillingPeriod.THREE_YEARS,
        "license",
        False,
        "3600.00",
    ),
    (
        "Integration programming (hour)",
        "PROG-H",
        "one_time",
        None,
        AssetKind.SERVICE,
        False,
        "150.00",
    ),
    ("Desktop licence", "LIC-DESK", "one_time", None, AssetKind.LICENSE, True, "89.99"),
    (
        "Training room reservation",
        "RES-ROOM",
        "one_time",
        None,
        AssetKind.RESERVATION,
        True,
        "300.00",
    ),
]
TIER_DISCOUNT = {"registered": "1", "silver": "0.95", "gold": "0.9", "platinum": "0.85"}


def seed(world):
    # the demo's customers were made by the seed, not by the customers' service: their run-rate
    # rows and their resellers' totals are counted here, once
    services.customer_figures_rebuild()
    vendor_admin = actor_for(world.member("vendor@demo.example"))
    products = {}
    for name, sku, kind, period, asset_kind, auto, cost in CATALOGUE:
        base = Decimal(cost)
        products[sku] = services.product_save(
            actor=vendor_admin,
            name=name,
            sku=sku,
            kind=kind,
            billing_period=period,
            asset_kind=asset_kind,
            auto_provisioned=auto,
            currency="PLN",
            prices={tier: base * Decimal(factor) for tier, factor in TIER_DISCOUNT.items()},
        )
    reseller = actor_for(world.member("reseller@demo.example"))
    services.markup_set(actor=reseller, product=None, percent="20")
    services.markup_set(actor=reseller, product=products["PROG-H"], percent="35")
    customers = world.customers
    store = world.member("customer@demo.example")
    first = world.first_customer

    def line(sku, quantity=1):
        return services.LineRequest(product_id=products[sku].pk, quantity=quantity)

    # executed orders placed by the reseller: subscriptions and assets, a run rate
    for i, customer in enumerate(customers[:10]):
        services.order_place(
            actor=reseller,
            customer=customer,
            lines=[line("SHOP-CONN-M", 1 + i % 3), line("LIC-DESK", 1 + i % 2)]
            if i % 2 == 0
            else [line("SHOP-CONN-Y"), line("WH-SYNC-6", 2)],
        )
    services.order_place(actor=reseller, customer=first, lines=[line("SHOP-CONN-M", 5)])
    # the storefront user's orders (the demo reseller pays by credit card: approval needed)
    customer_actor = actor_for(store)
    services.order_place(actor=customer_actor, customer=first, lines=[line("RES-ROOM")])
    services.order_place(actor=customer_actor, customer=first, lines=[line("WH-SYNC-6", 3)])
    canceled = services.order_place(
        actor=customer_actor, customer=first, lines=[line("LIC-DESK", 10)]
    )
    services.order_cancel(actor=reseller, order=canceled)
    accepted = services.order_place(
        actor=customer_actor, customer=first, lines=[line("SHOP-CONN-Y", 2)]
    )
    services.order_accept(actor=reseller, order=accepted)
    # in progress: waiting for the distributor, one of them provisioned since
    services.order_place(actor=reseller, customer=customers[1], lines=[line("ENT-36")])
    done = services.order_place(actor=reseller, customer=customers[2], lines=[line("PROG-H", 8)])
    distributor = actor_for(world.member("distributor@demo.example"))
    services.order_mark_provisioned(actor=distributor, order=done)
    # a suspension that is over and one that lasts (the subscription page lists the periods)
    paused = Subscription.objects.filter(customer=first).order_by("pk")
    services.subscription_change(actor=reseller, subscription=paused[0], action="suspend")
    services.subscription_change(actor=reseller, subscription=paused[0], action="resume")
    services.subscription_change(actor=reseller, subscription=paused[1], action="suspend")
    assert Order.objects.exists()
    world.products = products


def products_of(world) -> dict[str, Product]:
    return world.products
