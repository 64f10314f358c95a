"""My Customers (SPEC §4.4)."""

from portal.access.policies import SALES_AND_UP, Feature, Rule
from portal.tenancy.models import Level

RULES = {
    "customers.view": Rule(levels=SALES_AND_UP, feature=Feature.CUSTOMERS),
    "customers.manage": Rule(
        levels=frozenset({Level.SALES, Level.MANAGER, Level.PRIMARY}),
        feature=Feature.CUSTOMERS,
        org_kinds=frozenset({"reseller"}),
    ),
}
