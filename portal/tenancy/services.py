"""Writes to the organization tree and memberships. Each takes the acting member (None only for
system jobs such as demo seeding), checks the policy, runs in a transaction and audits."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.access.policies import default_features, require
from portal.accounts.models import User
from portal.audit.services import audit_record
from portal.core.exceptions import DomainError

from .actor import Actor
from .models import Level, Membership, Organization


def _require(actor: Actor | None, permission: str, obj=None) -> None:
    if actor is not None:  # None: a system job (seeding, migrations), trusted by construction
        require(actor, permission, obj)


@transaction.atomic
def organization_create(
    *, actor: Actor | None, kind: str, name: str, parent: Organization | None, **fields
) -> Organization:
    organization = Organization(kind=kind, name=name, parent=parent, **fields)
    organization.full_clean()
    organization.save()
    audit_record(actor=actor, verb="organization.created", target=organization)
    return organization


@transaction.atomic
def member_add(
    *,
    actor: Actor | None,
    organization: Organization,
    email: str,
    full_name: str,
    role: str,
    password: str | None = None,
    features: list[str] | None = None,
    is_company_manager: bool = False,
    **profile,
) -> Membership:
    """Add a person to an organization, creating their login when the email is new.

    Without a password the person is "not activated" until they follow their activation link.
    """
    _require(actor, "console.employees.add")
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email, password, full_name=full_name, **profile)
    elif Membership.objects.filter(user=user, organization=organization).exists():
        raise DomainError(_("This person is already an employee of this company."), field="email")
    if features is None:
        features = default_features(role) if organization.is_partner else []
    membership = Membership(
        user=user,
        organization=organization,
        role=role,
        features=sorted(features),
        is_company_manager=is_company_manager,
    )
    membership.full_clean()
    membership.save()
    _sync_login(user)  # a person deactivated elsewhere may log in through this new membership
    audit_record(
        actor=actor,
        verb="membership.created",
        target=membership,
        data={"email": email, "role": role},
    )
    return membership


def _sync_login(user: User) -> None:
    """A person may log in while at least one of their memberships is active (ORG-3).

    Losing the last one ends every open session for good: reactivation later does not
    bring an old session back to life.
    """
    should_be_active = user.memberships.filter(is_active=True).exists() or user.is_superuser
    if user.is_active != should_be_active:
        user.is_active = should_be_active
        fields = ["is_active"]
        if not should_be_active:
            user.session_epoch += 1
            fields.append("session_epoch")
        user.save(update_fields=fields)


@transaction.atomic
def membership_deactivate(*, actor: Actor | None, membership: Membership) -> Membership:
    """Deactivate, never delete: login refused and sessions ended at once, history kept."""
    if actor is not None and not actor.is_vendor:
        _require(actor, "employees.manage", membership)
        if membership.pk == actor.membership.pk:
            raise DomainError(_("You cannot deactivate yourself."))
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    if membership.is_company_manager:
        raise DomainError(
            _("The company manager cannot be deactivated; the vendor must move the role first.")
        )
    if not membership.is_active:
        return membership
    membership.is_active = False
    membership.deactivated_at = timezone.now()
    membership.save(update_fields=["is_active", "deactivated_at", "updated_at"])
    _sync_login(membership.user)
    if not membership.user.is_active:
        # A pending activation link must not outlive the access it was meant to open.
        membership.user.activation_tokens.filter(used_at=None, revoked_at=None).update(
            revoked_at=timezone.now()
        )
    audit_record(actor=actor, verb="membership.deactivated", target=membership)
    return membership


@transaction.atomic
def membership_reactivate(*, actor: Actor | None, membership: Membership) -> Membership:
    if actor is not None and not actor.is_vendor:
        _require(actor, "employees.manage", membership)
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    if membership.is_active:
        return membership
    membership.is_active = True
    membership.deactivated_at = None
    membership.save(update_fields=["is_active", "deactivated_at", "updated_at"])
    _sync_login(membership.user)
    audit_record(actor=actor, verb="membership.reactivated", target=membership)
    return membership


@transaction.atomic
def company_manager_transfer(*, actor: Actor | None, to: Membership) -> Membership:
    """ORG-4: only vendor staff move the company manager role, to an active Primary."""
    _require(actor, "console.manager.transfer")
    if actor is not None and not actor.is_vendor:
        raise PermissionDenied("console.manager.transfer")
    # One transfer at a time per company: the organization row is the lock.
    Organization.objects.select_for_update().get(pk=to.organization_id)
    to = Membership.objects.select_for_update().select_related("organization", "user").get(pk=to.pk)
    if not to.organization.is_partner:
        raise DomainError(_("Only partner companies have a company manager."))
    if not to.is_active or not to.user.is_activated:
        raise DomainError(
            _("The new company manager must be an active employee whose account is activated."),
            field="to",
        )
    if to.is_company_manager:
        return to
    previous = (
        Membership.objects.select_for_update()
        .filter(organization=to.organization, is_company_manager=True)
        .first()
    )
    if previous is not None:
        previous.is_company_manager = False
        previous.save(update_fields=["is_company_manager", "updated_at"])
    to.role = Level.PRIMARY  # the role belongs to a Primary / Owner (ORG-4)
    to.is_company_manager = True
    to.full_clean()
    to.save(update_fields=["role", "is_company_manager", "updated_at"])
    audit_record(
        actor=actor,
        verb="company_manager.transferred",
        target=to,
        data={"from": previous.user.email if previous else None, "to": to.user.email},
    )
    return to
