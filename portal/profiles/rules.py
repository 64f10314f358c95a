from portal.access.policies import ALL_LEVELS, Rule
from portal.tenancy.models import VendorRole

RULES = {
    # The legacy forum is for partner members (SPEC §3, first line).
    "forum.open": Rule(levels=ALL_LEVELS),
    # AUTH-4: who must use two-factor login while PORTAL_REQUIRE_VENDOR_MFA is on.
    "auth.mfa_required": Rule(vendor_roles=frozenset(VendorRole)),
}
