"""Team and company writes: organizations and memberships, staff requests, activation, employee
edits, the company page. Each takes the acting member (None only for system jobs such as demo
seeding), checks the policy, runs in a transaction and audits."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.access import figures
from portal.access.policies import Feature, allowed_features, default_features, require
from portal.accounts.models import User
from portal.accounts.services import login_email_mark_verified
from portal.audit.services import audit_record
from portal.core.exceptions import DomainError
from portal.core.sequences import sequence_format, sequence_next
from portal.mail.services import email_queue_template
from portal.tenancy.actor import Actor, actor_for
from portal.tenancy.models import (
    PARTNER_KINDS,
    Level,
    Membership,
    MembershipInvitation,
    Organization,
)

from .models import (
    STAFF_REQUEST_BUSINESS_DAYS,
    ActivationToken,
    BillingSettings,
    CompanyDetails,
    StaffRequest,
    add_business_days,
)
from .verbs import TeamVerb

# ---------------------------------------------------------------- organizations and members


def _require(actor: Actor | None, permission: str, *obj) -> None:
    if actor is not None:  # None: a system job (seeding, migrations), trusted by construction
        require(actor, permission, *obj)


@transaction.atomic
def organization_create(
    *,
    actor: Actor | None,
    kind: str,
    name: str,
    parent: Organization | None,
    tier: str = "",
    details: dict | None = None,
    billing: dict | None = None,
) -> Organization:
    """A new organization in the tree, with its company details and billing settings."""
    _require(actor, "console.organizations.create")
    organization = Organization(kind=kind, name=name, parent=parent, tier=tier)
    organization.full_clean()
    organization.save()
    organization.assign_path()
    company = CompanyDetails(organization=organization, **(details or {}))
    company.full_clean()
    company.save()
    billing_settings = BillingSettings(organization=organization, **(billing or {}))
    billing_settings.full_clean()
    billing_settings.save()
    audit_record(actor=actor, verb=TeamVerb.ORGANIZATION_CREATED, target=organization)
    return organization


# A new person's language follows their company's country; they change it on My profile.
LANGUAGE_OF_COUNTRY = {"PL": "pl", "HU": "hu"}


def _language_of(organization: Organization) -> str:
    details = CompanyDetails.objects.filter(organization=organization).only("country").first()
    country = str(details.country) if details is not None and details.country else ""
    return LANGUAGE_OF_COUNTRY.get(country, "en")


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
    A login someone already signs in with is never given a membership here by a person acting
    (issue 8): `member_add_or_invite` invites them instead. Only system jobs (seeding) may.
    """
    _require(actor, "console.employees.add")
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        profile.setdefault("language", _language_of(organization))
        user = User.objects.create_user(email, password, full_name=full_name, **profile)
    elif Membership.objects.filter(user=user, organization=organization).exists():
        raise DomainError(_("This person is already an employee of this company."), field="email")
    elif actor is not None and user.is_activated:
        raise DomainError(_("This person already has a login: invite them."), field="email")
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
        verb=TeamVerb.MEMBERSHIP_CREATED,
        target=membership,
        data={"email": email, "role": role},
    )
    return membership


def member_add_or_invite(
    *,
    actor: Actor,
    organization: Organization,
    email: str,
    full_name: str,
    role: str,
) -> Membership | MembershipInvitation:
    """A new person gets a login and a membership (their activation link proves the address); a
    login that someone already signs in with gets an invitation to accept (issue 8, High 1).

    A login that was never activated has never been used: whoever activates it proves the address,
    so the membership is attached to it as for a new person.
    """
    require(actor, "console.employees.add")
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None or not user.is_activated:
        return member_add(
            actor=actor, organization=organization, email=email, full_name=full_name, role=role
        )
    return _invite(actor=actor, organization=organization, user=user, role=role)


