"""Who reads the audit trail (PLAT-3): a company's managers their own records, vendor admins all."""

from portal.access.policies import MANAGER_AND_UP, Rule
from portal.tenancy.models import VendorRole

RULES = {
    "audit.view_company": Rule(levels=MANAGER_AND_UP),
    "console.audit.view": Rule(vendor_roles=frozenset({VendorRole.ADMIN})),
}
