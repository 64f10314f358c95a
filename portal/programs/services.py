"""Writes of the reseller program (PROG-1..5). Each takes the acting member (None for the public
forms and system jobs such as demo seeding), checks the policy, runs in a transaction, locks
what two people can race for, and audits. Emails go through the outbox in the recipient's
language."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.access.policies import require
from portal.accounts.models import User
from portal.audit.services import audit_record
from portal.core.exceptions import DomainError
from portal.core.sequences import sequence_format, sequence_next
from portal.core.validators import tax_id_key
from portal.mail.services import email_queue_template
from portal.orders.services import customer_figures_open
from portal.team import services as team_services
from portal.team.models import CompanyDetails
from portal.tenancy.actor import Actor
from portal.tenancy.models import (
    PARTNER_KINDS,
    Level,
    Membership,
    MembershipInvitation,
    Organization,
    OrganizationKind,
)

from .models import (
    AccountRequest,
    Lead,
    ProgramTerms,
    RegistrationLink,
    ResellerApplication,
    TermsAcceptance,
)
from .verbs import ProgramVerb

COMPANY_FIELDS = (
    "company_name",
    "tax_id",
    "country",
    "address",
    "city",
    "postcode",
    "contact_name",
    "email",
    "phone",
)


def _require(actor: Actor | None, permission: str, *obj) -> None:
    if actor is not None:  # None: a system job (seeding), trusted by construction
        require(actor, permission, *obj)


def _link(name: str, *args) -> str:
    return settings.PORTAL_BASE_URL + reverse(name, args=args)


def _number(prefix: str, name: str) -> str:
    year = timezone.localdate().year
    return sequence_format(prefix, year, sequence_next(name=name, year=year))


def _details_matching(key: str):
    """Company details whose tax id is the company of `key` ("PL:8567346215", "HU:12892312")."""
    country, _sep, number = key.partition(":")
    details = CompanyDetails.objects.filter(country=country)
    if country == "HU":  # the 8-digit core, whether stored alone or as an 11-digit tax number
        return details.filter(tax_id__startswith=number)
    return details.filter(tax_id=number)


# ---------------------------------------------------------------- applications (PROG-1, PROG-2)


def application_taken_message() -> str:
    return _(
        "An application for this tax id has already been received, or the company is already "
        "a partner. If you think this is a mistake, write to the vendor."
    )


def _ensure_may_apply(key: str) -> None:
    if not key:
        return
    taken = (
        ResellerApplication.objects.filter(
            tax_key=key,
            status__in=[ResellerApplication.Status.PENDING, ResellerApplication.Status.ACCEPTED],
        ).exists()
        or _details_matching(key).filter(organization__kind__in=PARTNER_KINDS).exists()
    )
    if taken:
        raise DomainError(application_taken_message(), field="tax_id")


@transaction.atomic
def application_submit(
    *, website: str = "", message: str = "", language: str = "", **company
) -> ResellerApplication:
    """The public form (no login): a company asks to become a reseller, once (PROG-1)."""
    application = ResellerApplication(
        **{name: company[name] for name in COMPANY_FIELDS},
        website=website,
        message=message,
        language=language or translation.get_language() or "en",
        due_date=ResellerApplication.due_from(timezone.localdate()),
        reference="-",  # numbered once valid: a refused form takes no number
    )
    # the "once per company" constraint is checked below with a message of ours
    application.full_clean(exclude=["reference"], validate_constraints=False)
    _ensure_may_apply(application.tax_key)
    application.reference = _number("APP", "reseller_application")
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # the same company in the same instant
        raise DomainError(application_taken_message(), field="tax_id") from None
    audit_record(
        actor=None,
        verb=ProgramVerb.APPLICATION_SUBMITTED,
        target=application,
        data={"email": application.email},
    )
    email_queue_template(
        to=application.email,
        template="programs/email/application_received",
        context={"application": application},
        language=application.language,
    )
    return application


def _lock_pending_application(application: ResellerApplication) -> ResellerApplication:
    locked = ResellerApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status != ResellerApplication.Status.PENDING:
        raise DomainError(_("This application has already been decided."))
    return locked


@transaction.atomic
def application_accept(
    *, actor: Actor, application: ResellerApplication, parent: Organization | None = None
) -> ResellerApplication:
    """PROG-2: the reseller organization is created under the chosen distributor (or the vendor)
    with the applicant as its Primary and company manager, who gets the activation email. An
    applicant whose address already signs in somewhere is invited instead (issue 8): they become
    a Primary on accepting, and vendor staff then name them company manager."""
    require(actor, "console.applications.decide")
    application = _lock_pending_application(application)
    if parent is None:
        parent = Organization.objects.get(kind=OrganizationKind.VENDOR)
    elif parent.kind != OrganizationKind.DISTRIBUTOR or not parent.is_active:
        raise DomainError(_("Choose an active distributor or the vendor."), field="parent")
    reseller = team_services.organization_create(
        actor=actor,
        kind=OrganizationKind.RESELLER,
        name=application.company_name,
        parent=parent,
        tier=Organization.Tier.REGISTERED,
        details={
            "legal_name": application.company_name,
            "tax_id": application.tax_id,
            "country": application.country,
            "address": application.address,
            "city": application.city,
            "postcode": application.postcode,
            "phone": application.phone,
            "email": application.email,
            "website": application.website,
        },
        billing={"billing_email": application.email},
    )
    existing = User.objects.filter(email__iexact=application.email).first()
    if existing is not None and existing.is_activated:
        added = team_services.member_add_or_invite(
            actor=actor,
            organization=reseller,
            email=application.email,
            full_name=application.contact_name,
            role=Level.PRIMARY,
        )
    else:
        added = team_services.member_add(
            actor=actor,
            organization=reseller,
            email=application.email,
            full_name=application.contact_name,
            role=Level.PRIMARY,
            is_company_manager=True,
            language=application.language or "en",
        )
    application.status = ResellerApplication.Status.ACCEPTED
    application.decided_by, application.decided_at = actor.user, timezone.now()
    application.reseller = reseller
    application.full_clean()
    application.save()
    audit_record(
        actor=actor,
        verb=ProgramVerb.APPLICATION_ACCEPTED,
        target=application,
        organization=reseller,
        data={"reseller": reseller.name, "under": parent.name},
    )
    email_queue_template(
        to=application.email,
        template="programs/email/application_accepted",
        context={
            "application": application,
            "invited": isinstance(added, MembershipInvitation),
            "link": _link("invitations"),
        },
        language=application.language,
    )
    if isinstance(added, Membership) and not added.user.is_activated:
        team_services.activation_send(actor=actor, membership=added)
    return application


@transaction.atomic
def application_reject(
    *, actor: Actor, application: ResellerApplication, reason: str
) -> ResellerApplication:
    require(actor, "console.applications.decide")
    if not (reason or "").strip():
        raise DomainError(_("Tell the applicant why."), field="reason")
    application = _lock_pending_application(application)
    application.status = ResellerApplication.Status.REJECTED
    application.decided_by, application.decided_at = actor.user, timezone.now()
    application.rejection_reason = reason.strip()
    application.full_clean()
    application.save()
    audit_record(
        actor=actor,
        verb=ProgramVerb.APPLICATION_REJECTED,
        target=application,
        data={"reason": application.rejection_reason},
    )
    email_queue_template(
        to=application.email,
        template="programs/email/application_rejected",
        context={"application": application},
        language=application.language,
    )
    return application


# ---------------------------------------------------------------- program terms (PROG-3)


@transaction.atomic
def terms_publish(*, actor: Actor | None, text: str) -> ProgramTerms:
    """A new version: every reseller's Primary is asked to accept it before going on."""
    _require(actor, "console.terms.publish")
    if not (text or "").strip():
        raise DomainError(_("Write the terms."), field="text")
    # Versions are numbered under a lock: two publications at once get 1 and 2, not 1 twice.
    number = sequence_next(name="program_terms", year=0)
    terms = ProgramTerms(
        version=number, text=text.strip(), published_by=actor.user if actor else None
    )
    terms.full_clean()
    terms.save()
    audit_record(
        actor=actor,
        verb=ProgramVerb.TERMS_PUBLISHED,
        target=terms,
        organization=actor.organization if actor else None,
        data={"version": terms.version},
    )
    return terms


