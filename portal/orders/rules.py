"""The orders area's lines of SPEC §3 and §4.4–4.5: catalogue, markup, orders and approvals,
provisioning by the distributor, subscriptions, the workspace quick actions and the storefront."""

from portal.access.policies import IT_AND_UP, MANAGER_AND_UP, Feature, Rule
from portal.tenancy.models import CustomerRole, VendorRole

RESELLER = frozenset({"reseller"})
DISTRIBUTOR = frozenset({"distributor"})
ALL_CUSTOMER_ROLES = frozenset(CustomerRole)


def _own_customer_order(actor, order) -> bool:
    """A storefront user decides nothing: approving is the reseller's, and only its own
    customers' orders (scoping already hides the others)."""
    return actor.realm == "partner" and order.reseller_id == actor.organization.pk


RULES = {
    # moved from portal/access/rules.py (meanings kept)
    "licenses.order": Rule(levels=IT_AND_UP, feature=Feature.ORDERS),
    "orders.view": Rule(levels=IT_AND_UP, feature=Feature.ORDERS),
    "orders.approve": Rule(
        levels=MANAGER_AND_UP,
        feature=Feature.ORDERS,
        org_kinds=RESELLER,
        description="accept or cancel customers' orders; the per-customer approval switch",
    ),
    "store.orders.place": Rule(customer_roles=ALL_CUSTOMER_ROLES),
    # new
    "orders.place": Rule(
        levels=IT_AND_UP,
        feature=Feature.ORDERS,
        org_kinds=RESELLER,
        description="place an order on behalf of a customer",
    ),
    "orders.decide": Rule(
        levels=MANAGER_AND_UP,
        feature=Feature.ORDERS,
        org_kinds=RESELLER,
        check=_own_customer_order,
        description="accept or cancel this order",
    ),
    "orders.provision": Rule(
        levels=IT_AND_UP,
        feature=Feature.ORDERS,
        org_kinds=DISTRIBUTOR,
        description="the distributor marks an in-progress order provisioned",
    ),
    "orders.markup": Rule(levels=MANAGER_AND_UP, feature=Feature.ORDERS, org_kinds=RESELLER),
    "subscriptions.manage": Rule(levels=MANAGER_AND_UP, feature=Feature.ORDERS, org_kinds=RESELLER),
    "workspace.enter": Rule(
        levels=IT_AND_UP,
        feature=Feature.ORDERS,
        org_kinds=frozenset({"reseller", "distributor"}),
        description="the distributor's workspace for a customer (CUST-7 quick actions)",
    ),
    "store.orders.view": Rule(customer_roles=ALL_CUSTOMER_ROLES),
    "console.catalog.manage": Rule(vendor_roles=frozenset({VendorRole.ADMIN})),
}
