"""Writing the audit trail. Every service that changes business data calls `audit_record`."""

from functools import partial
from typing import Any

from django.db import models, transaction

from portal.access.figures import organization_changed
from portal.core.request_context import NO_ORIGIN, RequestOrigin, origin_from_request

from .models import AuditEvent
from .verbs import TRAIL_ONLY_VERBS, AuthVerb


def audit_record(
    *,
    actor,
    verb: str,
    target: models.Model | None = None,
    organization=None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that `actor` (an Actor, or None for the system) did `verb` to `target`.

    The event belongs to `organization`, or to the target's organization when it has one.
    """
    if organization is None and target is not None:
        organization = getattr(target, "organization", None)
        if organization is None and target._meta.label == "tenancy.Organization":
            organization = target
    user = actor.user if actor is not None else None
    on_behalf_of = None
    if actor is not None and organization is not None and actor.organization.pk != organization.pk:
        on_behalf_of = actor.organization
    return _write(
        user=user,
        email=user.email if user else "",
        organization=organization,
        on_behalf_of=on_behalf_of,
        verb=verb,
        target=target,
        data=data,
        origin=actor.origin if actor is not None else NO_ORIGIN,
    )


def audit_auth_event(
    *, verb: str, request=None, user=None, email: str = "", data=None
) -> AuditEvent:
    """Logins, logouts and refusals: there may be no membership (or no person) yet."""
    organization = None
    if user is not None:
        first = user.memberships.select_related("organization").order_by("created_at").first()
        organization = first.organization if first else None
    return _write(
        user=user,
        email=(user.email if user else email)[:254],
        organization=organization,
        on_behalf_of=None,
        verb=verb,
        target=user,
        data=data,
        origin=origin_from_request(request),
    )


def audit_refusal(*, actor, permission: str, request=None) -> AuditEvent:
    user = actor.user if actor is not None else None
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    data = {"permission": permission}
    if request is not None:
        data.update(path=request.path[:300], method=request.method)
    return _write(
        user=user,
        email=user.email if user else "",
        organization=actor.organization if actor else None,
        on_behalf_of=None,
        verb=AuthVerb.ACCESS_REFUSED,
        target=None,
        data=data,
        origin=_origin(request) if request is not None else getattr(actor, "origin", NO_ORIGIN),
    )


def _origin(request) -> RequestOrigin:
    return origin_from_request(request) if request is not None else NO_ORIGIN


def _readable(target) -> str:
    """How the record reads in every language: a model may name itself for the trail
    (`audit_label`: no codes, no untranslated words); otherwise its str()."""
    label = getattr(target, "audit_label", None)
    return str(label if label is not None else target)


def _write(*, user, email, organization, on_behalf_of, verb, target, data, origin) -> AuditEvent:
    # Every change of business data passes here: the home figures of its organization (and of
    # the one acting for it) are read afresh once the change is committed; after an entry that
    # changed nothing else (a sign-in), only what shows the trail.
    trail_only = str(verb) in TRAIL_ONLY_VERBS
    transaction.on_commit(partial(organization_changed, organization, trail_only=trail_only))
    if on_behalf_of is not None:
        transaction.on_commit(partial(organization_changed, on_behalf_of, trail_only=trail_only))
    return AuditEvent.objects.create(
        actor=user,
        actor_email=email,
        organization=organization,
        on_behalf_of=on_behalf_of,
        verb=str(verb),
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=_readable(target)[:200] if target is not None else "",
        data=data or {},
        ip_address=origin.ip_address,
        user_agent=origin.user_agent,
    )
