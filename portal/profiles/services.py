"""Writes of My profile (PROF-1, PROF-2): each part of the page is saved by its own service.

Every person edits only their own profile, so the services take no target: the actor's user is it.
Reading the forum password back for the forum sign-in is in selectors.py.
"""

from functools import cache
from zoneinfo import available_timezones

from allauth.mfa.models import Authenticator
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from phonenumber_field.phonenumber import PhoneNumber

from portal.accounts.models import User
from portal.audit.services import audit_record
from portal.core.crypto import rotate_text
from portal.core.exceptions import DomainError
from portal.core.fields import rotate_encrypted_fields
from portal.tenancy.actor import Actor

from .models import ForumCredential


@cache  # available_timezones() reads the zone database from disk (~30 ms) on every call
def _time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


PERSONAL_FIELDS = ("full_name", "job_title", "phone", "language", "date_format", "time_zone")
PREFERENCE_FIELDS = ("newsletter", "update_notices", "case_emails")


@transaction.atomic
def profile_update(
    *,
    actor: Actor,
    full_name: str,
    job_title: str,
    phone: PhoneNumber | str,
    language: str,
    date_format: str,
    time_zone: str,
) -> User:
    """Personal information: name, job title, phone, language, date format, time zone."""
    if time_zone not in _time_zones():
        raise DomainError(_("Choose a time zone from the list."), field="time_zone")
    values = {
        "full_name": full_name.strip(),
        "job_title": job_title.strip(),
        "phone": phone or "",
        "language": language,
        "date_format": date_format,
        "time_zone": time_zone,
    }
    return _user_update(actor=actor, values=values, part="personal")


@transaction.atomic
def preferences_update(
    *, actor: Actor, newsletter: bool, update_notices: bool, case_emails: bool
) -> User:
    """Communication preferences: which emails the person agrees to receive."""
    values = {
        "newsletter": newsletter,
        "update_notices": update_notices,
        "case_emails": case_emails,
    }
    return _user_update(actor=actor, values=values, part="preferences")


@transaction.atomic
def forum_credential_save(*, actor: Actor, username: str, password: str = "") -> ForumCredential:
    """Store the forum login; an empty password keeps the one already stored."""
    credential = ForumCredential.objects.select_for_update().filter(user=actor.user).first()
    if credential is None:
        if not password:
            raise DomainError(_("Enter your forum password."), field="password")
        credential = ForumCredential(user=actor.user)
    credential.username = username.strip()
    if password:
        credential.password = password
    credential.full_clean()
    credential.save()
    audit_record(
        actor=actor,
        verb="profile.updated",
        target=actor.user,
        organization=actor.organization,
        # Never the password itself, not even encrypted.
        data={"part": "forum", "password_changed": bool(password)},
    )
    return credential


@transaction.atomic
def forum_credential_delete(*, actor: Actor) -> None:
    deleted, _details = ForumCredential.objects.filter(user=actor.user).delete()
    if deleted:
        audit_record(
            actor=actor,
            verb="profile.updated",
            target=actor.user,
            organization=actor.organization,
            data={"part": "forum", "removed": True},
        )


@transaction.atomic
def secrets_rotate() -> int:
    """Encrypt every stored secret again with the newest key; returns how many were rewritten.

    Run after putting a new key first in PORTAL_FIELD_ENCRYPTION_KEYS (the old ones still listed).
    Every EncryptedTextField of every app is found by portal.core; allauth's MFA data is ours.
    """
    count = rotate_encrypted_fields()
    # allauth's TOTP secrets and recovery-code seeds (see PortalMFAAdapter).
    for authenticator in Authenticator.objects.select_for_update().only("pk", "type", "data"):
        data = dict(authenticator.data)
        for key in ("secret", "seed"):
            if isinstance(data.get(key), str):
                data[key] = rotate_text(data[key])
                count += 1
        if isinstance(data.get("migrated_codes"), list):
            data["migrated_codes"] = [rotate_text(code) for code in data["migrated_codes"]]
            count += 1
        authenticator.data = data
        authenticator.save(update_fields=["data"])
    audit_record(actor=None, verb="secrets.rotated", data={"values": count})
    return count


def _user_update(*, actor: Actor, values: dict, part: str) -> User:
    user = User.objects.select_for_update().get(pk=actor.user.pk)
    changed = [name for name, value in values.items() if getattr(user, name) != value]
    for name, value in values.items():
        setattr(user, name, value)
    user.full_clean()
    user.save(update_fields=[*values])
    # The request's user object is the actor's: keep the page it renders next in step.
    for name in values:
        setattr(actor.user, name, getattr(user, name))
    audit_record(
        actor=actor,
        verb="profile.updated",
        target=user,
        organization=actor.organization,
        data={"part": part, "fields": changed},
    )
    return user
