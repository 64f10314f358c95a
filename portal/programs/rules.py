"""The reseller program's lines of the SPEC §3 matrix and its vendor actions (§4.3, §5)."""

from portal.access.policies import ALL_LEVELS, PRIMARY_ONLY, Feature, Rule
from portal.tenancy.models import Level, VendorRole

RESELLER_ONLY = frozenset({"reseller"})
PARTNER_DESK = frozenset({VendorRole.ADMIN, VendorRole.PARTNER_MANAGER})


def _lead_is_own(actor, lead) -> bool:
    """Vendor staff may look at any lead; a reseller's members only at their company's."""
    if actor.realm == "vendor":
        return True
    return lead.organization_id == actor.organization.pk


def _lead_is_editable(actor, lead) -> bool:
    """PROG-5: the reseller edits a lead until it is converted (or rejected)."""
    return _lead_is_own(actor, lead) and lead.is_editable


def _lead_is_account(actor, lead) -> bool:
    """Change and service requests are filed on a converted account only."""
    return _lead_is_own(actor, lead) and lead.status == lead.Status.CONVERTED


RULES = {
    # Leads belong to resellers (PROG-4). The issue names "reseller@, and sales@ when the
    # Customers feature is on": a lead is a customer to be, so the Customers switch governs it,
    # not Sales & Marketing as first drafted in portal/access/rules.py. Managers and Primaries
    # have every feature anyway; IT works on customers' installations, not on prospects.
    "leads.manage": Rule(
        levels=frozenset({Level.SALES, Level.MANAGER, Level.PRIMARY}),
        feature=Feature.CUSTOMERS,
        org_kinds=RESELLER_ONLY,
    ),
    "leads.edit": Rule(
        levels=frozenset({Level.SALES, Level.MANAGER, Level.PRIMARY}),
        feature=Feature.CUSTOMERS,
        org_kinds=RESELLER_ONLY,
        check=_lead_is_editable,
    ),
    "leads.request": Rule(
        levels=frozenset({Level.SALES, Level.MANAGER, Level.PRIMARY}),
        feature=Feature.CUSTOMERS,
        org_kinds=RESELLER_ONLY,
        check=_lead_is_account,
    ),
    # The registration link is the company's: whoever works its leads shares and rotates it.
    "leads.link.rotate": Rule(
        levels=frozenset({Level.MANAGER, Level.PRIMARY}),
        feature=Feature.CUSTOMERS,
        org_kinds=RESELLER_ONLY,
    ),
    # PROG-3: every member of a reseller reads the terms; a Primary accepts them for the company.
    "programs.terms.view": Rule(levels=ALL_LEVELS, org_kinds=RESELLER_ONLY),
    "programs.terms.accept": Rule(levels=PRIMARY_ONLY, org_kinds=RESELLER_ONLY),
    # vendor side (SPEC §5)
    "console.applications.decide": Rule(vendor_roles=PARTNER_DESK),
    "console.leads.convert": Rule(vendor_roles=PARTNER_DESK),
    "console.account_requests.decide": Rule(vendor_roles=PARTNER_DESK),
    "console.terms.publish": Rule(vendor_roles=PARTNER_DESK),
}