@transaction.atomic
def terms_accept(*, actor: Actor, terms: ProgramTerms) -> TermsAcceptance:
    """A Primary accepts the current version for the company, from the request's address."""
    require(actor, "programs.terms.accept")
    current = ProgramTerms.objects.order_by("-version").first()
    if current is None or current.pk != terms.pk:
        raise DomainError(_("A newer version of the terms was published: read it first."))
    organization = actor.organization
    existing = TermsAcceptance.objects.filter(organization=organization, terms=terms).first()
    if existing is not None:
        return existing  # a second click, or another Primary a moment earlier
    acceptance = TermsAcceptance(
        organization=organization,
        terms=terms,
        accepted_by=actor.user,
        ip_address=actor.origin.ip_address,
    )
    acceptance.full_clean()
    try:
        with transaction.atomic():
            acceptance.save()
    except IntegrityError:
        return TermsAcceptance.objects.get(organization=organization, terms=terms)
    audit_record(
        actor=actor,
        verb=ProgramVerb.TERMS_ACCEPTED,
        target=acceptance,
        data={"version": terms.version},
    )
    return acceptance


# ---------------------------------------------------------------- registration link (PROG-4)


@transaction.atomic
def registration_link_ensure(
    *, actor: Actor | None, organization: Organization
) -> RegistrationLink:
    """The reseller's link, made on first need (the Leads page, demo seeding)."""
    if actor is not None:
        require(actor, "leads.manage")
        if organization.pk != actor.organization.pk:
            raise DomainError(_("Only a reseller's own link can be shown."))
    if organization.kind != OrganizationKind.RESELLER:
        raise DomainError(_("Only resellers have a client registration link."))
    link = RegistrationLink.objects.filter(organization=organization).first()
    if link is not None:
        return link
    link = RegistrationLink(organization=organization, token=RegistrationLink.new_token())
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError:  # made by a colleague's page a moment earlier
        return RegistrationLink.objects.get(organization=organization)
    audit_record(actor=actor, verb=ProgramVerb.LINK_CREATED, target=link)
    return link


