"""Scoped reads of organizations and memberships: every query starts from what the actor may see."""

from django.db.models import QuerySet
from django.http import Http404

from .actor import Actor
from .models import Membership, Organization, OrganizationKind


def organizations_visible_to(actor: Actor) -> QuerySet[Organization]:
    """Vendor staff see the whole tree; anyone else their organization and what sits below it."""
    if actor.is_vendor:
        return Organization.objects.all()
    return Organization.objects.subtree_of(actor.organization)


def customers_of(actor: Actor) -> QuerySet[Organization]:
    return (
        organizations_visible_to(actor)
        .filter(kind=OrganizationKind.CUSTOMER)
        .exclude(pk=actor.organization.pk)
    )


def employees_of(actor: Actor) -> QuerySet[Membership]:
    """The members of the actor's own organization (COMP-2), people loaded in the same query."""
    return Membership.objects.filter(organization=actor.organization).select_related(
        "user", "organization"
    )


def get_for_actor(queryset: QuerySet, pk):
    """One row of an already scoped queryset; a row outside the scope looks like a missing one."""
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
