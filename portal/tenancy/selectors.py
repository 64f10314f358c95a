"""Scoped reads of organizations and memberships: every query starts from `for_actor`."""

from django.db.models import QuerySet

from portal.core.prepared import PreparedQuery
from portal.core.scoping import get_for_actor  # noqa: F401 - the one way to load a single row

from .actor import Actor
from .models import Membership, Organization, OrganizationKind


def organizations_visible_to(actor: Actor) -> QuerySet[Organization]:
    """Vendor staff see the whole tree; anyone else their organization and what sits below it."""
    return Organization.objects.for_actor(actor)


def customers_of(actor: Actor) -> QuerySet[Organization]:
    """The customers below the actor's organization (a reseller's own, a distributor's resellers'
    customers), found by the stored path: one index range, however large the tree."""
    customers = organizations_visible_to(actor).filter(kind=OrganizationKind.CUSTOMER)
    if actor.organization.kind == OrganizationKind.RESELLER:
        # Implied by the path (a reseller's customers are its children), but what lets the
        # database read a page of them in name order from the (parent, name) index.
        customers = customers.filter(parent=actor.organization)
    return customers


def _active_memberships(user_id) -> QuerySet[Membership]:
    return (
        Membership.objects.active()
        .filter(user_id=user_id, organization__is_active=True)
        .select_related("user", "organization", "organization__parent")
        .order_by("created_at", "pk")
    )


# asked on every signed-in request: compiled once (portal/core/prepared.py)
_ACTIVE_MEMBERSHIPS = PreparedQuery(_active_memberships)


def active_memberships_of(user_id) -> list[Membership]:
    """A person's active memberships in active organizations, oldest first, each with its
    organization and one shared person object: what a signed-in request works as (read once, by
    the authentication backend together with the person; ActorMiddleware uses them)."""
    memberships = _ACTIVE_MEMBERSHIPS(int(user_id))
    for membership in memberships[1:]:
        membership.user = memberships[0].user
    return memberships


def employees_of(actor: Actor) -> QuerySet[Membership]:
    """The members of the actor's own organization (COMP-2), people loaded in the same query."""
    return (
        Membership.objects.for_actor(actor)
        .filter(organization=actor.organization)
        .select_related("user", "organization")
    )
