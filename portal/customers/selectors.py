"""Reads of My Customers (CUST-1, CUST-4), each starting from the actor's scope."""

from django.db.models import Exists, OuterRef, QuerySet

from portal.tenancy.actor import Actor
from portal.tenancy.models import Membership, Organization
from portal.tenancy.selectors import customers_of


def customer_list(*, actor: Actor) -> QuerySet[Organization]:
    """The actor's customers with a storefront-access flag computed in the same query (CUST-1)."""
    return (
        customers_of(actor)
        .annotate(
            has_storefront=Exists(
                Membership.objects.filter(organization=OuterRef("pk"), is_active=True)
            )
        )
        .select_related("parent", "details")
    )


def customer_storefront_users(*, actor: Actor, customer: Organization) -> QuerySet[Membership]:
    return (
        Membership.objects.for_actor(actor)
        .filter(organization=customer)
        .select_related("user", "organization")
        .order_by("user__full_name", "pk")
    )