@transaction.atomic
def registration_link_rotate(*, actor: Actor) -> RegistrationLink:
    """A new unguessable URL; the old one answers 404 from now on."""
    require(actor, "leads.link.rotate")
    organization = actor.organization
    registration_link_ensure(actor=actor, organization=organization)
    link = RegistrationLink.objects.select_for_update().get(organization=organization)
    link.token = RegistrationLink.new_token()
    link.rotated_at = timezone.now()
    link.save(update_fields=["token", "rotated_at", "updated_at"])
    audit_record(actor=actor, verb=ProgramVerb.LINK_ROTATED, target=link)
    return link


def registration_link_lookup(token: str) -> RegistrationLink | None:
    """The link of an active reseller for this token; None (a 404) for anything else."""
    if not token or len(token) > 64:
        return None
    return (
        RegistrationLink.objects.select_related("organization")
        .filter(
            token=token,
            organization__is_active=True,
            organization__kind=OrganizationKind.RESELLER,
        )
        .first()
    )


# ---------------------------------------------------------------- leads (PROG-4, PROG-5)


def lead_taken_message() -> str:
    # Says nothing about who registered the client (another reseller, or the vendor's own
    # customer list): that would tell a reseller whose prospect it is.
    return _(
        "This company is already registered with us, so it cannot be registered again. If you "
        "think this is a mistake, write to the vendor."
    )


