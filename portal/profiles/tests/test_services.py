"""PROF-1, PROF-2, SEC-3: the profile services against a real database."""

import pytest
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from portal.audit.models import AuditEvent
from portal.core.crypto import DecryptionError, decrypt_text, encrypt_text
from portal.core.exceptions import DomainError
from portal.profiles import services
from portal.profiles.mfa import PortalMFAAdapter
from portal.profiles.models import ForumCredential
from portal.profiles.selectors import forum_login_for

PERSONAL = {
    "full_name": "Sally Seller",
    "job_title": "Account executive",
    "phone": "+48 22 123 45 67",
    "language": "pl",
    "date_format": "d.m.Y",
    "time_zone": "Europe/Budapest",
}


@pytest.fixture
def actor(tenant_a):
    return tenant_a.actor("sales")


def _raw_password_column(credential) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT password FROM profiles_forumcredential WHERE id = %s",
            [credential.pk],
        )
        return cursor.fetchone()[0]


def test_profile_update_saves_and_audits(actor):
    services.profile_update(actor=actor, **PERSONAL)
    user = type(actor.user).objects.get(pk=actor.user.pk)
    assert user.full_name == "Sally Seller"
    assert user.job_title == "Account executive"
    assert user.phone.as_e164 == "+48221234567"
    assert (user.language, user.date_format, user.time_zone) == ("pl", "d.m.Y", "Europe/Budapest")
    event = AuditEvent.objects.get(verb="profile.updated")
    assert event.actor == user
    assert event.organization == actor.organization
    assert event.target_id == str(user.pk)
    assert event.data["part"] == "personal"
    assert "phone" in event.data["fields"]
    assert "+48" not in str(event.data)  # field names only, not the values


def test_profile_update_refuses_a_bad_phone_and_saves_nothing(actor):
    before = actor.user.full_name
    with pytest.raises(ValidationError) as error:
        services.profile_update(actor=actor, **{**PERSONAL, "phone": "12345"})
    assert "phone" in error.value.message_dict
    actor.user.refresh_from_db()
    assert actor.user.full_name == before
    assert not AuditEvent.objects.filter(verb="profile.updated").exists()


def test_profile_update_refuses_an_unknown_time_zone(actor):
    with pytest.raises(DomainError) as error:
        services.profile_update(actor=actor, **{**PERSONAL, "time_zone": "Mars/Olympus"})
    assert error.value.field == "time_zone"


def test_preferences_update_leaves_the_personal_information_alone(actor):
    services.profile_update(actor=actor, **PERSONAL)
    services.preferences_update(
        actor=actor, newsletter=False, update_notices=True, case_emails=False
    )
    user = type(actor.user).objects.get(pk=actor.user.pk)
    assert (user.newsletter, user.update_notices, user.case_emails) == (False, True, False)
    assert user.full_name == "Sally Seller"
    assert user.job_title == "Account executive"
    parts = list(
        AuditEvent.objects.filter(verb="profile.updated")
        .order_by("pk")
        .values_list("data__part", flat=True)
    )
    assert parts == ["personal", "preferences"]


def test_forum_password_is_stored_encrypted(actor):
    credential = services.forum_credential_save(
        actor=actor, username="sally", password="forum-secret-42"
    )
    raw = _raw_password_column(credential)
    assert raw and "forum-secret-42" not in raw
    assert decrypt_text(raw) == "forum-secret-42"
    assert forum_login_for(actor=actor).password == "forum-secret-42"
    event = AuditEvent.objects.get(verb="profile.updated")
    assert "forum-secret-42" not in str(event.data)
    assert raw not in str(event.data)


def test_an_empty_password_keeps_the_stored_one(actor):
    services.forum_credential_save(actor=actor, username="sally", password="forum-secret-42")
    services.forum_credential_save(actor=actor, username="sally.s", password="")
    login = forum_login_for(actor=actor)
    assert (login.username, login.password) == ("sally.s", "forum-secret-42")


def test_the_first_forum_credentials_need_a_password(actor):
    with pytest.raises(DomainError) as error:
        services.forum_credential_save(actor=actor, username="sally", password="")
    assert error.value.field == "password"
    assert not ForumCredential.objects.exists()


def test_forum_credentials_can_be_removed(actor):
    services.forum_credential_save(actor=actor, username="sally", password="forum-secret-42")
    services.forum_credential_delete(actor=actor)
    assert forum_login_for(actor=actor) is None


def test_rotate_secrets_moves_every_value_to_the_new_key(actor, tenant_a, settings):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.PORTAL_FIELD_ENCRYPTION_KEYS = [old_key]
    credential = services.forum_credential_save(
        actor=actor, username="sally", password="forum-secret-42"
    )
    services.forum_credential_save(
        actor=tenant_a.actor("basic"), username="bob", password="another-secret"
    )
    # allauth's TOTP secret goes through the same keys (PortalMFAAdapter).
    totp = Authenticator.objects.create(
        user=actor.user,
        type=Authenticator.Type.TOTP,
        data={"secret": PortalMFAAdapter().encrypt("JBSWY3DPEHPK3PXP")},
    )
    before = _raw_password_column(credential)

    settings.PORTAL_FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    assert forum_login_for(actor=actor).password == "forum-secret-42"  # old values still read
    call_command("rotate_secrets", verbosity=0)
    after = _raw_password_column(credential)
    assert after != before

    settings.PORTAL_FIELD_ENCRYPTION_KEYS = [new_key]
    assert forum_login_for(actor=actor).password == "forum-secret-42"
    assert forum_login_for(actor=tenant_a.actor("basic")).password == "another-secret"
    totp.refresh_from_db()
    assert PortalMFAAdapter().decrypt(totp.data["secret"]) == "JBSWY3DPEHPK3PXP"
    settings.PORTAL_FIELD_ENCRYPTION_KEYS = [old_key]
    with pytest.raises(DecryptionError):
        decrypt_text(after)
    assert AuditEvent.objects.filter(verb="secrets.rotated").exists()


def test_decrypting_with_the_wrong_key_fails_loudly(settings):
    settings.PORTAL_FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    token = encrypt_text("x")
    settings.PORTAL_FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(DecryptionError):
        decrypt_text(token)


def test_totp_secrets_are_not_stored_in_the_clear():
    stored = PortalMFAAdapter().encrypt("JBSWY3DPEHPK3PXP")
    assert "JBSWY3DPEHPK3PXP" not in stored
    assert PortalMFAAdapter().decrypt(stored) == "JBSWY3DPEHPK3PXP"
