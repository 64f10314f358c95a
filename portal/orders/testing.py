"""Builders for tests (unit, view, browser and the tenant-isolation walk): a small catalogue and
orders placed through the services."""

from decimal import Decimal

from portal.tenancy.actor import actor_for
from portal.tenancy.models import Organization

from .models import BillingPeriod, Product, ProductPrice
from .services import LineRequest, order_place

ALL_TIERS = [tier.value for tier in Organization.Tier]


def make_product(
    sku: str,
    *,
    name: str | None = None,
    recurring: bool = True,
    period: int = BillingPeriod.MONTH,
    auto: bool = True,
    cost: str = "10.00",
    currency: str = "PLN",
    tiers=None,
) -> Product:
    """A product straight into the catalogue (the console's service is tested on its own)."""
    product, _created = Product.objects.get_or_create(
        sku=sku,
        defaults={
            "name": name or f"Product {sku}",
            "kind": Product.Kind.RECURRING if recurring else Product.Kind.ONE_TIME,
            "billing_period": period if recurring else None,
            "auto_provisioned": auto,
            "currency": currency,
        },
    )
    for tier in ALL_TIERS if tiers is None else tiers:
        ProductPrice.objects.get_or_create(
            product=product, tier=tier, defaults={"cost": Decimal(cost)}
        )
    return product


def place(membership, customer, *items):
    """order_place as that member: items are (product, quantity)."""
    return order_place(
        actor=actor_for(membership),
        customer=customer,
        lines=[LineRequest(product_id=p.pk, quantity=q) for p, q in items],
    )


def tenant_order(tenant):
    """One executed order of the tenant's first customer, made once and kept on the tenant
    (the tenant-isolation walk names its records through this)."""
    if getattr(tenant, "order", None) is None:
        product = make_product("ISO-M")
        tenant.order = place(tenant.members["primary"], tenant.customers[0], (product, 1))
    return tenant.order


def tenant_subscription(tenant):
    return tenant_order(tenant).lines.get().subscription