def _invite(
    *, actor: Actor, organization: Organization, user: User, role: str
) -> MembershipInvitation:
    if Membership.objects.filter(user=user, organization=organization).exists():
        raise DomainError(_("This person is already an employee of this company."), field="email")
    if MembershipInvitation.objects.pending().filter(user=user, organization=organization).exists():
        raise DomainError(_("This person has already been invited."), field="email")
    invitation = MembershipInvitation(
        user=user,
        organization=organization,
        role=role,
        features=sorted(default_features(role) if organization.is_partner else []),
        invited_by=actor.user,
    )
    # the same rules as for the membership it will become
    Membership(user=user, organization=organization, role=role).full_clean(
        exclude=["user", "organization"]
    )
    invitation.full_clean()
    invitation.save()
    _sync_login(user)  # a person deactivated elsewhere may sign in to answer
    email_queue_template(
        to=user.email,
        template="team/email/invitation",
        context={
            "user": user,
            "organization": organization,
            "inviter": actor.organization,
            "level": invitation.get_role_display(),
            "link": settings.PORTAL_BASE_URL + reverse("invitations"),
        },
        language=user.language,
    )
    audit_record(
        actor=actor,
        verb=TeamVerb.INVITATION_SENT,
        target=invitation,
        data={"email": user.email, "role": role},
    )
    return invitation


def _lock_invitation(user: User, invitation_id: int) -> MembershipInvitation:
    invitation = (
        MembershipInvitation.objects.select_for_update()
        .select_related("organization")
        .filter(pk=invitation_id, user=user)
        .first()
    )
    if invitation is None or invitation.status != MembershipInvitation.Status.PENDING:
        raise DomainError(_("This invitation has already been answered or withdrawn."))
    return invitation


@transaction.atomic
def invitation_accept(*, user: User, invitation_id: int) -> Membership:
    """The invited person, signed in, accepts: only now does the membership exist."""
    invitation = _lock_invitation(user, invitation_id)
    if Membership.objects.filter(user=user, organization=invitation.organization).exists():
        raise DomainError(_("You are already a member of this organization."))
    membership = Membership(
        user=user,
        organization=invitation.organization,
        role=invitation.role,
        features=list(invitation.features),
    )
    membership.full_clean()
    membership.save()
    invitation.status = MembershipInvitation.Status.ACCEPTED
    invitation.decided_at = timezone.now()
    invitation.membership = membership
    invitation.save(update_fields=["status", "decided_at", "membership", "updated_at"])
    StaffRequest.objects.filter(invitation=invitation).update(membership=membership)
    _sync_login(user)
    actor = actor_for(membership)
    audit_record(actor=actor, verb=TeamVerb.INVITATION_ACCEPTED, target=invitation)
    audit_record(
        actor=actor,
        verb=TeamVerb.MEMBERSHIP_CREATED,
        target=membership,
        data={"email": user.email, "role": membership.role, "through": "invitation"},
    )
    return membership


@transaction.atomic
def invitation_decline(*, user: User, invitation_id: int) -> MembershipInvitation:
    invitation = _lock_invitation(user, invitation_id)
    invitation.status = MembershipInvitation.Status.DECLINED
    invitation.decided_at = timezone.now()
    invitation.save(update_fields=["status", "decided_at", "updated_at"])
    _sync_login(user)
    audit_record(
        actor=None,
        verb=TeamVerb.INVITATION_DECLINED,
        target=invitation,
        data={"email": user.email},
    )
    return invitation


def _sync_login(user: User) -> None:
    """A person may log in while at least one of their memberships is active (ORG-3), or while an
    invitation waits for their answer (they sign in to give it).

    Losing the last one ends every open session for good: reactivation later does not
    bring an old session back to life.
    """
    should_be_active = (
        user.memberships.filter(is_active=True).exists()
        or MembershipInvitation.objects.pending().filter(user=user).exists()
        or user.is_superuser
    )
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
    _require(actor, "employees.manage", membership)
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
    audit_record(actor=actor, verb=TeamVerb.MEMBERSHIP_DEACTIVATED, target=membership)
    return membership


