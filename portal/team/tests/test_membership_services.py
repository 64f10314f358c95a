import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from portal.audit.models import AuditEvent
from portal.core.exceptions import DomainError
from portal.demo.testing import actor_for, make_vendor_member
from portal.team import services
from portal.tenancy.models import Level, Membership, Organization, OrganizationKind, VendorRole
from portal.tenancy.selectors import customers_of, organizations_visible_to


def test_tree_rules_are_enforced(tenant_a):
    with pytest.raises(ValidationError):
        services.organization_create(
            actor=None,
            kind=OrganizationKind.CUSTOMER,
            name="Bad",
            parent=tenant_a.organization.parent,
        )  # under a distributor
    with pytest.raises(ValidationError):
        services.organization_create(
            actor=None, kind=OrganizationKind.RESELLER, name="Orphan", parent=None
        )


def test_one_company_manager_per_organization(tenant_a):
    second = tenant_a.members["manager"]
    second.role, second.is_company_manager = Level.PRIMARY, True
    with pytest.raises(IntegrityError):
        Membership.objects.filter(pk=second.pk).update(role=Level.PRIMARY, is_company_manager=True)


def test_company_manager_must_be_primary(tenant_a):
    membership = tenant_a.members["sales"]
    membership.is_company_manager = True
    with pytest.raises(ValidationError):
        membership.full_clean()


def test_deactivate_keeps_history_and_refuses_login(tenant_a):
    basic = tenant_a.members["basic"]
    services.membership_deactivate(actor=tenant_a.actor("primary"), membership=basic)
    basic.refresh_from_db()
    basic.user.refresh_from_db()
    assert not basic.is_active and basic.deactivated_at and not basic.user.is_active
    assert Membership.objects.filter(pk=basic.pk).exists()
    event = AuditEvent.objects.get(verb="membership.deactivated")
    assert event.actor == tenant_a.members["primary"].user
    assert event.organization == tenant_a.organization
    services.membership_reactivate(actor=tenant_a.actor("primary"), membership=basic)
    basic.user.refresh_from_db()
    assert basic.user.is_active


def test_person_with_another_active_membership_keeps_login(tenant_a, tenant_b):
    person = tenant_a.members["sales"].user
    other = services.member_add(
        actor=None,
        organization=tenant_b.organization,
        email=person.email,
        full_name=person.full_name,
        role=Level.BASIC,
    )
    services.membership_deactivate(
        actor=tenant_a.actor("primary"), membership=tenant_a.members["sales"]
    )
    person.refresh_from_db()
    assert person.is_active and other.user_id == person.pk


def test_manager_cannot_deactivate_a_primary_nor_the_company_manager(tenant_a):
    with pytest.raises(PermissionDenied):
        services.membership_deactivate(
            actor=tenant_a.actor("manager"), membership=tenant_a.members["primary"]
        )
    with pytest.raises(DomainError):
        services.membership_deactivate(actor=None, membership=tenant_a.members["primary"])


def test_nobody_deactivates_another_companys_employee(tenant_a, tenant_b):
    with pytest.raises(PermissionDenied):
        services.membership_deactivate(
            actor=tenant_a.actor("primary"), membership=tenant_b.members["basic"]
        )
    tenant_b.members["basic"].refresh_from_db()
    assert tenant_b.members["basic"].is_active


def test_only_vendor_staff_transfer_the_company_manager(tenant_a):
    with pytest.raises(PermissionDenied):
        services.company_manager_transfer(
            actor=tenant_a.actor("primary"), to=tenant_a.members["manager"]
        )
    vendor = actor_for(make_vendor_member(VendorRole.PARTNER_MANAGER))
    services.company_manager_transfer(actor=vendor, to=tenant_a.members["manager"])
    new = Membership.objects.get(organization=tenant_a.organization, is_company_manager=True)
    assert new.pk == tenant_a.members["manager"].pk and new.role == Level.PRIMARY
    event = AuditEvent.objects.get(verb="company_manager.transferred")
    assert event.on_behalf_of.kind == OrganizationKind.VENDOR


def test_duplicate_employee_is_refused(tenant_a):
    with pytest.raises(DomainError) as error:
        services.member_add(
            actor=None,
            organization=tenant_a.organization,
            email="SALES@alpharesale.test",
            full_name="Again",
            role=Level.SALES,
        )
    assert error.value.field == "email"


def test_scopes(tenant_a, tenant_b):
    primary = tenant_a.actor("primary")
    visible = set(organizations_visible_to(primary))
    assert tenant_a.organization in visible and tenant_b.organization not in visible
    assert set(customers_of(primary)) == set(tenant_a.customers)
    distributor = tenant_a.organization.parent
    dist_member = services.member_add(
        actor=None, organization=distributor, email="d@d.test", full_name="D", role=Level.PRIMARY
    )
    assert set(customers_of(actor_for(dist_member))) == set(tenant_a.customers)
    vendor = actor_for(make_vendor_member())
    assert organizations_visible_to(vendor).count() == Organization.objects.count()
