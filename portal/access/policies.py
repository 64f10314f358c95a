"""The one answer to "may this member do X (to this object)?" — for pages, API and menus alike.

SPEC §3 as data: every capability of the product is a `Rule` in `RULES`, whether or not its pages
exist yet, so a section appears for exactly the right people on the day it is built. A rule names
the realm it belongs to, who may use it (partner levels, vendor roles or customer roles), and the
feature area (ACC-1) the company manager can switch per employee. An optional object check refines
it for one record (e.g. the staff-request level cap).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.tenancy.actor import Actor
from portal.tenancy.models import LEVEL_RANK, CustomerRole, Level, OrganizationKind, VendorRole


class Feature(models.TextChoices):
    """Feature areas a company manager turns on or off per employee (ACC-1, `000` seed)."""

    ORDERS = "orders", _("Orders & Licensing")
    SALES_MARKETING = "sales_marketing", _("Sales & Marketing")
    TRAINING = "training", _("Training & Events")
    SUPPORT = "support", _("Support cases")
    CUSTOMERS = "customers", _("Customers")
    BILLING = "billing", _("Billing")
    # "Receive software updates: on request" for IT and Manager (SPEC §3): granted per person.
    SOFTWARE_UPDATES = "software_updates", _("Software updates (on request)")


ALL_LEVELS = frozenset(Level)
IT_AND_UP = frozenset({Level.IT, Level.MANAGER, Level.PRIMARY})
MANAGER_AND_UP = frozenset({Level.MANAGER, Level.PRIMARY})

# The most each level may have (ACC-1). Where the `003` matrix is silent the least privilege wins:
# Customers needs a sales or technical role, Billing is for managers, Orders for IT and up.
FEATURE_CEILING: dict[Level, frozenset[Feature]] = {
    Level.BASIC: frozenset({Feature.TRAINING, Feature.SUPPORT}),
    Level.SALES: frozenset(
        {Feature.SALES_MARKETING, Feature.TRAINING, Feature.SUPPORT, Feature.CUSTOMERS}
    ),
    Level.IT: frozenset(
        {
            Feature.ORDERS,
            Feature.TRAINING,
            Feature.SUPPORT,
            Feature.CUSTOMERS,
            Feature.SOFTWARE_UPDATES,
        }
    ),
    Level.MANAGER: frozenset(Feature),
    Level.PRIMARY: frozenset(Feature),
}

# Features a new employee gets by default: everything in the ceiling except what is "on request".
ON_REQUEST_FEATURES = frozenset({Feature.SOFTWARE_UPDATES})


def default_features(level: Level) -> list[str]:
    return sorted(f.value for f in FEATURE_CEILING[Level(level)] - ON_REQUEST_FEATURES)


def allowed_features(level: Level) -> frozenset[Feature]:
    return FEATURE_CEILING[Level(level)]


# Highest level each level may request for new staff (AUTH-2, SPEC §3).
STAFF_REQUEST_CAP: dict[Level, Level] = {Level.MANAGER: Level.MANAGER, Level.PRIMARY: Level.PRIMARY}


def requestable_levels(level: Level | None) -> list[Level]:
    cap = STAFF_REQUEST_CAP.get(level) if level else None
    if cap is None:
        return []
    return [lv for lv in Level if LEVEL_RANK[lv] <= LEVEL_RANK[cap]]


@dataclass(frozen=True)
class Rule:
    realm: str  # "partner", "vendor" or "customer"
    levels: frozenset = frozenset()  # partner levels
    roles: frozenset = frozenset()  # vendor or customer roles
    feature: Feature | None = None
    org_kinds: frozenset = frozenset()  # restrict partner rules to distributors or resellers
    check: Callable[[Actor, Any], bool] | None = field(default=None, compare=False)
    description: str = ""


def _staff_request_within_cap(actor: Actor, requested_level: Any) -> bool:
    return Level(requested_level) in requestable_levels(actor.membership.level)


def _manages_employee(actor: Actor, membership: Any) -> bool:
    """Managers edit colleagues below Primary; the company manager and Primaries edit everyone.

    Nobody manages their own access: that would let a Manager grant themselves features.
    """
    if membership.organization_id != actor.organization.pk or membership.pk == actor.membership.pk:
        return False
    if actor.membership.role == Level.PRIMARY:
        return True
    return LEVEL_RANK[Level(membership.role)] <= LEVEL_RANK[Level.MANAGER]


RESELLER = frozenset({OrganizationKind.RESELLER})
ALL_VENDOR = frozenset(VendorRole)
ALL_CUSTOMER = frozenset(CustomerRole)
V_ADMIN = VendorRole.ADMIN
V_PM = VendorRole.PARTNER_MANAGER
V_SUPPORT = VendorRole.SUPPORT
V_BILLING = VendorRole.BILLING
V_CONTENT = VendorRole.CONTENT

RULES: dict[str, Rule] = {
    # --- partner portal (SPEC §3 matrix) ---
    "portal.home": Rule("partner", ALL_LEVELS),
    "kb.view": Rule("partner", ALL_LEVELS, description="knowledge base incl. restricted articles"),
    "forum.open": Rule("partner", ALL_LEVELS),
    "cases.create": Rule("partner", ALL_LEVELS, feature=Feature.SUPPORT),
    "cases.view_own": Rule("partner", ALL_LEVELS, feature=Feature.SUPPORT),
    "cases.view_company": Rule("partner", MANAGER_AND_UP, feature=Feature.SUPPORT),
    "staff.request": Rule("partner", MANAGER_AND_UP, check=_staff_request_within_cap),
    "employees.view": Rule("partner", MANAGER_AND_UP),
    "employees.manage": Rule("partner", MANAGER_AND_UP, check=_manages_employee),
    "newsletter.receive": Rule(
        "partner", frozenset({Level.BASIC, Level.SALES, Level.MANAGER, Level.PRIMARY})
    ),
    "update_notices.receive": Rule("partner", ALL_LEVELS),
    "live_sessions.book": Rule("partner", ALL_LEVELS, feature=Feature.SUPPORT),
    "paid_support.order": Rule("partner", IT_AND_UP, feature=Feature.ORDERS),
    "company.view": Rule("partner", ALL_LEVELS, description="limited view for Basic and Sales"),
    "company.view_full": Rule("partner", IT_AND_UP),
    "company.edit": Rule("partner", frozenset({Level.PRIMARY})),
    "licenses.order": Rule("partner", IT_AND_UP, feature=Feature.ORDERS),
    "software_updates.receive": Rule("partner", IT_AND_UP, feature=Feature.SOFTWARE_UPDATES),
    "license_keys.view": Rule("partner", frozenset({Level.PRIMARY}), feature=Feature.ORDERS),
    "customers.view": Rule(
        "partner",
        frozenset({Level.SALES, Level.IT, Level.MANAGER, Level.PRIMARY}),
        feature=Feature.CUSTOMERS,
    ),
    "customers.manage": Rule(
        "partner",
        frozenset({Level.SALES, Level.MANAGER, Level.PRIMARY}),
        feature=Feature.CUSTOMERS,
        org_kinds=RESELLER,
    ),
    "leads.manage": Rule(
        "partner",
        frozenset({Level.SALES, Level.MANAGER, Level.PRIMARY}),
        feature=Feature.SALES_MARKETING,
        org_kinds=RESELLER,
    ),
    "orders.view": Rule("partner", IT_AND_UP, feature=Feature.ORDERS),
    "orders.approve": Rule("partner", MANAGER_AND_UP, feature=Feature.ORDERS),
    "billing.view": Rule("partner", MANAGER_AND_UP, feature=Feature.BILLING),
    "announcements.view": Rule("partner", ALL_LEVELS),
    "marketing.view": Rule(
        "partner",
        frozenset({Level.SALES, Level.MANAGER, Level.PRIMARY}),
        feature=Feature.SALES_MARKETING,
    ),
    "training.view": Rule("partner", ALL_LEVELS, feature=Feature.TRAINING),
    "audit.view_company": Rule("partner", MANAGER_AND_UP),
    # --- vendor console (SPEC §5) ---
    "console.home": Rule("vendor", roles=ALL_VENDOR),
    "console.partners.view": Rule("vendor", roles=frozenset({V_ADMIN, V_PM, V_SUPPORT, V_BILLING})),
    "console.staff_requests.decide": Rule("vendor", roles=frozenset({V_ADMIN, V_PM})),
    "console.employees.add": Rule("vendor", roles=frozenset({V_ADMIN, V_PM})),
    "console.manager.transfer": Rule("vendor", roles=frozenset({V_ADMIN, V_PM})),
    "console.applications.decide": Rule("vendor", roles=frozenset({V_ADMIN, V_PM})),
    "console.leads.convert": Rule("vendor", roles=frozenset({V_ADMIN, V_PM})),
    "console.support.work": Rule("vendor", roles=frozenset({V_ADMIN, V_SUPPORT})),
    "console.payments.record": Rule("vendor", roles=frozenset({V_ADMIN, V_BILLING})),
    "console.content.publish": Rule("vendor", roles=frozenset({V_ADMIN, V_CONTENT})),
    "console.audit.view": Rule("vendor", roles=frozenset({V_ADMIN})),
    "console.outbox.view": Rule("vendor", roles=frozenset({V_ADMIN})),
    "console.raw_admin": Rule("vendor", roles=frozenset({V_ADMIN})),
    # --- storefront (end customers) ---
    "store.home": Rule("customer", roles=ALL_CUSTOMER),
    "store.orders.place": Rule("customer", roles=ALL_CUSTOMER),
    "store.users.manage": Rule("customer", roles=frozenset({CustomerRole.ADMIN})),
    "store.partner_access.grant": Rule("customer", roles=frozenset({CustomerRole.ADMIN})),
}


def has_feature(actor: Actor, feature: Feature) -> bool:
    """Within the level's ceiling, as granted; the company manager and Primaries have everything."""
    membership = actor.membership
    level = membership.level
    if level is None or feature not in FEATURE_CEILING[level]:
        return False
    if level == Level.PRIMARY or membership.is_company_manager:
        return True
    return feature.value in membership.features


def can(actor: Actor | None, permission: str, obj: Any = None) -> bool:
    rule = RULES[permission]  # an unknown name is a programming error, not a "no"
    if actor is None or not actor.membership.is_active:
        return False
    if actor.realm != rule.realm:
        return False
    membership = actor.membership
    if rule.realm == "partner":
        if rule.org_kinds and actor.organization.kind not in rule.org_kinds:
            return False
        if membership.level not in rule.levels:
            return False
        if rule.feature is not None and not has_feature(actor, rule.feature):
            return False
    elif membership.role not in rule.roles:
        return False
    if rule.check is not None and obj is not None:
        return rule.check(actor, obj)
    return True


def require(actor: Actor | None, permission: str, obj: Any = None) -> None:
    if not can(actor, permission, obj):
        raise PermissionDenied(permission)
