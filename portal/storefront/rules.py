from portal.access.policies import Rule
from portal.tenancy.models import CustomerRole

RULES = {"store.home": Rule(customer_roles=frozenset(CustomerRole))}
