"""SPEC §3, level by level: the matrix, the feature ceilings and the per-person switches."""

import pytest

from portal.access.policies import (
    FEATURE_CEILING,
    Feature,
    assignable_levels,
    can,
    default_features,
    has_all_features,
    require,
)
from portal.access.registry import RULES
from portal.demo.testing import (
    actor_for,
    built_once_per_module,
    make_tenant,
    make_vendor_member,
)
from portal.tenancy.models import CustomerRole, Level, VendorRole


@pytest.fixture(scope="module")
def _alpha(django_db_setup, django_db_blocker):
    with built_once_per_module(django_db_blocker):
        yield make_tenant("Alpha Resale")


@pytest.fixture
def tenant_a(_alpha, db):
    """Built once for the module's hundred cases, most of which only read it."""
    return _alpha.read_again()


ALL = {"basic", "sales", "it", "manager", "primary"}
# capability of the SPEC §3 table → (permission, levels that have it with default feature access)
MATRIX = [
    ("knowledge base", "kb.view", ALL),
    ("create own support cases", "cases.create", ALL),
    ("see and update own cases", "cases.view_own", ALL),
    ("see and reply to all company cases", "cases.view_company", {"manager", "primary"}),
    ("request new staff accounts", "staff.request", {"manager", "primary"}),
    ("manage employees (page)", "employees.view", {"manager", "primary"}),
    ("manage employees' profiles and access", "employees.view", {"manager", "primary"}),
    (
        "newsletter with training hints",
        "newsletter.receive",
        {"basic", "sales", "manager", "primary"},
    ),
    ("notices of software updates", "update_notices.receive", ALL),
    ("book live sessions and call-backs", "live_sessions.book", ALL),
    ("order paid support services", "paid_support.order", {"it", "manager", "primary"}),
    ("company information (limited)", "company.view", ALL),
    ("company information (full)", "company.view_full", {"it", "manager", "primary"}),
    ("order additional licenses", "licenses.order", {"it", "manager", "primary"}),
    ("receive software updates (IT/Manager on request)", "software_updates.receive", {"primary"}),
    ("receive license keys and activation codes", "license_keys.view", {"primary"}),
]


@pytest.mark.parametrize(
    ("capability", "permission", "levels"), MATRIX, ids=[row[0] for row in MATRIX]
)
@pytest.mark.parametrize("level", sorted(ALL))
def test_level_matrix(tenant_a, capability, permission, levels, level):
    assert can(tenant_a.actor(level), permission) is (level in levels)


@pytest.mark.parametrize("level", ["it", "manager"])
def test_software_updates_on_request_is_granted_per_person(tenant_a, level):
    membership = tenant_a.members[level]
    membership.features = [*membership.features, Feature.SOFTWARE_UPDATES.value]
    assert can(actor_for(membership), "software_updates.receive")


def test_software_updates_cannot_be_granted_beyond_the_ceiling(tenant_a):
    membership = tenant_a.members["sales"]
    membership.features = [*membership.features, Feature.SOFTWARE_UPDATES.value]
    assert not can(actor_for(membership), "software_updates.receive")


def test_switching_a_feature_off_removes_it_within_the_level(tenant_a):
    sales = tenant_a.members["sales"]
    assert can(actor_for(sales), "customers.view")
    sales.features = [f for f in sales.features if f != Feature.CUSTOMERS]
    assert not can(actor_for(sales), "customers.view")


def test_a_flag_above_the_level_ceiling_grants_nothing(tenant_a):
    basic = tenant_a.members["basic"]
    basic.features = [f.value for f in Feature]  # as if stored by a forged request
    assert not can(actor_for(basic), "customers.view")
    assert not can(actor_for(basic), "billing.view")
    assert not can(actor_for(basic), "orders.view")


def test_primary_and_company_manager_always_have_everything(tenant_a):
    primary = tenant_a.members["primary"]
    primary.features = []
    for permission, rule in RULES.items():
        reseller_may = not rule.org_kinds or "reseller" in rule.org_kinds
        if Level.PRIMARY in rule.levels and rule.check is None and reseller_may:
            assert can(actor_for(primary), permission), permission