@transaction.atomic
def membership_reactivate(*, actor: Actor | None, membership: Membership) -> Membership:
    _require(actor, "employees.manage", membership)
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    if membership.is_active:
        return membership
    membership.is_active = True
    membership.deactivated_at = None
    membership.save(update_fields=["is_active", "deactivated_at", "updated_at"])
    _sync_login(membership.user)
    audit_record(actor=actor, verb=TeamVerb.MEMBERSHIP_REACTIVATED, target=membership)
    return membership


@transaction.atomic
def company_manager_transfer(*, actor: Actor | None, to: Membership) -> Membership:
    """ORG-4: only vendor staff move the company manager role, to an active Primary."""
    _require(actor, "console.manager.transfer")
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
        .order_by("pk")  # the one-manager index; no join to lock beside the row
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
        verb=TeamVerb.COMPANY_MANAGER_TRANSFERRED,
        target=to,
        data={"from": previous.user.email if previous else None, "to": to.user.email},
    )
    return to


# ---------------------------------------------------------------- staff requests (AUTH-2)


def _ensure_not_member(organization: Organization, email: str) -> None:
    if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        raise DomainError(_("This person is already an employee of this company."), field="email")


@transaction.atomic
def staff_request_file(*, actor: Actor, full_name: str, email: str, level: str) -> StaffRequest:
    require(actor, "staff.request.level", level)  # the level cap: Managers up to Manager
    email = User.objects.normalize_email(email).lower()
    organization = actor.organization
    _ensure_not_member(organization, email)
    if StaffRequest.objects.filter(
        organization=organization, email__iexact=email, status=StaffRequest.Status.PENDING
    ).exists():
        raise DomainError(_("A request for this email is already waiting."), field="email")
    today = timezone.localdate()
    number = sequence_next(name="staff_request", year=today.year)
    request = StaffRequest(
        reference=sequence_format("SR", today.year, number),
        organization=organization,
        requested_by=actor.user,
        full_name=full_name,
        email=email,
        level=level,
        due_date=add_business_days(today, STAFF_REQUEST_BUSINESS_DAYS),
    )
    request.full_clean()
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:  # a second click in the same instant
        raise DomainError(
            _("A request for this email is already waiting."), field="email"
        ) from None
    audit_record(
        actor=actor,
        verb=TeamVerb.STAFF_REQUEST_FILED,
        target=request,
        data={"email": email, "level": level},
    )
    return request


def _lock_pending(staff_request: StaffRequest) -> StaffRequest:
    locked = (
        StaffRequest.objects.select_for_update()
        .select_related("organization")
        .get(pk=staff_request.pk)
    )
    if locked.status != StaffRequest.Status.PENDING:
        raise DomainError(_("This request has already been decided."))
    return locked


@transaction.atomic
def staff_request_approve(
    *, actor: Actor, staff_request: StaffRequest
) -> Membership | MembershipInvitation:
    """A new person gets a login and an activation link; someone who already has a login gets an
    invitation (see `member_add_or_invite`)."""
    require(actor, "console.staff_requests.decide")
    staff_request = _lock_pending(staff_request)
    if Membership.objects.filter(
        organization=staff_request.organization, user__email__iexact=staff_request.email
    ).exists():
        raise DomainError(_("This person is already an employee of that company."))
    # queued first (the person's own email comes last); rolled back with the rest on an error
    _tell_requester(staff_request, "team/email/staff_request_approved")
    added = member_add_or_invite(
        actor=actor,
        organization=staff_request.organization,
        email=staff_request.email,
        full_name=staff_request.full_name,
        role=staff_request.level,
    )
    staff_request.status = StaffRequest.Status.APPROVED
    staff_request.decided_by, staff_request.decided_at = actor.user, timezone.now()
    if isinstance(added, MembershipInvitation):
        staff_request.invitation = added
    else:
        staff_request.membership = added
    staff_request.full_clean()
    staff_request.save()
    audit_record(actor=actor, verb=TeamVerb.STAFF_REQUEST_APPROVED, target=staff_request)
    if isinstance(added, Membership) and not added.user.is_activated:
        activation_send(actor=actor, membership=added)
    return added


