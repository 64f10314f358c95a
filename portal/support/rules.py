"""The support area's lines of the SPEC §3 matrix (§4.6, SUP-1..8): cases, knowledge base, live
sessions, paid support, downloads (documents, software versions "on request", license keys), and
the vendor's support desk.

Who may see one case is answered here (`cases.see`) and, for lists, by the same rule in
`selectors.case_list`: a partner member sees the cases they created; Managers and Primaries all
cases of their company; cases logged from a phone call never reach the partner side.
"""

from portal.access.policies import (
    ALL_LEVELS,
    IT_AND_UP,
    MANAGER_AND_UP,
    PRIMARY_ONLY,
    Feature,
    Rule,
)
from portal.tenancy.models import Level, VendorRole

ADMIN = VendorRole.ADMIN
SUPPORT_DESK = frozenset({ADMIN, VendorRole.SUPPORT})


def _sees_case(actor, case) -> bool:
    """Vendor support staff see every case; a partner member their own, Managers and Primaries
    (with the Support feature) every case of their company; nobody on the partner side a phone
    case."""
    if actor.realm == "vendor":
        return True
    if case.organization_id != actor.organization.pk or case.channel == case.Channel.PHONE:
        return False
    if case.created_by_id == actor.user.pk:
        return True
    from portal.access.policies import can

    return can(actor, "cases.view_company")


RULES = {
    "kb.view": Rule(levels=ALL_LEVELS, description="knowledge base incl. restricted articles"),
    "cases.create": Rule(levels=ALL_LEVELS, feature=Feature.SUPPORT),
    "cases.view_own": Rule(levels=ALL_LEVELS, feature=Feature.SUPPORT),
    "cases.view_company": Rule(levels=MANAGER_AND_UP, feature=Feature.SUPPORT),
    # one case: see it, add information and files, follow it
    "cases.see": Rule(
        levels=ALL_LEVELS, feature=Feature.SUPPORT, vendor_roles=SUPPORT_DESK, check=_sees_case
    ),
    "live_sessions.book": Rule(levels=ALL_LEVELS, feature=Feature.SUPPORT),
    "paid_support.order": Rule(levels=IT_AND_UP, feature=Feature.ORDERS),
    # installation and update documents: every portal account (`003` seed)
    "downloads.view": Rule(levels=ALL_LEVELS),
    "software_updates.receive": Rule(levels=IT_AND_UP, feature=Feature.SOFTWARE_UPDATES),
    # "on request" (SPEC §3): IT and Manager ask, the vendor approves one download
    "software_updates.request": Rule(levels=frozenset({Level.IT, Level.MANAGER})),
    "license_keys.view": Rule(levels=PRIMARY_ONLY, feature=Feature.ORDERS),
    "console.support.work": Rule(vendor_roles=SUPPORT_DESK),
    "console.kb.write": Rule(
        vendor_roles=frozenset({ADMIN, VendorRole.SUPPORT, VendorRole.CONTENT})
    ),
}
