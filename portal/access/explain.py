"""Why a member can or cannot use each section (issue 10, point 14): the same rules and the same
order of questions as `policies.can`, answered in words.

A section is a partner menu entry (built areas) or a feature area a company manager switches
(areas not built yet still have their switch). `effective_access` asks `can` for the verdict and
reads the rule only to say why, so the panel never disagrees with the pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from portal.tenancy.actor import actor_for
from portal.tenancy.models import Membership, OrganizationKind

from .policies import FEATURE_CEILING, Feature, Rule, can, has_all_features, has_feature
from .registry import NAV, RULES


@dataclass(frozen=True)
class AccessRow:
    section: str
    allowed: bool
    reason: str


def _only_for(kinds) -> str:
    if kinds == {OrganizationKind.DISTRIBUTOR}:
        return _("only for distributors")
    if kinds == {OrganizationKind.RESELLER}:
        return _("only for resellers")
    return _("not for this kind of company")


def _reason(membership: Membership, rule: Rule, allowed: bool, switched_off_on) -> str:
    level = membership.level
    level_name = membership.get_role_display()
    if not membership.is_active:
        return _("deactivated: no access")
    if rule.org_kinds and membership.organization.kind not in rule.org_kinds:
        return _only_for(set(rule.org_kinds))
    if level not in rule.levels:
        return _("%(level)s may not use it") % {"level": level_name}
    if rule.feature is not None:
        feature = rule.feature
        if feature not in FEATURE_CEILING[level]:
            return _("%(level)s may not have %(feature)s") % {
                "level": level_name,
                "feature": feature.label,
            }
        if membership.is_company_manager:
            return _("company manager: everything")
        if has_all_features(membership):
            return _("%(level)s: every feature") % {"level": level_name}
        if feature.value not in membership.features:
            day = switched_off_on.get(feature.value)
            if day is not None:
                return _("switched off by the company manager on %(date)s") % {"date": day}
            return _("switched off by the company manager")
        return _("%(feature)s switched on by the company manager") % {"feature": feature.label}
    if membership.is_company_manager:
        return _("company manager: everything")
    if not allowed:  # an object check that said no (not used by menu entries today)
        return _("not for this person")
    return _("every %(level)s may use it") % {"level": level_name}


def effective_access(
    membership: Membership, *, switched_off_on: dict[str, str] | None = None
) -> list[AccessRow]:
    """Every partner section and feature area with this member's verdict and its reason;
    `switched_off_on` gives, per feature, the day (as shown) the company manager switched it off."""
    switched_off_on = switched_off_on or {}
    actor = actor_for(membership)
    rows, covered = [], set()
    for entry in NAV:
        if entry.realm != "partner":
            continue
        rule = RULES[entry.permission]
        allowed = can(actor, entry.permission)
        rows.append(
            AccessRow(
                str(entry.label), allowed, _reason(membership, rule, allowed, switched_off_on)
            )
        )
        if rule.feature is not None:
            covered.add(rule.feature)
    for feature in Feature:
        if feature in covered:
            continue
        # an area not built yet: the switch itself decides (levels that may have it at all)
        rule = Rule(levels=frozenset(FEATURE_CEILING), feature=feature)
        allowed = membership.is_active and has_feature(actor, feature)
        rows.append(
            AccessRow(
                str(feature.label), allowed, _reason(membership, rule, allowed, switched_off_on)
            )
        )
    return rows
