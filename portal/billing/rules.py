"""The billing area's lines: billing details and invoices for the reseller (BILL-1, BILL-3),
the customer's own invoices in the storefront, and the vendor's billing desk (payments, runs)."""

from portal.access.policies import MANAGER_AND_UP, Feature, Rule
from portal.tenancy.models import CustomerRole, VendorRole

BILLING_DESK = frozenset({VendorRole.ADMIN, VendorRole.BILLING})

RULES = {
    # moved from portal/access/rules.py (meanings kept)
    "billing.view": Rule(levels=MANAGER_AND_UP, feature=Feature.BILLING),
    "console.payments.record": Rule(vendor_roles=BILLING_DESK),
    # new
    "console.billing.view": Rule(vendor_roles=BILLING_DESK),
    "console.billing.run": Rule(vendor_roles=BILLING_DESK),
    "store.invoices.view": Rule(customer_roles=frozenset(CustomerRole)),
}
