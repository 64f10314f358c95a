"""Reads of the team area, each starting from the actor's scope."""

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from portal.access import figures
from portal.access.policies import Feature, can
from portal.audit.selectors import audit_events_about_member
from portal.tenancy.actor import Actor
from portal.tenancy.models import (
    PARTNER_KINDS,
    Level,
    Membership,
    MembershipInvitation,
    Organization,
    OrganizationKind,
)
from portal.tenancy.selectors import employees_of, organizations_visible_to

from .models import StaffRequest
from .verbs import TeamVerb

EMPLOYEE_STATUSES = ("active", "inactive", "not_activated")


def employee_list(*, actor: Actor, status: str = "", search: str = "") -> QuerySet[Membership]:
    employees = employees_of(actor)
    if status in EMPLOYEE_STATUSES:
        employees = employees.with_status(status)
    if search:
        employees = employees.filter(
            Q(user__full_name__icontains=search) | Q(user__email__icontains=search)
        )
    # (name, person) is unique inside one company and is what the membership name index holds
    return employees.order_by("person_name", "user_id")


def with_feature_labels(employees) -> list[Membership]:
    """Sets `feature_labels` on each employee of a page: the names of the features granted,
    in the catalogue's order."""
    employees = list(employees)
    catalogue = None
    for employee in employees:
        if not employee.features:
            employee.feature_labels = []
            continue
        if catalogue is None:  # each label translated once a page, not once a row
            catalogue = [(feature.value, str(feature.label)) for feature in Feature]
        granted = set(employee.features)
        employee.feature_labels = [label for value, label in catalogue if value in granted]
    return employees


def _active_primaries(actor: Actor) -> QuerySet[Membership]:
    return employees_of(actor).filter(role=Level.PRIMARY, is_active=True)


def active_primaries(actor: Actor) -> list[Membership]:
    """The company's active Primaries in name order.

    A company has few, so they are sorted here: with an ORDER BY, SQLite walks the company's
    whole (organization, name) index to save that sort — 10,000 people to find one Primary.
    The people are read by key afterwards: joined in one query, PostgreSQL expects hundreds of
    Primaries in a 10,000-person company and hashes every login to find the one or two."""
    primaries = (
        _active_primaries(actor)
        .select_related(None)
        .select_related("organization")
        .prefetch_related("user")
        .order_by()
    )
    return sorted(primaries, key=lambda membership: (membership.person_name, membership.user_id))


def should_name_second_primary(actor: Actor) -> bool:
    """ACC-3: a company with one Primary is advised to name another, shown to whoever can ask."""
    return (
        can(actor, "staff.request.level", Level.PRIMARY) and _active_primaries(actor).count() == 1
    )


def staff_requests_of(actor: Actor) -> QuerySet[StaffRequest]:
    """The actor's own company's requests (vendor staff use `staff_request_queue`)."""
    return (
        StaffRequest.objects.for_actor(actor)
        .filter(organization=actor.organization)
        .select_related("requested_by", "decided_by")
    )


def staff_request_queue(*, actor: Actor, pending: bool = True) -> QuerySet[StaffRequest]:
    """The vendor's queue: pending oldest first, or decided newest first."""
    requests = StaffRequest.objects.for_actor(actor).select_related(
        "organization", "requested_by", "decided_by"
    )
    if pending:
        return requests.filter(status=StaffRequest.Status.PENDING).order_by("created_at", "pk")
    return requests.exclude(status=StaffRequest.Status.PENDING).order_by("-decided_at", "-pk")


def active_staff_count():
    """Active, activated staff of the outer organization (for sorting by it)."""
    staff = (
        Membership.objects.with_status("active")
        .filter(organization=OuterRef("pk"))
        .order_by()
        .values("organization")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(staff, output_field=IntegerField()), 0)


def with_active_staff(*, actor: Actor, organizations) -> list[Organization]:
    """Sets `staff` on each organization: its active, activated staff. Counted once and kept
    in the figures cache until something in the organization changes (a company of 10,000
    people costs its count only then), for the rows a page shows."""

    def count(ids):
        rows = (
            Membership.objects.for_actor(actor)
            .with_status("active")
            .filter(organization__in=ids)
            .order_by()
            .values_list("organization")
            .annotate(n=Count("pk"))
        )
        counted = dict(rows)
        return {pk: counted.get(pk, 0) for pk in ids}

    organizations = list(organizations)
    counts = figures.per_organization("active_staff", organizations, count)
    for organization in organizations:
        organization.staff = counts.get(organization.pk, 0)
    return organizations