def _ensure_company_not_registered(key: str, *, exclude_lead: int | None = None) -> None:
    if not key:
        return
    leads = Lead.objects.filter(tax_key=key, status__in=[Lead.Status.LEAD, Lead.Status.CONVERTED])
    if exclude_lead is not None:
        leads = leads.exclude(pk=exclude_lead)
    customers = _details_matching(key).filter(organization__kind=OrganizationKind.CUSTOMER)
    if exclude_lead is not None:
        customers = customers.exclude(organization__converted_from_lead__pk=exclude_lead)
    if leads.exists() or customers.exists():
        raise DomainError(lead_taken_message(), field="tax_id")


def _save_lead(lead: Lead) -> None:
    try:
        with transaction.atomic():
            lead.save()
    except IntegrityError:  # the same company registered in the same instant elsewhere
        raise DomainError(lead_taken_message(), field="tax_id") from None


def _reseller_primaries(organization: Organization) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(
            organization=organization, role=Level.PRIMARY, is_active=True
        ).select_related("user")
    ]


def _new_lead(*, organization, source, created_by, company) -> Lead:
    lead = Lead(
        organization=organization,
        source=source,
        created_by=created_by,
        reference="-",
        **{name: company[name] for name in COMPANY_FIELDS},
    )
    lead.full_clean(exclude=["reference"], validate_constraints=False)
    _ensure_company_not_registered(lead.tax_key)
    lead.reference = _number("LEAD", "lead")
    _save_lead(lead)
    return lead


@transaction.atomic
def lead_register_public(*, link: RegistrationLink, **company) -> Lead:
    """A client fills the reseller's public form: a lead of that reseller; the reseller's
    Primaries are told by email."""
    reseller = Organization.objects.get(pk=link.organization_id)
    if not reseller.is_active:
        raise DomainError(_("This registration link no longer works."))
    lead = _new_lead(
        organization=reseller, source=Lead.Source.LINK, created_by=None, company=company
    )
    audit_record(
        actor=None,
        verb=ProgramVerb.LEAD_REGISTERED,
        target=lead,
        data={"through": "registration link"},
    )
    for person in _reseller_primaries(reseller):
        email_queue_template(
            to=person.email,
            template="programs/email/lead_registered",
            context={"lead": lead, "person": person, "link": _link("programs:lead", lead.pk)},
            language=person.language,
        )
    return lead


@transaction.atomic
def lead_create(*, actor: Actor, **company) -> Lead:
    """A lead added from inside the portal."""
    require(actor, "leads.manage")
    lead = _new_lead(
        organization=actor.organization,
        source=Lead.Source.PORTAL,
        created_by=actor.user,
        company=company,
    )
    audit_record(actor=actor, verb=ProgramVerb.LEAD_REGISTERED, target=lead)
    return lead


def _lock_lead(lead: Lead) -> Lead:
    return (
        Lead.objects.select_for_update(of=("self",)).select_related("organization").get(pk=lead.pk)
    )


@transaction.atomic
def lead_update(*, actor: Actor, lead: Lead, **values) -> Lead:
    """The reseller corrects a lead until it is converted (PROG-5)."""
    require(actor, "leads.manage")
    lead = _lock_lead(lead)
    require(actor, "leads.edit", lead)  # decided leads are read-only, also for a forged POST
    changed = sorted(
        name
        for name in Lead.EDITABLE_FIELDS
        if name in values and str(getattr(lead, name) or "") != str(values[name] or "")
    )
    for name in changed:
        setattr(lead, name, values[name])
    lead.full_clean(validate_constraints=False)
    if "tax_id" in changed or "country" in changed:
        _ensure_company_not_registered(lead.tax_key, exclude_lead=lead.pk)
    if changed:
        _save_lead(lead)
        audit_record(
            actor=actor, verb=ProgramVerb.LEAD_UPDATED, target=lead, data={"changed": changed}
        )
    return lead


