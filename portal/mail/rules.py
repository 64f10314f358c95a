from portal.access.policies import Rule
from portal.tenancy.models import VendorRole

RULES = {"console.outbox.view": Rule(vendor_roles=frozenset({VendorRole.ADMIN}))}