# The decisions of the README ("Decisions where SPEC §3 is silent"), written out by hand so the
# table in policies.py is checked against something other than itself.
EXPECTED_CEILINGS = {
    "basic": {"training", "support"},
    "sales": {"sales_marketing", "training", "support", "customers"},
    "it": {"orders", "training", "support", "customers", "software_updates"},
    "manager": {
        "orders",
        "sales_marketing",
        "training",
        "support",
        "customers",
        "billing",
        "software_updates",
    },
    "primary": {
        "orders",
        "sales_marketing",
        "training",
        "support",
        "customers",
        "billing",
        "software_updates",
    },
}


@pytest.mark.parametrize("level", sorted(ALL))
def test_feature_ceilings_are_the_documented_decisions(level):
    assert {f.value for f in FEATURE_CEILING[Level(level)]} == EXPECTED_CEILINGS[level]
    assert "software_updates" not in default_features(Level(level))


def test_staff_request_level_caps(tenant_a):
    manager, primary = tenant_a.actor("manager"), tenant_a.actor("primary")
    assert can(manager, "staff.request.level", Level.MANAGER)
    assert not can(manager, "staff.request.level", Level.PRIMARY)
    assert can(primary, "staff.request.level", Level.PRIMARY)
    assert assignable_levels(tenant_a.actor("sales")) == []
    assert assignable_levels(manager) == [Level.BASIC, Level.SALES, Level.IT, Level.MANAGER]
    assert assignable_levels(primary) == list(Level)


def test_a_rule_with_an_object_check_asked_without_the_object_is_an_error(tenant_a):
    with pytest.raises(TypeError):
        can(tenant_a.actor("primary"), "employees.manage")
    with pytest.raises(TypeError):
        can(tenant_a.actor("primary"), "staff.request.level")


def test_every_refusal_of_require_is_audited(tenant_a):
    from django.core.exceptions import PermissionDenied

    from portal.audit.models import AuditEvent

    with pytest.raises(PermissionDenied):
        require(tenant_a.actor("basic"), "employees.view")
    event = AuditEvent.objects.get(verb="access.refused")
    assert event.data["permission"] == "employees.view"
    assert event.actor_id == tenant_a.members["basic"].user_id


def test_has_everything_is_the_primary_level_or_the_company_manager(tenant_a):
    assert has_all_features(tenant_a.members["primary"])
    assert not has_all_features(tenant_a.members["manager"])
    assert has_all_features(tenant_a.members["manager"], Level.PRIMARY)


def test_vendor_staff_manage_partner_employees_through_the_same_rule(tenant_a, db):
    admin = actor_for(make_vendor_member(VendorRole.ADMIN))
    support = actor_for(make_vendor_member(VendorRole.SUPPORT))
    assert can(admin, "employees.manage", tenant_a.members["primary"])
    assert not can(support, "employees.manage", tenant_a.members["basic"])


def test_manager_cannot_manage_a_primary_but_primary_manages_all(tenant_a):
    manager, primary = tenant_a.actor("manager"), tenant_a.actor("primary")
    assert can(manager, "employees.manage", tenant_a.members["sales"])
    assert not can(manager, "employees.manage", tenant_a.members["primary"])
    assert can(primary, "employees.manage", tenant_a.members["manager"])


def test_employees_of_another_company_are_never_manageable(tenant_a, tenant_b):
    assert not can(tenant_a.actor("primary"), "employees.manage", tenant_b.members["basic"])


def test_realms_do_not_mix(tenant_a, db):
    vendor = actor_for(make_vendor_member(VendorRole.ADMIN))
    assert can(vendor, "console.home") and not can(vendor, "portal.home")
    assert can(tenant_a.actor("primary"), "portal.home")
    assert not can(tenant_a.actor("primary"), "console.home")
    store = actor_for(tenant_a.storefront_user)
    assert can(store, "store.home") and not can(store, "portal.home")
    assert tenant_a.storefront_user.role == CustomerRole.ADMIN


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (VendorRole.ADMIN, True),
        (VendorRole.PARTNER_MANAGER, True),
        (VendorRole.SUPPORT, False),
        (VendorRole.BILLING, False),
        (VendorRole.CONTENT, False),
    ],
)
def test_vendor_roles_for_manager_transfer(db, role, allowed):
    assert can(actor_for(make_vendor_member(role)), "console.manager.transfer") is allowed


def test_inactive_membership_may_do_nothing(tenant_a):
    membership = tenant_a.members["primary"]
    membership.is_active = False
    assert not can(actor_for(membership), "kb.view")


def test_unknown_permission_is_a_programming_error(tenant_a):
    with pytest.raises(KeyError):
        can(tenant_a.actor("primary"), "no.such.permission")
