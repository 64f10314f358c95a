"""Reads of the audit trail, always through the actor's scope."""

from django.db.models import Q, QuerySet

from portal.tenancy.actor import Actor

from .models import AuditEvent


def audit_events_about_member(actor: Actor, membership) -> QuerySet[AuditEvent]:
    """What a colleague did and what was done to their membership, inside the actor's company."""
    return audit_events_for(actor).filter(
        Q(actor_id=membership.user_id)
        | Q(target_type="tenancy.membership", target_id=str(membership.pk))
    )


def audit_events_for(actor: Actor, *, search: str = "") -> QuerySet[AuditEvent]:
    """Vendor staff read the whole trail; a company reads the events of its own records."""
    events = AuditEvent.objects.for_actor(actor).select_related(
        "organization", "actor", "on_behalf_of"
    )
    if search:
        events = events.filter(
            Q(actor_email__icontains=search)
            | Q(verb__icontains=search)
            | Q(target_repr__icontains=search)
        )
    return events
