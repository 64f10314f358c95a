"""The team area's lines of the SPEC §3 matrix: company page, employees, staff requests, and the
vendor's side of them (partners, staff request decisions, direct adds, manager transfer)."""

from portal.access.policies import (
    ALL_LEVELS,
    IT_AND_UP,
    MANAGER_AND_UP,
    PRIMARY_ONLY,
    Rule,
    assignable_levels,
)
from portal.tenancy.models import Level, OrganizationKind, VendorRole

PARTNER_DESK = frozenset({VendorRole.ADMIN, VendorRole.PARTNER_MANAGER})


def _level_within_cap(actor, level) -> bool:
    """Managers give levels up to Manager, Primaries any level (AUTH-2)."""
    return Level(level) in assignable_levels(actor)


def _manages_employee(actor, membership) -> bool:
    """Vendor staff manage any partner employee; inside a company, a member manages colleagues
    whose level they could give (the cap), and nobody manages their own access."""
    if actor.realm == "vendor":
        return membership.organization.is_partner
    if membership.organization_id != actor.organization.pk or membership.pk == actor.membership.pk:
        return False
    return _level_within_cap(actor, membership.role)


def _sets_payment_method(actor, organization) -> bool:
    """The payment method is set from above (seed 004, CUST-5): a distributor for its own
    resellers, vendor staff for any partner; never the company itself."""
    if actor.realm == "vendor":
        return organization.is_partner
    return (
        organization.kind == OrganizationKind.RESELLER
        and organization.parent_id == actor.organization.pk
    )


DISTRIBUTOR_ONLY = frozenset({OrganizationKind.DISTRIBUTOR})
PAYMENT_DESK = frozenset({VendorRole.ADMIN, VendorRole.PARTNER_MANAGER, VendorRole.BILLING})


def _withdraws(actor, staff_request) -> bool:
    """The person who filed a request, or a Primary of its company, takes it back."""
    if staff_request.organization_id != actor.organization.pk:
        return False
    return staff_request.requested_by_id == actor.user.pk or actor.membership.level == Level.PRIMARY


RULES = {
    "company.view": Rule(levels=ALL_LEVELS, description="limited view for Basic and Sales"),
    "company.view_full": Rule(levels=IT_AND_UP),
    "company.edit": Rule(levels=PRIMARY_ONLY),
    "employees.view": Rule(levels=MANAGER_AND_UP),
    "employees.manage": Rule(
        levels=MANAGER_AND_UP, vendor_roles=PARTNER_DESK, check=_manages_employee
    ),
    "resellers.view": Rule(levels=IT_AND_UP, org_kinds=DISTRIBUTOR_ONLY),
    "partners.payment_method.set": Rule(
        levels=PRIMARY_ONLY,
        org_kinds=DISTRIBUTOR_ONLY,
        vendor_roles=PAYMENT_DESK,
        check=_sets_payment_method,
    ),
    # the console's payment method form (the service asks the rule above with the partner)
    "console.payment_method.set": Rule(vendor_roles=PAYMENT_DESK),
    "staff.request": Rule(levels=MANAGER_AND_UP),
    "staff.request.withdraw": Rule(levels=MANAGER_AND_UP, check=_withdraws),
    "staff.request.level": Rule(levels=MANAGER_AND_UP, check=_level_within_cap),
    "console.partners.view": Rule(
        vendor_roles=frozenset(
            {VendorRole.ADMIN, VendorRole.PARTNER_MANAGER, VendorRole.SUPPORT, VendorRole.BILLING}
        )
    ),
    "console.organizations.create": Rule(vendor_roles=PARTNER_DESK),
    "console.staff_requests.decide": Rule(vendor_roles=PARTNER_DESK),
    "console.employees.add": Rule(vendor_roles=PARTNER_DESK),
    "console.manager.transfer": Rule(vendor_roles=PARTNER_DESK),
}
