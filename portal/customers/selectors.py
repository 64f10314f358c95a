"""Reads of My Customers (CUST-1, CUST-2, CUST-4, CUST-6), each starting from the actor's scope."""

from decimal import Decimal

from django.db.models import (
    CharField,
    DecimalField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.http import Http404

from portal.audit.models import AuditEvent
from portal.orders.selectors import customer_totals
from portal.tenancy.actor import Actor
from portal.tenancy.models import Membership, Organization, OrganizationKind
from portal.tenancy.selectors import customers_of

ZERO = Value(Decimal("0.00"), output_field=DecimalField(max_digits=14, decimal_places=2))


def _active_storefront_users(organization_ref) -> QuerySet[Membership]:
    """Active memberships whose person has activated their login: who can use the storefront."""
    return Membership.objects.filter(
        organization=organization_ref, is_active=True, person_activated=True
    )


def customer_list(*, actor: Actor) -> QuerySet[Organization]:
    """The actor's customers with the storefront flag and the run rate in the same query (CUST-1):
    the grid's query count does not depend on its rows. The run rate is the orders area's
    maintained copy (`orders.CustomerRunRate`), so sorting by it reads an indexed column."""
    return (
        customers_of(actor)
        .annotate(
            has_storefront=Exists(_active_storefront_users(OuterRef("pk"))),
            run_rate=Coalesce("run_rate_record__monthly_run_rate", ZERO),
        )
        .select_related("parent", "details")
    )


def customer_statistics(*, actor: Actor) -> dict:
    """All customers (active and inactive), transacting ones and the total run rate (CUST-2),
    counted by the database in one query.

    "Transacting" is at least one active subscription or an asset (seed 004); both figures are
    the orders area's maintained copies, kept exact by every service that changes a subscription.
    """
    stats = dict(customer_totals(actor))
    stats["inactive"] = stats["total"] - stats["active"]
    return stats


def customer_get(*, actor: Actor, customer_id: int) -> Organization:
    """One customer of the actor's, or 404 (another reseller's customer looks like none)."""
    from portal.core.scoping import get_for_actor

    return get_for_actor(actor, customer_list(actor=actor), customer_id)


def customer_storefront_users(*, actor: Actor, customer: Organization) -> QuerySet[Membership]:
    """A customer's storefront users, for its reseller (or a distributor above, or the vendor).

    Memberships are scoped OWN (members see their own colleagues), so the reseller's access to
    its customers' users comes from the customer: it is checked here against the actor's scope
    (`customers_of`), whatever the caller passed in.
    """
    if not customers_of(actor).filter(pk=customer.pk).exists():
        return Membership.objects.none()
    return (
        Membership.objects.filter(
            organization=customer, organization__kind=OrganizationKind.CUSTOMER
        )
        .select_related("user", "organization")
        .order_by("user__full_name", "pk")
    )


def storefront_user_get(*, actor: Actor, customer: Organization, membership_id: int) -> Membership:
    """One storefront user of a customer the actor may see, or 404 (see above for the scope)."""
    membership = (
        customer_storefront_users(actor=actor, customer=customer).filter(pk=membership_id).first()
    )
    if membership is None:
        raise Http404
    return membership


def storefront_email_taken(*, reseller: Organization, email: str) -> Organization | None:
    """The customer of this reseller whose storefront already has this login, if any: an email
    is one storefront user per reseller's storefront."""
    membership = (
        Membership.objects.filter(
            user__email__iexact=email,
            organization__kind=OrganizationKind.CUSTOMER,
            organization__parent=reseller,
        )
        .select_related("organization")
        .first()
    )
    return membership.organization if membership else None


def customer_history(*, actor: Actor, customer: Organization) -> QuerySet[AuditEvent]:
    """What was done to the customer and its storefront users, as the actor may read it."""
    member_ids = Membership.objects.filter(organization=customer).annotate(
        key=Cast("pk", CharField())
    )
    return (
        AuditEvent.objects.for_actor(actor)
        .filter(
            Q(target_type="tenancy.organization", target_id=str(customer.pk))
            | Q(target_type="tenancy.membership", target_id__in=member_ids.values("key"))
        )
        .select_related("actor", "organization", "on_behalf_of")
        .order_by("-created_at", "-id")
    )


def storefront_users_of_customer(*, actor: Actor) -> QuerySet[Membership]:
    """The storefront users of the actor's own customer organization (the customer's admin)."""
    return (
        Membership.objects.for_actor(actor)
        .filter(organization=actor.organization)
        .select_related("user", "organization")
    )
