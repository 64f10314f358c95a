"""Team and company writes: staff requests, activation, employee edits, company pages."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.access.policies import Feature, allowed_features, require
from portal.accounts.models import User
from portal.audit.services import audit_record
from portal.core.exceptions import DomainError
from portal.mail.services import email_queue_template
from portal.tenancy.actor import Actor
from portal.tenancy.models import (
    COMPANY_BILLING_FIELDS,
    COMPANY_INFO_FIELDS,
    LEVEL_RANK,
    Level,
    Membership,
    Organization,
)
from portal.tenancy.services import member_add

from .models import (
    STAFF_REQUEST_BUSINESS_DAYS,
    ActivationToken,
    StaffRequest,
    add_business_days,
)

# ---------------------------------------------------------------- staff requests (AUTH-2)


def _ensure_not_member(organization: Organization, email: str) -> None:
    if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        raise DomainError(_("This person is already an employee of this company."), field="email")


@transaction.atomic
def staff_request_file(*, actor: Actor, full_name: str, email: str, level: str) -> StaffRequest:
    require(actor, "staff.request", level)  # the level cap: Managers up to Manager
    email = User.objects.normalize_email(email).lower()
    organization = actor.organization
    _ensure_not_member(organization, email)
    if StaffRequest.objects.filter(
        organization=organization, email__iexact=email, status=StaffRequest.Status.PENDING
    ).exists():
        raise DomainError(_("A request for this email is already waiting."), field="email")
    request = StaffRequest(
        organization=organization,
        requested_by=actor.user,
        full_name=full_name,
        email=email,
        level=level,
        due_date=add_business_days(timezone.localdate(), STAFF_REQUEST_BUSINESS_DAYS),
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
        verb="staff_request.filed",
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
def staff_request_approve(*, actor: Actor, staff_request: StaffRequest) -> Membership:
    require(actor, "console.staff_requests.decide")
    staff_request = _lock_pending(staff_request)
    if Membership.objects.filter(
        organization=staff_request.organization, user__email__iexact=staff_request.email
    ).exists():
        raise DomainError(_("This person is already an employee of that company."))
    membership = member_add(
        actor=actor,
        organization=staff_request.organization,
        email=staff_request.email,
        full_name=staff_request.full_name,
        role=staff_request.level,
    )
    staff_request.status = StaffRequest.Status.APPROVED
    staff_request.decided_by, staff_request.decided_at = actor.user, timezone.now()
    staff_request.membership = membership
    staff_request.save()
    audit_record(actor=actor, verb="staff_request.approved", target=staff_request)
    if not membership.user.is_activated:
        activation_send(actor=actor, membership=membership)
    return membership


@transaction.atomic
def staff_request_reject(*, actor: Actor, staff_request: StaffRequest, reason: str) -> StaffRequest:
    require(actor, "console.staff_requests.decide")
    if not reason.strip():
        raise DomainError(_("Tell the requester why."), field="reason")
    staff_request = _lock_pending(staff_request)
    staff_request.status = StaffRequest.Status.REJECTED
    staff_request.decided_by, staff_request.decided_at = actor.user, timezone.now()
    staff_request.rejection_reason = reason.strip()
    staff_request.save()
    audit_record(
        actor=actor,
        verb="staff_request.rejected",
        target=staff_request,
        data={"reason": staff_request.rejection_reason},
    )
    requester = staff_request.requested_by
    email_queue_template(
        to=requester.email,
        template="team/email/staff_request_rejected",
        context={
            "request": staff_request,
            "requester": requester,
            "link": settings.PORTAL_BASE_URL + reverse("team:staff_requests"),
        },
        language=requester.language,
    )
    return staff_request


@transaction.atomic
def employee_add_direct(
    *, actor: Actor, organization: Organization, full_name: str, email: str, level: str
) -> Membership:
    """Vendor staff add an employee without a request (AUTH-2)."""
    require(actor, "console.employees.add")
    if not organization.is_partner:
        raise DomainError(_("Employees are added to partner companies only."))
    _ensure_not_member(organization, email)
    membership = member_add(
        actor=actor, organization=organization, email=email, full_name=full_name, role=level
    )
    if not membership.user.is_activated:
        activation_send(actor=actor, membership=membership)
    return membership


# ---------------------------------------------------------------- activation


@transaction.atomic
def activation_send(*, actor: Actor | None, membership: Membership) -> ActivationToken:
    """Send a fresh single-use link; any earlier link stops working."""
    if actor is not None and not actor.is_vendor:
        require(actor, "employees.manage", membership)
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
    audit_record(actor=actor, verb="activation.sent", target=membership)
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
    membership = user.memberships.select_related("organization").first()
    audit_record(
        actor=None,
        verb="activation.completed",
        target=membership or user,
        organization=membership.organization if membership else None,
    )
    return user


@transaction.atomic
def activation_complete_by_password_reset(*, user: User) -> None:
    """A not-yet-activated person who set a password through "forgot password" proved they own
    the address just as the activation link would have: they are activated, old links die."""
    if user.is_activated:
        return
    User.objects.filter(pk=user.pk, activated_at=None).update(activated_at=timezone.now())
    ActivationToken.objects.filter(user=user, used_at=None, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    membership = user.memberships.select_related("organization").first()
    audit_record(
        actor=None,
        verb="activation.completed",
        target=membership or user,
        organization=membership.organization if membership else None,
        data={"through": "password reset"},
    )


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


def editable_levels(actor: Actor) -> list[Level]:
    cap = Level.PRIMARY if actor.membership.role == Level.PRIMARY else Level.MANAGER
    return [lv for lv in Level if LEVEL_RANK[lv] <= LEVEL_RANK[cap]]


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
        if level not in editable_levels(actor):
            raise PermissionDenied("employees.manage")
        if membership.is_company_manager:
            raise DomainError(_("The company manager stays a Primary / Owner."), field="level")
        if membership.pk == actor.membership.pk:
            raise DomainError(_("You cannot change your own level."), field="level")
    ceiling = allowed_features(level)
    requested = {Feature(f) for f in features}
    beyond = requested - ceiling
    if beyond:
        raise DomainError(
            _("Not available at this level: %(features)s.")
            % {"features": ", ".join(str(f.label) for f in sorted(beyond))},
            field="features",
        )
    before = {"level": membership.role, "features": list(membership.features)}
    membership.role = level
    membership.features = sorted(f.value for f in requested)
    membership.full_clean()
    membership.save(update_fields=["role", "features", "updated_at"])
    user = membership.user
    user.full_name, user.job_title, user.phone = full_name, job_title, phone
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "job_title", "phone"])
    audit_record(
        actor=actor,
        verb="employee.updated",
        target=membership,
        data={
            "before": before,
            "after": {"level": membership.role, "features": membership.features},
        },
    )
    return membership


# ---------------------------------------------------------------- company page (COMP-1)


@transaction.atomic
def _company_update(*, actor: Actor, fields: tuple[str, ...], values: dict, verb: str):
    require(actor, "company.edit")
    organization = Organization.objects.select_for_update().get(pk=actor.organization.pk)
    changed = {}
    for name in fields:
        if name in values and getattr(organization, name) != values[name]:
            changed[name] = str(values[name])
            setattr(organization, name, values[name])
    organization.full_clean()
    organization.save()
    audit_record(actor=actor, verb=verb, target=organization, data={"changed": sorted(changed)})
    return organization


def company_info_update(*, actor: Actor, **values) -> Organization:
    return _company_update(
        actor=actor, fields=COMPANY_INFO_FIELDS, values=values, verb="company.info_updated"
    )


def company_billing_update(*, actor: Actor, **values) -> Organization:
    return _company_update(
        actor=actor, fields=COMPANY_BILLING_FIELDS, values=values, verb="company.billing_updated"
    )