def partner_list(*, actor: Actor) -> QuerySet[Organization]:
    """Distributors and resellers the actor may see (their staff: `with_active_staff`)."""
    return (
        organizations_visible_to(actor)
        .filter(kind__in=PARTNER_KINDS)
        .select_related("parent", "details")
    )


def partner_staff(*, actor: Actor, partner: Organization, search: str = "") -> QuerySet[Membership]:
    staff = (
        Membership.objects.for_actor(actor)
        .filter(organization=partner)
        .select_related("user", "organization")
        .order_by("person_name", "user_id")
    )
    search = search.strip()
    if search:
        staff = staff.filter(
            Q(user__full_name__icontains=search) | Q(user__email__icontains=search)
        )
    return staff


def resellers_of(*, actor: Actor, search: str = "") -> QuerySet[Organization]:
    """A distributor's own resellers with their company and billing records (one query), and
    their active staff; searchable by name or tax id, with or without separators."""
    resellers = (
        organizations_visible_to(actor)
        .filter(kind=OrganizationKind.RESELLER, parent=actor.organization)
        .select_related("details", "billing_settings")
    )
    return search_companies(resellers, search)


def search_companies(queryset, search: str):
    search = search.strip()
    if not search:
        return queryset
    compact = "".join(ch for ch in search if ch.isalnum())
    condition = Q(name__icontains=search) | Q(details__tax_id__icontains=search)
    if compact and compact != search:
        condition |= Q(details__tax_id__icontains=compact)
    return queryset.filter(condition)


def partner_children(
    *, actor: Actor, partner: Organization, search: str = ""
) -> QuerySet[Organization]:
    """A distributor's resellers (with staff and billing) or a reseller's customers."""
    children = (
        organizations_visible_to(actor)
        .filter(parent=partner)
        .select_related("details", "billing_settings")
        .order_by("name", "pk")
    )
    return search_companies(children, search)


def company_counts(*, actor: Actor) -> dict:
    """The vendor overview's figures, in one query."""
    return organizations_visible_to(actor).aggregate(
        distributors=Count("pk", filter=Q(kind="distributor")),
        resellers=Count("pk", filter=Q(kind="reseller")),
        customers=Count("pk", filter=Q(kind="customer")),
    )


def active_partner_staff_count(*, actor: Actor) -> int:
    return (
        Membership.objects.for_actor(actor)
        .filter(organization__kind__in=PARTNER_KINDS, is_active=True)
        .count()
    )


def manager_candidates(
    *, actor: Actor, partner: Organization, search: str = ""
) -> QuerySet[Membership]:
    """Who may become the company manager: active, activated employees other than the current
    one (ORG-4), searchable by name or email."""
    candidates = partner_staff(actor=actor, partner=partner).filter(
        is_active=True, is_company_manager=False, person_activated=True
    )
    if search:
        candidates = candidates.filter(
            Q(user__full_name__icontains=search) | Q(user__email__icontains=search)
        )
    return candidates


def invitations_pending_for(*, user) -> QuerySet[MembershipInvitation]:
    """The invitations waiting for this person's answer; a person only ever sees their own."""
    return (
        MembershipInvitation.objects.pending()
        .filter(user=user, organization__is_active=True)
        .select_related("organization", "organization__parent")
    )


def features_switched_off_on(*, actor: Actor, membership: Membership) -> dict[str, object]:
    """When each feature this member lacks was last switched off, read from the audit trail
    (the person's few "employee updated" entries, newest first)."""
    missing = set(Feature.values) - set(membership.features)
    found: dict[str, object] = {}
    events = audit_events_about_member(actor, membership).filter(
        verb=TeamVerb.EMPLOYEE_UPDATED, target_id=str(membership.pk)
    )
    for event in events.select_related(None).only("created_at", "data")[:50]:
        data = event.data or {}
        before = set((data.get("before") or {}).get("features") or [])
        after = set((data.get("after") or {}).get("features") or [])
        for feature in (before - after) & missing:
            found.setdefault(feature, event.created_at)
    return found