def _tell_requester(staff_request: StaffRequest, template: str) -> None:
    """The requester hears the decision either way, in their own language."""
    requester = staff_request.requested_by
    email_queue_template(
        to=requester.email,
        template=template,
        context={
            "request": staff_request,
            "requester": requester,
            "link": settings.PORTAL_BASE_URL + reverse("team:staff_requests"),
        },
        language=requester.language,
    )


@transaction.atomic
def staff_request_withdraw(*, actor: Actor, staff_request: StaffRequest) -> StaffRequest:
    """The requester (or a Primary) takes back a request the vendor has not decided yet."""
    require(actor, "staff.request.withdraw", staff_request)
    staff_request = _lock_pending(staff_request)
    staff_request.status = StaffRequest.Status.WITHDRAWN
    staff_request.full_clean()
    staff_request.save()
    audit_record(actor=actor, verb=TeamVerb.STAFF_REQUEST_WITHDRAWN, target=staff_request)
    return staff_request


@transaction.atomic
def staff_request_reject(*, actor: Actor, staff_request: StaffRequest, reason: str) -> StaffRequest:
    require(actor, "console.staff_requests.decide")
    if not reason.strip():
        raise DomainError(_("Tell the requester why."), field="reason")
    staff_request = _lock_pending(staff_request)
    staff_request.status = StaffRequest.Status.REJECTED
    staff_request.decided_by, staff_request.decided_at = actor.user, timezone.now()
    staff_request.rejection_reason = reason.strip()
    staff_request.full_clean()
    staff_request.save()
    audit_record(
        actor=actor,
        verb=TeamVerb.STAFF_REQUEST_REJECTED,
        target=staff_request,
        data={"reason": staff_request.rejection_reason},
    )
    _tell_requester(staff_request, "team/email/staff_request_rejected")
    return staff_request


@transaction.atomic
def employee_add_direct(
    *,
    actor: Actor,
    organization: Organization,
    full_name: str,
    email: str,
    level: str,
    confirm_other_partner: bool = False,
) -> Membership | MembershipInvitation:
    """Vendor staff add an employee without a request (AUTH-2); someone who already has a login
    is invited instead (see `member_add_or_invite`). A person who works for another partner (a
    competitor, perhaps its company manager) is added only once the vendor confirms it, and the
    person and the company managers of both sides are told."""
    require(actor, "console.employees.add")
    if not organization.is_partner:
        raise DomainError(_("Employees are added to partner companies only."))
    _ensure_not_member(organization, email)
    elsewhere = list(
        Membership.objects.filter(
            user__email__iexact=email.strip(),
            is_active=True,
            organization__kind__in=PARTNER_KINDS,
        )
        .exclude(organization=organization)
        .select_related("organization", "user")
    )
    if elsewhere and not confirm_other_partner:
        raise DomainError(
            _(
                "This person already works for %(companies)s. Tick the box below to add them "
                "anyway; they and the company managers of both companies are told."
            )
            % {"companies": ", ".join(m.organization.name for m in elsewhere)},
            field="confirm_other_partner",
        )
    added = member_add_or_invite(
        actor=actor, organization=organization, email=email, full_name=full_name, role=level
    )
    if isinstance(added, Membership) and not added.user.is_activated:
        activation_send(actor=actor, membership=added)
    if elsewhere:
        _tell_both_sides(
            actor=actor, organization=organization, person=added.user, elsewhere=elsewhere
        )
    return added