def _lock_open_lead(lead: Lead) -> Lead:
    locked = _lock_lead(lead)
    if locked.status != Lead.Status.LEAD:
        raise DomainError(_("This lead has already been converted or rejected."))
    return locked


def _tell_reseller_about(lead: Lead) -> None:
    for person in _reseller_primaries(lead.organization):
        email_queue_template(
            to=person.email,
            template="programs/email/lead_decided",
            context={"lead": lead, "person": person, "link": _link("programs:lead", lead.pk)},
            language=person.language,
        )


@transaction.atomic
def lead_convert(*, actor: Actor, lead: Lead) -> Organization:
    """PROG-5: the lead becomes a customer account of its reseller, exactly once: the lead's row
    lock makes a second conversion at the same moment wait and then find it converted."""
    require(actor, "console.leads.convert")
    lead = _lock_open_lead(lead)
    if not lead.organization.is_active:
        raise DomainError(_("The lead's reseller is inactive: reactivate it first."))
    customer = team_services.organization_create(
        actor=actor,
        kind=OrganizationKind.CUSTOMER,
        name=lead.company_name,
        parent=lead.organization,
        details={
            "legal_name": lead.company_name,
            "tax_id": lead.tax_id,
            "country": lead.country,
            "address": lead.address,
            "city": lead.city,
            "postcode": lead.postcode,
            "phone": lead.phone,
            "email": lead.email,
        },
    )
    customer_figures_open(customer=customer)
    lead.status = Lead.Status.CONVERTED
    lead.customer = customer
    lead.decided_by, lead.decided_at = actor.user, timezone.now()
    lead.full_clean()
    lead.save()
    audit_record(
        actor=actor,
        verb=ProgramVerb.LEAD_CONVERTED,
        target=lead,
        data={"account": customer.name},
    )
    _tell_reseller_about(lead)
    return customer


@transaction.atomic
def lead_reject(*, actor: Actor, lead: Lead, reason: str) -> Lead:
    require(actor, "console.leads.convert")
    if not (reason or "").strip():
        raise DomainError(_("Tell the reseller why."), field="reason")
    lead = _lock_open_lead(lead)
    lead.status = Lead.Status.REJECTED
    lead.rejection_reason = reason.strip()
    lead.decided_by, lead.decided_at = actor.user, timezone.now()
    lead.full_clean()
    lead.save()
    audit_record(
        actor=actor,
        verb=ProgramVerb.LEAD_REJECTED,
        target=lead,
        data={"reason": lead.rejection_reason},
    )
    _tell_reseller_about(lead)
    return lead


# ---------------------------------------------------------------- change and service requests


def _normalized_changes(customer: Organization, changes: dict) -> dict:
    """Only fields that exist and differ from the account's current data; values as strings."""
    details = CompanyDetails.objects.filter(organization=customer).first()
    current = {"name": customer.name}
    for name in AccountRequest.CHANGEABLE_FIELDS:
        if name != "name":
            current[name] = getattr(details, name, "") if details else ""
    result = {}
    for name, value in (changes or {}).items():
        if name not in AccountRequest.CHANGEABLE_FIELDS:
            raise DomainError(_("This field cannot be changed by a request."))
        value = "" if value is None else str(value).strip()
        if value and value != str(current.get(name) or ""):
            result[name] = value
    return result


