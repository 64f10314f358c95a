from django.db.models import Q, QuerySet

from portal.tenancy.actor import Actor

from .models import AuditEvent


def audit_events_for(actor: Actor, *, search: str = "") -> QuerySet[AuditEvent]:
    """Vendor staff read the whole trail; a company reads the events of its own records."""
    events = AuditEvent.objects.select_related("organization", "actor")
    if not actor.is_vendor:
        events = events.filter(organization=actor.organization)
    if search:
        events = events.filter(
            Q(actor_email__icontains=search)
            | Q(verb__icontains=search)
            | Q(target_repr__icontains=search)
        )
    return events