def _tell_both_sides(*, actor: Actor, organization: Organization, person: User, elsewhere) -> None:
    """The person and the company managers of the new and the other companies hear of it."""
    companies = [organization, *(m.organization for m in elsewhere)]
    managers = Membership.objects.filter(
        organization__in=companies, is_company_manager=True, is_active=True
    ).select_related("user")
    recipients = {person.email: person, **{m.user.email: m.user for m in managers}}
    for user in recipients.values():
        email_queue_template(
            to=user.email,
            template="team/email/other_partner_notice",
            context={
                "user": user,
                "person": person,
                "organization": organization,
                "elsewhere": ", ".join(m.organization.name for m in elsewhere),
            },
            language=user.language,
        )
    audit_record(
        actor=actor,
        verb=TeamVerb.ADDED_FROM_OTHER_PARTNER,
        target=organization,
        data={"email": person.email, "also_at": [m.organization.name for m in elsewhere]},
    )


# ---------------------------------------------------------------- activation


@transaction.atomic
def activation_send(*, actor: Actor | None, membership: Membership) -> ActivationToken:
    """Send a fresh single-use link; any earlier link stops working."""
    _require(actor, "employees.manage", membership)
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
    email_queue_template(
        to=user.email,
        template="team/email/activation",
        context={
            "user": user,
            "organization": membership.organization,
            "link": settings.PORTAL_BASE_URL + reverse("activate", args=[raw]),
            "hours": settings.PORTAL_ACTIVATION_HOURS,
        },
        language=user.language,
        sensitive=True,
    )
    audit_record(actor=actor, verb=TeamVerb.ACTIVATION_SENT, target=membership)
    return token


def activation_token_lookup(raw: str) -> ActivationToken | None:
    """The usable token for this link, or None when unknown, used, replaced or expired."""
    token = (
        ActivationToken.objects.select_related("user")
        .filter(token_hash=ActivationToken.hash(raw))
        .first()
    )
    return token if token is not None and token.is_usable else None


@transaction.atomic
def activation_complete(*, raw: str, password: str) -> User:
    token = (
        ActivationToken.objects.select_for_update()
        .filter(token_hash=ActivationToken.hash(raw))
        .first()
    )
    if token is None or not token.is_usable:
        raise DomainError(_("This activation link has expired or was already used."))
    user = token.user
    user.set_password(password)
    user.activated_at = timezone.now()
    user.save(update_fields=["password", "activated_at"])
    token.used_at = timezone.now()
    token.save(update_fields=["used_at"])
    login_email_mark_verified(user=user)  # the link came to this address: it is proven
    membership = user.memberships.select_related("organization").first()
    audit_record(
        actor=None,
        verb=TeamVerb.ACTIVATION_COMPLETED,
        target=membership or user,
        organization=membership.organization if membership else None,
    )
    _staff_figures_changed(user)
    return user


