"""Writes of My Customers: new customers and their records (CUST-3, CUST-4) and the storefront
user lifecycle (CUST-6). Each takes the acting member, checks the policy, runs in a transaction
and audits; organizations and memberships are made by the team area's services.

The team services guard themselves with the vendor's and the employee rules
("console.organizations.create", "employees.manage"), which a reseller does not have for its
customers: they are called as trusted system calls (actor=None) *after* this module's own
`require`, and this module writes the audit entry with the real actor.
"""

from datetime import timedelta

from allauth.account.adapter import get_adapter
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.access.policies import require
from portal.accounts.models import User
from portal.audit.services import audit_record
from portal.core.exceptions import DomainError
from portal.mail.services import email_queue_template
from portal.orders.services import customer_figures_open, customer_totals_add
from portal.team import services as team_services
from portal.team.models import ActivationToken, CompanyDetails
from portal.tenancy.actor import Actor
from portal.tenancy.models import (
    CustomerRole,
    Membership,
    MembershipInvitation,
    Organization,
    OrganizationKind,
)

from .selectors import storefront_email_taken
from .verbs import CustomerVerb

DETAIL_FIELDS = ("email", "address", "city", "country", "state", "postcode", "phone")


def _lock_customer(actor: Actor, customer: Organization) -> Organization:
    require(actor, "customers.record.manage", customer)
    return (
        # only the customer's row is locked (the parent is on the nullable side of the join),
        # and not against the key-share locks of PostgreSQL's deferred foreign-key checks: a
        # concurrent order or subscription change of this customer, holding its reseller's
        # totals, checks its rows' keys against this one when it commits (FOR UPDATE would
        # have them wait for each other)
        Organization.objects.select_for_update(of=("self",), no_key=True)
        .select_related("parent")
        .get(pk=customer.pk, kind=OrganizationKind.CUSTOMER)
    )


def _reseller_audit(*, actor: Actor, verb: str, target, customer: Organization, data=None):
    """Entries about a customer belong to its reseller's trail (the reseller reads them on the
    record); `on_behalf_of` marks vendor staff acting there."""
    return audit_record(
        actor=actor, verb=verb, target=target, organization=customer.parent, data=data
    )


# ---------------------------------------------------------------- customers (CUST-3, CUST-4)


@transaction.atomic
def customer_create(
    *,
    actor: Actor,
    name: str,
    email: str,
    address: str,
    city: str,
    country: str,
    state: str,
    postcode: str,
    phone,
) -> Organization:
    """A new customer of the actor's reseller, with its details and its customers record."""
    require(actor, "customers.manage")
    reseller = actor.organization
    customer = team_services.organization_create(
        actor=None,  # guarded above: the team service's own rule is the vendor's
        kind=OrganizationKind.CUSTOMER,
        name=name.strip(),
        parent=reseller,
        details={
            "email": email,
            "address": address,
            "city": city,
            "country": country,
            "state": state,
            "postcode": postcode,
            "phone": phone,
        },
    )
    customer_figures_open(customer=customer)
    _reseller_audit(
        actor=actor,
        verb=CustomerVerb.CUSTOMER_CREATED,
        target=customer,
        customer=customer,
        data={"name": customer.name},
    )
    return customer


@transaction.atomic
def customer_update(*, actor: Actor, customer: Organization, **values) -> Organization:
    """The record's details, saved with Update (CUST-4); a save that changes nothing writes no
    entry."""
    customer = _lock_customer(actor, customer)
    details, _created = CompanyDetails.objects.select_for_update().get_or_create(
        organization=customer
    )
    changed = []
    if "name" in values and values["name"].strip() != customer.name:
        customer.name = values["name"].strip()
        customer.full_clean()
        customer.save(update_fields=["name", "updated_at"])
        changed.append("name")
    for field in DETAIL_FIELDS:
        if field in values and getattr(details, field) != values[field]:
            setattr(details, field, values[field])
            changed.append(field)
    details.full_clean()
    if changed:
        details.save()
        _reseller_audit(
            actor=actor,
            verb=CustomerVerb.CUSTOMER_UPDATED,
            target=customer,
            customer=customer,
            data={"changed": sorted(changed)},
        )
    return customer


