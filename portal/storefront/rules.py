"""The storefront of end customers (SPEC §4.4 CUST-6, §4.5 BILL-3)."""

from portal.access.policies import Rule
from portal.tenancy.models import CustomerRole

RULES = {
    "store.home": Rule(customer_roles=frozenset(CustomerRole)),
    # the customer's administrator sees the customer's storefront users
    "store.users.manage": Rule(customer_roles=frozenset({CustomerRole.ADMIN})),
}
