"""The one answer to "may this member do X (to this object)?" — for pages, services and menus.

This module holds the engine and the SPEC §3 level matrix as data: the feature areas a company
manager switches per employee (ACC-1), the most each level may have, the level cap for giving
levels to others, and `can` / `require`. The rules themselves (permission name → who may) are
contributed by each area's `rules.py` and collected at start-up by `portal.access.registry`;
capabilities whose area is not built yet wait in `portal/access/rules.py`, so a section appears
for exactly the right people the day it is built.

A rule may grant in several realms at once (partner levels, vendor roles, customer roles): vendor
staff acting on a partner's records go through the same rule as the partner's own managers, with
no `is_vendor` shortcut anywhere else. A rule with an object check must be asked with the object;
asking without it is a programming error, never a silent yes. Every refusal of `require` is
announced on the `access_refused` signal, which the audit trail records (one guard, one trail).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

from portal.tenancy.actor import Actor
from portal.tenancy.models import LEVEL_RANK, Level, Membership

# Sent by `require` on every refusal: sender=None, actor, permission, obj, request (or None).
access_refused = Signal()


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
SALES_AND_UP = frozenset({Level.SALES, Level.IT, Level.MANAGER, Level.PRIMARY})
IT_AND_UP = frozenset({Level.IT, Level.MANAGER, Level.PRIMARY})
MANAGER_AND_UP = frozenset({Level.MANAGER, Level.PRIMARY})
PRIMARY_ONLY = frozenset({Level.PRIMARY})

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

# The highest level a member may give others, by request or by editing (AUTH-2, SPEC §3:
# "up to Manager" for Managers, "any level" for Primaries).
LEVEL_CAP: dict[Level, Level] = {Level.MANAGER: Level.MANAGER, Level.PRIMARY: Level.PRIMARY}


def default_features(level: Level) -> list[str]:
    return sorted(f.value for f in FEATURE_CEILING[Level(level)] - ON_REQUEST_FEATURES)


def allowed_features(level: Level) -> frozenset[Feature]:
    return FEATURE_CEILING[Level(level)]


def has_all_features(membership: Membership, level: Level | None = None) -> bool:
    """The company manager and every Primary always have every feature (ACC-1). `level` asks
    about the membership as it would be at another level (a form whose level was changed)."""
    level = Level(level) if level is not None else membership.level
    return level == Level.PRIMARY or membership.is_company_manager


def assignable_levels(actor: Actor) -> list[Level]:
    """The levels this member may give to others: none below Manager."""
    cap = LEVEL_CAP.get(actor.membership.level) if actor.membership.level else None
    if cap is None:
        return []
    return [lv for lv in Level if LEVEL_RANK[lv] <= LEVEL_RANK[cap]]


def has_feature(actor: Actor, feature: Feature) -> bool:
    """Within the level's ceiling, as granted."""
    membership = actor.membership
    level = membership.level
    if level is None or feature not in FEATURE_CEILING[level]:
        return False
    return has_all_features(membership) or feature.value in membership.features


@dataclass(frozen=True)
class Rule:
    """Who may use a capability. Empty sets grant nothing in that realm."""

    levels: frozenset = frozenset()  # partner levels
    vendor_roles: frozenset = frozenset()
    customer_roles: frozenset = frozenset()
    feature: Feature | None = None  # the partner feature switch it also needs
    org_kinds: frozenset = frozenset()  # restrict the partner grant to distributors or resellers
    # (actor, obj) -> bool: refines the grant for one object; asked only with an object.
    check: Callable[[Actor, Any], bool] | None = field(default=None, compare=False)
    description: str = ""

    def grants_realm(self, realm: str) -> bool:
        return bool(
            {"partner": self.levels, "vendor": self.vendor_roles, "customer": self.customer_roles}[
                realm
            ]
        )


_NO_OBJECT = object()


def _rules() -> dict[str, Rule]:
    from .registry import RULES  # collected at start-up from every area's rules.py

    return RULES


def can(actor: Actor | None, permission: str, obj: Any = _NO_OBJECT) -> bool:
    rule = _rules()[permission]  # an unknown name is a programming error, not a "no"
    if rule.check is not None and obj is _NO_OBJECT:
        raise TypeError(f"{permission!r} checks an object: ask can() with one.")
    if actor is None or not actor.membership.is_active:
        return False
    membership = actor.membership
    realm = actor.realm
    if realm == "partner":
        if rule.org_kinds and actor.organization.kind not in rule.org_kinds:
            return False
        if membership.level not in rule.levels:
            return False
        if rule.feature is not None and not has_feature(actor, rule.feature):
            return False
    elif realm == "vendor":
        if membership.role not in rule.vendor_roles:
            return False
    elif membership.role not in rule.customer_roles:
        return False
    if rule.check is not None:
        return bool(rule.check(actor, obj))
    return True


def require(actor: Actor | None, permission: str, obj: Any = _NO_OBJECT, *, request=None) -> None:
    """Raise PermissionDenied (a 403 page) unless `can`; every refusal is announced and audited."""
    if not can(actor, permission, obj):
        access_refused.send(
            sender=None,
            actor=actor,
            permission=permission,
            obj=None if obj is _NO_OBJECT else obj,
            request=request,
        )
        raise PermissionDenied(permission)