@transaction.atomic
def activation_complete_by_password_reset(*, user: User) -> None:
    """A not-yet-activated person who set a password through "forgot password" proved they own
    the address just as the activation link would have: they are activated, old links die."""
    if user.is_activated:
        return
    User.objects.filter(pk=user.pk, activated_at=None).update(activated_at=timezone.now())
    user.memberships.update(person_activated=True)  # the copy User.save() would have set
    ActivationToken.objects.filter(user=user, used_at=None, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    membership = user.memberships.select_related("organization").first()
    audit_record(
        actor=None,
        verb=TeamVerb.ACTIVATION_COMPLETED,
        target=membership or user,
        organization=membership.organization if membership else None,
        data={"through": "password reset"},
    )
    _staff_figures_changed(user)


def _staff_figures_changed(user: User) -> None:
    """An activated person counts as active staff in each of their companies; the audit entry
    names only the first."""
    figures.person_changed(user)


def activation_resend_by_email(*, email: str) -> None:
    """The "send me a new link" form: says nothing about whether the address exists."""
    user = User.objects.filter(
        email__iexact=email.strip(), activated_at=None, is_active=True
    ).first()
    if user is None:
        return
    membership = user.memberships.filter(is_active=True).select_related("organization").first()
    if membership is not None:
        activation_send(actor=None, membership=membership)


# ---------------------------------------------------------------- employees (COMP-2)


@transaction.atomic
def employee_update(
    *,
    actor: Actor,
    membership: Membership,
    full_name: str,
    job_title: str,
    phone,
    level: str,
    features: list[str],
) -> Membership:
    require(actor, "employees.manage", membership)
    membership = (
        Membership.objects.select_for_update()
        .select_related("user", "organization")
        .get(pk=membership.pk)
    )
    level = Level(level)
    if level != membership.role:
        require(actor, "staff.request.level", level)  # the same cap as for new staff
        if membership.is_company_manager:
            raise DomainError(_("The company manager stays a Primary / Owner."), field="level")
    ceiling = allowed_features(level)
    requested = {Feature(f) for f in features}
    beyond = requested - ceiling
    if beyond:
        raise DomainError(
            _("Not available at this level: %(features)s.")
            % {"features": ", ".join(str(f.label) for f in sorted(beyond))},
            field="features",
        )
    user = membership.user
    before = {
        "full_name": user.full_name,
        "job_title": user.job_title,
        "phone": str(user.phone or ""),
        "level": membership.role,
        "features": sorted(membership.features),
    }
    membership.role = level
    membership.features = sorted(f.value for f in requested)
    membership.full_clean()
    user.full_name, user.job_title, user.phone = full_name, job_title, phone
    user.full_clean(exclude=["password"])
    after = {
        "full_name": user.full_name,
        "job_title": user.job_title,
        "phone": str(user.phone or ""),
        "level": membership.role,
        "features": membership.features,
    }
    changed = [key for key in after if before[key] != after[key]]
    if not changed:  # a save that changed nothing writes nothing, and no entry
        return membership
    membership.save(update_fields=["role", "features", "updated_at"])
    user.save(update_fields=["full_name", "job_title", "phone"])
    audit_record(
        actor=actor,
        verb=TeamVerb.EMPLOYEE_UPDATED,
        target=membership,
        data={
            "before": {key: before[key] for key in changed},
            "after": {key: after[key] for key in changed},
        },
    )
    figures.person_changed(user)  # the person's name shows in their other companies too
    return membership


# ---------------------------------------------------------------- company page (COMP-1)


def _company_part_update(*, actor: Actor, model, values: dict, verb: str):
    require(actor, "company.edit")
    record, _created = model.objects.select_for_update().get_or_create(
        organization_id=actor.organization.pk
    )
    changed = []
    for name in model.EDITABLE_FIELDS:
        if name in values and getattr(record, name) != values[name]:
            changed.append(name)
            setattr(record, name, values[name])
    record.full_clean()
    if changed:  # a save that changed nothing writes no entry
        record.save()
        audit_record(
            actor=actor, verb=verb, target=actor.organization, data={"changed": sorted(changed)}
        )
    return record


@transaction.atomic
def company_info_update(*, actor: Actor, **values) -> CompanyDetails:
    return _company_part_update(
        actor=actor, model=CompanyDetails, values=values, verb=TeamVerb.COMPANY_INFO_UPDATED
    )


@transaction.atomic
def company_billing_update(*, actor: Actor, **values) -> BillingSettings:
    return _company_part_update(
        actor=actor, model=BillingSettings, values=values, verb=TeamVerb.COMPANY_BILLING_UPDATED
    )


@transaction.atomic
def payment_method_set(
    *, actor: Actor, organization: Organization, payment_method: str
) -> BillingSettings:
    """The distributor sets its reseller's payment method, the vendor any partner's (seed 004);
    it decides whether every customer order needs approval (CUST-5)."""
    require(actor, "partners.payment_method.set", organization)
    record, _created = BillingSettings.objects.select_for_update().get_or_create(
        organization_id=organization.pk
    )
    before = record.payment_method
    record.payment_method = BillingSettings.PaymentMethod(payment_method)
    record.full_clean()
    if record.payment_method != before:
        record.save()
        audit_record(
            actor=actor,
            verb=TeamVerb.PAYMENT_METHOD_SET,
            target=organization,
            data={
                "before": {"payment_method": before},
                "after": {"payment_method": record.payment_method.value},
            },
        )
    return record
