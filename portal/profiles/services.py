"""Writes of My profile (PROF-1, PROF-2): each part of the page is saved by its own service.

Every person edits only their own profile, so the services take no target: the actor's user is it.
Reading the forum password back for the forum sign-in is in selectors.py.
"""

from datetime import timedelta
from functools import cache
from zoneinfo import available_timezones

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.phonenumber import PhoneNumber

from portal.access import figures
from portal.accounts.models import User
from portal.accounts.selectors import login_email_taken
from portal.accounts.services import login_email_change
from portal.audit.services import audit_record
from portal.core.crypto import rotate_text
from portal.core.exceptions import DomainError
from portal.core.fields import rotate_encrypted_fields
from portal.mail.services import email_queue_template
from portal.tenancy.actor import Actor

from .models import EmailChangeRequest, ForumCredential
from .verbs import ProfileVerb

EMAIL_CHANGE_HOURS = 24  # how long the link sent to the new address works


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
    elif credential.username == username.strip() and not password:
        return credential  # nothing changed: no entry
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
    figures.person_changed(actor.user)  # the profile shows it in each of the person's companies
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
        figures.person_changed(actor.user)


# ---------------------------------------------------------------- the login email (issue 8)


@transaction.atomic
def email_change_request(*, actor: Actor, new_email: str, password: str) -> None:
    """Send a single-use link to the new address; the login changes only when it is followed.

    The answer is the same whether or not the address belongs to another login: nothing is sent
    then, and the page does not tell (its owner is not revealed).
    """
    user = User.objects.select_for_update().get(pk=actor.user.pk)
    if not user.check_password(password):
        raise DomainError(_("Your current password is not correct."), field="password")
    email = User.objects.normalize_email(new_email.strip()).lower()
    if email == user.email.lower():
        raise DomainError(_("This is already your login email."), field="new_email")
    now = timezone.now()
    EmailChangeRequest.objects.filter(user=user, used_at=None, revoked_at=None).update(
        revoked_at=now
    )
    if login_email_taken(email=email, exclude=user):
        audit_record(
            actor=actor,
            verb=ProfileVerb.EMAIL_CHANGE_REQUESTED,
            target=user,
            organization=actor.organization,
            data={"sent": False},  # the trail tells the vendor; the person is not told
        )
        return
    raw = EmailChangeRequest.new_raw()
    change = EmailChangeRequest(
        user=user,
        new_email=email,
        token_hash=EmailChangeRequest.hash(raw),
        created_at=now,
        expires_at=now + timedelta(hours=EMAIL_CHANGE_HOURS),
    )
    change.full_clean()
    change.save()
    email_queue_template(
        to=email,
        template="profiles/email/email_change_confirm",
        context={
            "user": user,
            "new_email": email,
            "link": settings.PORTAL_BASE_URL + reverse("profiles:email_confirm", args=[raw]),
            "hours": EMAIL_CHANGE_HOURS,
        },
        language=user.language,
        sensitive=True,
    )
    audit_record(
        actor=actor,
        verb=ProfileVerb.EMAIL_CHANGE_REQUESTED,
        target=user,
        organization=actor.organization,
        data={"sent": True, "to": email},
    )


def email_change_lookup(*, actor: Actor, raw: str) -> EmailChangeRequest | None:
    """The usable request of this person for this link; another person's is None too."""
    change = EmailChangeRequest.objects.filter(
        token_hash=EmailChangeRequest.hash(raw), user=actor.user
    ).first()
    return change if change is not None and change.is_usable else None


@transaction.atomic
def email_change_confirm(*, actor: Actor, raw: str) -> User:
    """The person followed the link while signed in: switch the login, tell the old address."""
    change = (
        EmailChangeRequest.objects.select_for_update()
        .filter(token_hash=EmailChangeRequest.hash(raw), user=actor.user)
        .first()
    )
    if change is None or not change.is_usable:
        raise DomainError(_("This link has expired or was already used."))
    old_email = actor.user.email
    change.used_at = timezone.now()
    change.save(update_fields=["used_at"])
    user = login_email_change(user=actor.user, new_email=change.new_email)
    actor.user.email = user.email  # the page rendered next shows the new address
    email_queue_template(
        to=old_email,
        template="profiles/email/email_changed_notice",
        context={"user": user, "old_email": old_email, "new_email": user.email},
        language=user.language,
    )
    audit_record(
        actor=actor,
        verb=ProfileVerb.EMAIL_CHANGED,
        target=user,
        organization=actor.organization,
        data={"from": old_email, "to": user.email},
    )
    figures.person_changed(user)  # the address shows in every company they work in
    return user


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
    if not changed:  # a save that changed nothing writes no entry
        return user
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
    if part == "personal":  # their name and title show in every company they work in
        figures.person_changed(user)
    return user
