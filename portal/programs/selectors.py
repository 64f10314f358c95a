"""Reads of the reseller program, each starting from the actor's scope."""

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q, QuerySet

from portal.audit.models import AuditEvent
from portal.tenancy.actor import Actor
from portal.tenancy.models import Organization, OrganizationKind

from .models import (
    AccountRequest,
    Lead,
    ProgramTerms,
    RegistrationLink,
    ResellerApplication,
    TermsAcceptance,
)


def application_queue(*, actor: Actor, pending: bool = True) -> QuerySet[ResellerApplication]:
    """Vendor staff's queue: pending oldest first (PROG-2), or decided newest first."""
    applications = ResellerApplication.objects.for_actor(actor).select_related(
        "decided_by", "reseller"
    )
    if pending:
        return applications.filter(status=ResellerApplication.Status.PENDING).order_by(
            "created_at", "pk"
        )
    return applications.exclude(status=ResellerApplication.Status.PENDING).order_by(
        "-decided_at", "-pk"
    )


def application_list(*, actor: Actor) -> QuerySet[ResellerApplication]:
    """Every application, for the console's filtered list (the filter opens on pending)."""
    return ResellerApplication.objects.for_actor(actor).select_related("decided_by", "reseller")


def distributors_for_acceptance(*, actor: Actor) -> QuerySet[Organization]:
    """Where an accepted reseller may be placed (or directly under the vendor)."""
    return (
        Organization.objects.for_actor(actor)
        .filter(kind=OrganizationKind.DISTRIBUTOR, is_active=True)
        .order_by("name", "pk")
    )


def current_terms() -> ProgramTerms | None:
    return ProgramTerms.objects.order_by("-version").first()


def terms_waiting_for(organization: Organization) -> ProgramTerms | None:
    """The current terms when this reseller has not accepted them yet, in one query (the gate
    asks on every page of a reseller's members); None when accepted or none published."""
    current = _current_terms_with_acceptance(organization)
    if current is None or current.accepted:
        return None
    return current


def _current_terms_with_acceptance(organization: Organization) -> ProgramTerms | None:
    return (
        ProgramTerms.objects.order_by("-version")
        .annotate(
            accepted=Exists(
                TermsAcceptance.objects.filter(organization=organization, terms=OuterRef("pk"))
            )
        )
        .only("pk", "version", "published_at")
        .first()
    )


# The gate's "yes" is kept in the shared cache: the current version (set by every publication,
# see programs.signals) and, per reseller, the version it accepted. A reseller's members then
# pass the gate without a query; any doubt (a key missing, a newer version) asks the database.
TERMS_CURRENT_KEY = "programs:terms:current"
TERMS_CACHE_SECONDS = 10 * 60


def terms_accepted_key(organization_id: int) -> str:
    return f"programs:terms:accepted:{organization_id}"


def terms_gate_open(organization: Organization) -> bool:
    """Whether this reseller's members may go past the terms gate: no terms published, or the
    current version accepted. Asked on every page of a reseller's members (PROG-3)."""
    accepted_key = terms_accepted_key(organization.pk)
    found = cache.get_many([TERMS_CURRENT_KEY, accepted_key])
    current = found.get(TERMS_CURRENT_KEY)
    if current is not None and found.get(accepted_key) == current:
        return True
    terms = _current_terms_with_acceptance(organization)
    if terms is not None and not terms.accepted:
        return False
    version = terms.version if terms is not None else 0
    # add(): a publication that lands meanwhile has set the key to its newer version, and an
    # older answer must not replace it (the accepted key below then never matches it).
    cache.add(TERMS_CURRENT_KEY, version, timeout=TERMS_CACHE_SECONDS)
    cache.set(accepted_key, version, timeout=TERMS_CACHE_SECONDS)
    return True


def terms_list(*, actor: Actor) -> QuerySet[ProgramTerms]:
    return ProgramTerms.objects.select_related("published_by").order_by("-version")


def acceptance_list(*, actor: Actor) -> QuerySet[TermsAcceptance]:
    """Who accepted which version, when and from where (the vendor's view of PROG-3)."""
    return TermsAcceptance.objects.for_actor(actor).select_related(
        "organization", "terms", "accepted_by"
    )


def own_acceptances(*, actor: Actor) -> QuerySet[TermsAcceptance]:
    return acceptance_list(actor=actor).filter(organization=actor.organization)


def registration_link_of(*, actor: Actor) -> RegistrationLink | None:
    return RegistrationLink.objects.for_actor(actor).filter(organization=actor.organization).first()


def lead_list(*, actor: Actor) -> QuerySet[Lead]:
    """A reseller's own leads (vendor staff: every lead, with its reseller)."""
    leads = Lead.objects.for_actor(actor).select_related("customer", "organization")
    if not actor.is_vendor:
        leads = leads.filter(organization=actor.organization)
    return leads


def lead_queue(*, actor: Actor) -> QuerySet[Lead]:
    """The vendor's conversion queue."""
    return Lead.objects.for_actor(actor).select_related("organization", "customer", "decided_by")


def requests_of_lead(*, actor: Actor, lead: Lead) -> QuerySet[AccountRequest]:
    return (
        AccountRequest.objects.for_actor(actor)
        .filter(lead=lead)
        .select_related("filed_by", "decided_by")
        .order_by("-created_at", "-pk")
    )


def request_queue(*, actor: Actor) -> QuerySet[AccountRequest]:
    return AccountRequest.objects.for_actor(actor).select_related(
        "organization", "lead", "lead__customer", "filed_by", "decided_by"
    )


def history_of(*, actor: Actor, record, extra=()) -> QuerySet[AuditEvent]:
    """The audit events about a record (and `extra` records), as the actor may read them: a
    reseller sees the events of its own records, vendor staff every event."""
    condition = Q(target_type=record._meta.label_lower, target_id=str(record.pk))
    for other in extra:
        condition |= Q(target_type=other._meta.label_lower, target_id=str(other.pk))
    return (
        AuditEvent.objects.for_actor(actor)
        .filter(condition)
        .select_related("actor", "on_behalf_of")
        .order_by("-created_at", "-id")
    )
