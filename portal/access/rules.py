"""Capabilities of SPEC §3–§5 whose area is not built yet.

The policy knows every feature of the product from the first day, so menus, tests and the SPEC
§3 matrix test already answer for them. The day an area is built, its lines move from here into
that area's own `rules.py` (the registry refuses a name defined twice).
"""

from portal.tenancy.models import CustomerRole, Level, VendorRole

from .policies import ALL_LEVELS, Feature, Rule

ADMIN = VendorRole.ADMIN

RULES = {
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
    # storefront (SPEC §4.4, §4.7)
    "store.partner_access.grant": Rule(customer_roles=frozenset({CustomerRole.ADMIN})),
}
