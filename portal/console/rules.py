from portal.access.policies import Rule
from portal.tenancy.models import VendorRole

RULES = {
    "console.home": Rule(vendor_roles=frozenset(VendorRole)),
    "console.raw_admin": Rule(vendor_roles=frozenset({VendorRole.ADMIN})),
}
