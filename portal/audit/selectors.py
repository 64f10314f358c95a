"""Reads of the audit trail, always through the actor's scope.

The trail grows without end (a million entries is an ordinary year), so its pages never count
all matching rows and never page by offset: a page starts after the last row of the previous one
(`created_at`, `id`), the count stops at `COUNT_CAP`, and the free-text search looks through the
newest `SEARCH_WINDOW` entries that match the structured filters (person, action, dates), which
use indexes.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from portal.tenancy.actor import Actor

from .models import AuditEvent

PAGE_SIZE = 50
COUNT_CAP = 1000
SEARCH_WINDOW = 5000


def audit_events_about_member(actor: Actor, membership) -> QuerySet[AuditEvent]:
    """What a colleague did and what was done to their membership, inside the actor's company."""
    return audit_events_for(actor).filter(
        Q(actor_id=membership.user_id)
        | Q(target_type="tenancy.membership", target_id=str(membership.pk))
    )


def audit_events_for(
    actor: Actor,
    *,
    search: str = "",
    who: str = "",
    verb: str = "",
    since=None,
    until=None,
) -> QuerySet[AuditEvent]:
    """Vendor staff read the whole trail; a company reads the events of its own records."""
    events = (
        AuditEvent.objects.for_actor(actor)
        .select_related("organization", "actor", "on_behalf_of")
        .order_by("-created_at", "-id")
    )
    if who:
        events = events.filter(actor_email=who.lower())
    if verb:
        events = events.filter(verb=verb)
    if since:
        events = events.filter(created_at__gte=_start_of(since))
    if until:
        events = events.filter(created_at__lt=_start_of(until + timedelta(days=1)))
    if search:
        window = events.values("pk")[:SEARCH_WINDOW]
        events = events.filter(pk__in=window).filter(
            Q(actor_email__icontains=search)
            | Q(target_repr__icontains=search)
            | Q(verb__icontains=search)
        )
    return events


def _start_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass
class EventPage:
    events: list
    next_cursor: str | None
    count: int
    count_capped: bool
    is_first: bool


def cursor_of(event: AuditEvent) -> str:
    micros = int(event.created_at.timestamp() * 1_000_000)
    return f"{micros}-{event.pk}"


def after_cursor(events: QuerySet[AuditEvent], at: datetime, pk: int) -> QuerySet[AuditEvent]:
    """Rows older than (at, pk). The first condition is what lets the database start the index
    scan at the cursor instead of walking down to it from the newest row."""
    return events.filter(created_at__lte=at).filter(Q(created_at__lt=at) | Q(pk__lt=pk))


def event_page(events: QuerySet[AuditEvent], cursor: str = "") -> EventPage:
    """One page after `cursor` (newest first), found through the (created_at, id) index."""
    counted = events.order_by()[: COUNT_CAP + 1].count()
    if cursor:
        micros, pk = (int(part) for part in cursor.split("-"))
        at = datetime.fromtimestamp(micros / 1_000_000, tz=UTC)
        events = after_cursor(events, at, pk)
    rows = list(events[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return EventPage(
        events=rows,
        next_cursor=cursor_of(rows[-1]) if more else None,
        count=min(counted, COUNT_CAP),
        count_capped=counted > COUNT_CAP,
        is_first=not cursor,
    )
