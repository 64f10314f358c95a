"""Capabilities of SPEC §3–§5 whose area is not built yet.

The policy knows every feature of the product from the first day, so menus, tests and the SPEC
§3 matrix test already answer for them. The day an area is built, its lines move from here into
that area's own `rules.py` (the registry refuses a name defined twice).
"""

from portal.tenancy.models import CustomerRole, Level, VendorRole

from .policies import ALL_LEVELS, IT_AND_UP, MANAGER_AND_UP, PRIMARY_ONLY, Feature, Rule

ADMIN = VendorRole.ADMIN
RESELLER_ONLY = frozenset({"reseller"})

RULES = {
    # support (SPEC §4.6)
    "kb.view": Rule(levels=ALL_LEVELS, description="knowledge base incl. restricted articles"),
    "cases.create": Rule(levels=ALL_LEVELS, feature=Feature.SUPPORT),
    "cases.view_own": Rule(levels=ALL_LEVELS, feature=Feature.SUPPORT),
    "cases.view_company": Rule(levels=MANAGER_AND_UP, feature=Feature.SUPPORT),
    "live_sessions.book": Rule(levels=ALL_LEVELS, feature=Feature.SUPPORT),
    "paid_support.order": Rule(levels=IT_AND_UP, feature=Feature.ORDERS),
    "console.support.work": Rule(vendor_roles=frozenset({ADMIN, VendorRole.SUPPORT})),
    # content (SPEC §4.8)
    "newsletter.receive": Rule(
        levels=frozenset({Level.BASIC, Level.SALES, Level.MANAGER, Level.PRIMARY})
    ),
    "update_notices.receive": Rule(levels=ALL_LEVELS),
    "announcements.view": Rule(levels=ALL_LEVELS),
    "marketing.view": Rule(
        levels=frozenset({Level.SALES, Level.MANAGER, Level.PRIMARY}),
        feature=Feature.SALES_MARKETING,
    ),
    "training.view": Rule(levels=ALL_LEVELS, feature=Feature.TRAINING),
    "console.content.publish": Rule(vendor_roles=frozenset({ADMIN, VendorRole.CONTENT})),
    # orders and licensing (SPEC §4.5, CONT-4)
    "licenses.order": Rule(levels=IT_AND_UP, feature=Feature.ORDERS),
    "software_updates.receive": Rule(levels=IT_AND_UP, feature=Feature.SOFTWARE_UPDATES),
    "license_keys.view": Rule(levels=PRIMARY_ONLY, feature=Feature.ORDERS),
    "orders.view": Rule(levels=IT_AND_UP, feature=Feature.ORDERS),
    "orders.approve": Rule(levels=MANAGER_AND_UP, feature=Feature.ORDERS),
    "billing.view": Rule(levels=MANAGER_AND_UP, feature=Feature.BILLING),
    "console.payments.record": Rule(vendor_roles=frozenset({ADMIN, VendorRole.BILLING})),
    # reseller program (SPEC §4.3)
    "leads.manage": Rule(
        levels=frozenset({Level.SALES, Level.MANAGER, Level.PRIMARY}),
        feature=Feature.SALES_MARKETING,
        org_kinds=RESELLER_ONLY,
    ),
    "console.applications.decide": Rule(
        vendor_roles=frozenset({ADMIN, VendorRole.PARTNER_MANAGER})
    ),
    "console.leads.convert": Rule(vendor_roles=frozenset({ADMIN, VendorRole.PARTNER_MANAGER})),
    # storefront (SPEC §4.4, §4.7)
    "store.orders.place": Rule(customer_roles=frozenset(CustomerRole)),
    "store.partner_access.grant": Rule(customer_roles=frozenset({CustomerRole.ADMIN})),
}