@transaction.atomic
def account_request_file(
    *, actor: Actor, lead: Lead, kind: str, changes: dict | None = None, description: str = ""
) -> AccountRequest:
    """PROG-5: instead of an email, the reseller asks the vendor to change a converted account's
    data (a change request) or for more services (a service request)."""
    require(actor, "leads.manage")
    require(actor, "leads.request", lead)
    description = (description or "").strip()
    if kind == AccountRequest.Kind.CHANGE:
        changes = _normalized_changes(lead.customer, changes or {})
        if not changes:
            raise DomainError(_("Type at least one new value."))
    else:
        changes = {}
        if not description:
            raise DomainError(_("Describe the services you need."), field="description")
    request = AccountRequest(
        organization=lead.organization,
        lead=lead,
        kind=kind,
        changes=changes,
        description=description,
        filed_by=actor.user,
        reference=_number("REQ", "account_request"),
    )
    request.full_clean()
    request.save()
    audit_record(
        actor=actor,
        verb=ProgramVerb.REQUEST_FILED,
        target=request,
        data={"kind": kind, "fields": sorted(changes)},
    )
    return request


def _lock_pending_request(request: AccountRequest) -> AccountRequest:
    locked = (
        AccountRequest.objects.select_for_update(of=("self",))
        .select_related("lead", "lead__customer", "organization", "filed_by")
        .get(pk=request.pk)
    )
    if locked.status != AccountRequest.Status.PENDING:
        raise DomainError(_("This request has already been decided."))
    return locked


def _apply_changes(customer: Organization, changes: dict) -> None:
    """The account's own records are written here, under a lock and through full_clean, because
    the team area's company service edits only the actor's own company."""
    customer = Organization.objects.select_for_update().get(pk=customer.pk)
    details, _created = CompanyDetails.objects.select_for_update().get_or_create(
        organization=customer
    )
    if "name" in changes:
        customer.name = changes["name"]
        customer.full_clean()
        customer.save(update_fields=["name", "updated_at"])
    for name, value in changes.items():
        if name != "name":
            setattr(details, name, value)
    details.full_clean()
    if "tax_id" in changes or "country" in changes:
        key = tax_id_key(str(details.country or ""), details.tax_id)
        lead = getattr(customer, "converted_from_lead", None)
        _ensure_company_not_registered(key, exclude_lead=lead.pk if lead else None)
        if lead is not None:  # the lead keeps the company's key, so it stays registered once
            lead.tax_id, lead.country = details.tax_id, details.country
            lead.full_clean(validate_constraints=False)
            _save_lead(lead)
    details.save()


@transaction.atomic
def account_request_apply(*, actor: Actor, request: AccountRequest) -> AccountRequest:
    require(actor, "console.account_requests.decide")
    request = _lock_pending_request(request)
    if request.kind == AccountRequest.Kind.CHANGE:
        _apply_changes(request.lead.customer, request.changes)
    request.status = AccountRequest.Status.APPLIED
    request.decided_by, request.decided_at = actor.user, timezone.now()
    request.full_clean()
    request.save()
    audit_record(
        actor=actor,
        verb=ProgramVerb.REQUEST_APPLIED,
        target=request,
        data={"kind": request.kind, "fields": sorted(request.changes)},
    )
    _tell_filer(request)
    return request


@transaction.atomic
def account_request_decline(
    *, actor: Actor, request: AccountRequest, reason: str
) -> AccountRequest:
    require(actor, "console.account_requests.decide")
    if not (reason or "").strip():
        raise DomainError(_("Tell the reseller why."), field="reason")
    request = _lock_pending_request(request)
    request.status = AccountRequest.Status.DECLINED
    request.decline_reason = reason.strip()
    request.decided_by, request.decided_at = actor.user, timezone.now()
    request.full_clean()
    request.save()
    audit_record(
        actor=actor,
        verb=ProgramVerb.REQUEST_DECLINED,
        target=request,
        data={"reason": request.decline_reason},
    )
    _tell_filer(request)
    return request


def _tell_filer(request: AccountRequest) -> None:
    person = request.filed_by
    email_queue_template(
        to=person.email,
        template="programs/email/request_decided",
        context={
            "request": request,
            "person": person,
            "link": _link("programs:lead", request.lead_id),
        },
        language=person.language,
    )