@transaction.atomic
def customer_set_active(*, actor: Actor, customer: Organization, active: bool) -> Organization:
    """Mark a customer active or inactive (the grid's filter); its storefront users keep their
    own status."""
    customer = _lock_customer(actor, customer)
    if customer.is_active == active:
        return customer
    customer.is_active = active
    customer.save(update_fields=["is_active", "updated_at"])
    customer_totals_add(reseller_id=customer.parent_id, active=1 if active else -1)
    verb = CustomerVerb.CUSTOMER_REACTIVATED if active else CustomerVerb.CUSTOMER_DEACTIVATED
    _reseller_audit(actor=actor, verb=verb, target=customer, customer=customer)
    return customer


def customers_exported(*, actor: Actor, rows_format: str, filters: dict) -> None:
    """An export is a read, but the whole list leaving the portal is worth a line in the trail."""
    require(actor, "customers.export")
    audit_record(
        actor=actor,
        verb=CustomerVerb.CUSTOMERS_EXPORTED,
        organization=actor.organization,
        data={"format": rows_format, "filters": filters},
    )


# ---------------------------------------------------------------- storefront users (CUST-6)


def _storefront_membership(actor: Actor, membership: Membership) -> Membership:
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("user", "organization", "organization__parent")
        .get(pk=membership.pk)
    )
    if membership.organization.kind != OrganizationKind.CUSTOMER:
        raise PermissionDenied("not a storefront user")
    require(actor, "customers.record.manage", membership.organization)
    return membership


@transaction.atomic
def storefront_user_add(
    *,
    actor: Actor,
    customer: Organization,
    first_name: str,
    last_name: str,
    email: str,
    language: str,
    date_format: str,
    role: str = CustomerRole.USER,
) -> Membership | MembershipInvitation:
    """A new storefront user gets a login and a welcome email with an activation link.

    An email is one storefront user per reseller's storefront: the same address at another
    customer of the same reseller is refused with a clear message. An address that already signs
    in elsewhere (another reseller's storefront, a partner employee) is never attached silently
    (issue 8): the person gets an invitation to accept while signed in.
    """
    customer = _lock_customer(actor, customer)
    # Adds for the whole reseller's storefront take turns: two people adding one address to two
    # customers at the same moment get the duplicate message, not a database error.
    Organization.objects.select_for_update().filter(pk=customer.parent_id).exists()
    email = User.objects.normalize_email(email.strip()).lower()
    taken_at = storefront_email_taken(reseller=customer.parent, email=email)
    if taken_at is not None:
        if taken_at.pk == customer.pk:
            message = _("This person is already a storefront user of this customer.")
        else:
            message = _(
                "This email already signs in to this storefront as a user of another "
                "customer (%(customer)s). Use another address."
            ) % {"customer": taken_at.name}
        raise DomainError(message, field="email")
    full_name = f"{first_name.strip()} {last_name.strip()}"
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None and existing.is_activated:
        invitation = team_services._invite(  # noqa: SLF001 - the team's one invitation path
            actor=actor, organization=customer, user=existing, role=role
        )
        _reseller_audit(
            actor=actor,
            verb=CustomerVerb.STOREFRONT_USER_INVITED,
            target=customer,
            customer=customer,
            data={"email": email, "role": role},
        )
        return invitation
    membership = team_services.member_add(
        actor=None,  # guarded above (customers.record.manage)
        organization=customer,
        email=email,
        full_name=full_name,
        role=role,
        language=language,
        date_format=date_format,
    )
    _reseller_audit(
        actor=actor,
        verb=CustomerVerb.STOREFRONT_USER_ADDED,
        target=membership,
        customer=customer,
        data={"email": email, "role": role},
    )
    _activation_send(actor=actor, membership=membership, welcome=True)
    return membership


