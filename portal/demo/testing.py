"""Builders shared by unit, view and browser tests: tenants made through the services."""

from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction

from portal.team import services
from portal.team.models import BillingSettings
from portal.tenancy.actor import actor_for  # noqa: F401 - re-exported for tests
from portal.tenancy.models import (
    CustomerRole,
    Level,
    Membership,
    Organization,
    OrganizationKind,
    VendorRole,
)

PASSWORD = "correct-horse-battery-9"  # noqa: S105 - test credential


@dataclass
class Tenant:
    """A reseller with one member per level, two customers, and a storefront user."""

    organization: Organization
    members: dict[str, Membership] = field(default_factory=dict)
    customers: list[Organization] = field(default_factory=list)
    storefront_user: Membership | None = None

    def actor(self, level: str):
        return actor_for(self.members[level])

    def read_again(self) -> "Tenant":
        """Drop what an earlier test read or changed through these objects (data shared by a
        module's tests, `built_once_per_module`)."""
        for instance in (self.organization, *self.members.values(), *self.customers):
            instance.refresh_from_db()
        if self.storefront_user is not None:
            self.storefront_user.refresh_from_db()
        return self


@contextmanager
def built_once_per_module(django_db_blocker):
    """For a module-scoped fixture: what it builds inside this block lives in a transaction that
    is rolled back after the module's last test, and each test (with `db`) runs in a savepoint
    of it, as with Django's setUpTestData. For data that takes seconds to build and that many
    tests only read."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


def vendor_org() -> Organization:
    existing = Organization.objects.filter(kind=OrganizationKind.VENDOR).first()
    return existing or services.organization_create(
        actor=None, kind=OrganizationKind.VENDOR, name="Vendor", parent=None
    )


def make_vendor_member(role: str = VendorRole.ADMIN, email: str | None = None) -> Membership:
    return services.member_add(
        actor=None,
        organization=vendor_org(),
        email=email or f"{role}@vendor.test",
        full_name=f"Vendor {role}",
        role=role,
        password=PASSWORD,
    )


def make_tenant(name: str, *, parent: Organization | None = None, customers: int = 2) -> Tenant:
    slug = name.lower().replace(" ", "")
    if parent is None:
        parent = services.organization_create(
            actor=None,
            kind=OrganizationKind.DISTRIBUTOR,
            name=f"{name} Distribution",
            parent=vendor_org(),
        )
    reseller = services.organization_create(
        actor=None,
        kind=OrganizationKind.RESELLER,
        name=name,
        parent=parent,
        billing={"payment_method": BillingSettings.PaymentMethod.CASH},
    )
    tenant = Tenant(organization=reseller)
    for level in Level:
        tenant.members[level.value] = services.member_add(
            actor=None,
            organization=reseller,
            email=f"{level.value}@{slug}.test",
            full_name=f"{level.label} of {name}",
            role=level,
            password=PASSWORD,
            is_company_manager=level == Level.PRIMARY,
        )
    for i in range(customers):
        tenant.customers.append(
            services.organization_create(
                actor=None,
                kind=OrganizationKind.CUSTOMER,
                name=f"{name} Customer {i}",
                parent=reseller,
                details={"city": "Gdańsk", "email": f"c{i}@{slug}-customers.test"},
            )
        )
    if tenant.customers:
        tenant.storefront_user = services.member_add(
            actor=None,
            organization=tenant.customers[0],
            email=f"store@{slug}.test",
            full_name=f"Store user of {name}",
            role=CustomerRole.ADMIN,
            password=PASSWORD,
        )
    return tenant
