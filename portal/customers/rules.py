"""My Customers (SPEC §4.4): the reseller's customers and their storefront users, and the vendor's
console view of them."""

from portal.access.policies import SALES_AND_UP, Feature, Rule
from portal.tenancy.models import Level, OrganizationKind, VendorRole

RESELLER_EDITORS = frozenset({Level.SALES, Level.MANAGER, Level.PRIMARY})


PARTNER_DESK = frozenset({VendorRole.ADMIN, VendorRole.PARTNER_MANAGER})


def _own_customer(actor, customer) -> bool:
    """A reseller manages its own customers only (a distributor reads its resellers'); the
    vendor's partner desk helps any customer's storefront users from the console."""
    if customer.kind != OrganizationKind.CUSTOMER:
        return False
    return actor.realm == "vendor" or customer.parent_id == actor.organization.pk


RULES = {
    "customers.view": Rule(levels=SALES_AND_UP, feature=Feature.CUSTOMERS),
    # new customers, export: the reseller's own list
    "customers.manage": Rule(
        levels=RESELLER_EDITORS,
        feature=Feature.CUSTOMERS,
        org_kinds=frozenset({"reseller"}),
    ),
    # edit one customer's record and its storefront users
    "customers.record.manage": Rule(
        levels=RESELLER_EDITORS,
        vendor_roles=PARTNER_DESK,
        feature=Feature.CUSTOMERS,
        org_kinds=frozenset({"reseller"}),
        check=_own_customer,
    ),
    "customers.export": Rule(levels=SALES_AND_UP, feature=Feature.CUSTOMERS),
    # the partner desk's help for storefront users from the console
    "console.customers.help": Rule(vendor_roles=PARTNER_DESK),
    "console.customers.view": Rule(
        vendor_roles=frozenset(
            {VendorRole.ADMIN, VendorRole.PARTNER_MANAGER, VendorRole.SUPPORT, VendorRole.BILLING}
        )
    ),
}