def _activation_send(*, actor: Actor, membership: Membership, welcome: bool) -> ActivationToken:
    """A fresh single-use link in a storefront email; every earlier link stops working.

    The same token as the team's activation (same page, same rules: 72 hours, only the hash
    stored), but the email speaks of the reseller's storefront rather than of an employee
    account, which the team's template does.
    """
    user = User.objects.select_for_update().get(pk=membership.user_id)
    if user.is_activated:
        raise DomainError(_("This person has already activated their account."))
    now = timezone.now()
    ActivationToken.objects.filter(user=user, used_at=None, revoked_at=None).update(revoked_at=now)
    raw = ActivationToken.new_raw()
    token = ActivationToken.objects.create(
        user=user,
        token_hash=ActivationToken.hash(raw),
        created_at=now,
        expires_at=now + timedelta(hours=settings.PORTAL_ACTIVATION_HOURS),
    )
    customer = membership.organization
    email_queue_template(
        to=user.email,
        template="customers/email/storefront_welcome"
        if welcome
        else "customers/email/storefront_activation",
        context={
            "user": user,
            "customer": customer,
            "reseller": customer.parent,
            "link": settings.PORTAL_BASE_URL + reverse("activate", args=[raw]),
            "hours": settings.PORTAL_ACTIVATION_HOURS,
        },
        language=user.language,
        sensitive=True,
    )
    _reseller_audit(
        actor=actor,
        verb=CustomerVerb.STOREFRONT_ACTIVATION_SENT,
        target=membership,
        customer=customer,
        data={"email": user.email},
    )
    return token


@transaction.atomic
def storefront_user_resend_activation(*, actor: Actor, membership: Membership) -> ActivationToken:
    """Not yet activated users only: a new link, the old one stops working."""
    membership = _storefront_membership(actor, membership)
    if not membership.is_active:
        raise DomainError(_("Activate the user first."))
    return _activation_send(actor=actor, membership=membership, welcome=False)


@transaction.atomic
def storefront_user_password_reset(*, actor: Actor, membership: Membership) -> None:
    """Activated users only: an email with a link to set a new password (allauth's reset page;
    the current password keeps working until the new one is set)."""
    membership = _storefront_membership(actor, membership)
    user = membership.user
    if not user.is_activated:
        raise DomainError(_("This person has not activated their account yet: resend the link."))
    if not membership.is_active:
        raise DomainError(_("Activate the user first."))
    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    email_queue_template(
        to=user.email,
        template="customers/email/storefront_password_reset",
        context={
            "user": user,
            "customer": membership.organization,
            "reseller": membership.organization.parent,
            "link": get_adapter().get_reset_password_from_key_url(key),
        },
        language=user.language,
        sensitive=True,
    )
    _reseller_audit(
        actor=actor,
        verb=CustomerVerb.STOREFRONT_PASSWORD_RESET_SENT,
        target=membership,
        customer=membership.organization,
        data={"email": user.email},
    )


@transaction.atomic
def storefront_user_set_active(*, actor: Actor, membership: Membership, active: bool) -> Membership:
    """Deactivate (login refused, sessions ended, pending links dead) or activate again."""
    membership = _storefront_membership(actor, membership)
    if membership.is_active == active:
        return membership
    service = team_services.membership_reactivate if active else team_services.membership_deactivate
    membership = service(actor=None, membership=membership)  # guarded above
    verb = (
        CustomerVerb.STOREFRONT_USER_ACTIVATED
        if active
        else CustomerVerb.STOREFRONT_USER_DEACTIVATED
    )
    _reseller_audit(
        actor=actor,
        verb=verb,
        target=membership,
        customer=membership.organization,
        data={"email": membership.user.email},
    )
    return membership
