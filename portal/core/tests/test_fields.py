"""EncryptedTextField: clear text in Python, a Fernet token in the database, rotation by
introspection. ForumCredential.password is the field's first user."""

import pytest
from cryptography.fernet import Fernet
from django.db import connection

from portal.core.crypto import DecryptionError, decrypt_text, encrypt_text
from portal.core.fields import (
    Ciphertext,
    EncryptedTextField,
    encrypted_fields,
    rotate_encrypted_fields,
)
from portal.profiles.models import ForumCredential


def _raw(credential) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT password FROM profiles_forumcredential WHERE id = %s", [credential.pk]
        )
        return cursor.fetchone()[0]


@pytest.fixture
def credential(tenant_a):
    return ForumCredential.objects.create(
        user=tenant_a.members["sales"].user, username="sally", password="forum-secret-42"
    )


def test_the_database_holds_a_token_and_python_the_clear_text(credential):
    raw = _raw(credential)
    assert raw != "forum-secret-42" and "forum-secret-42" not in raw
    assert decrypt_text(raw) == "forum-secret-42"
    assert credential.password == "forum-secret-42"  # the instance keeps the clear text
    assert ForumCredential.objects.get(pk=credential.pk).password == "forum-secret-42"
    assert ForumCredential.objects.values_list("password", flat=True).get() == "forum-secret-42"


def test_saving_again_never_encrypts_twice(credential):
    credential.refresh_from_db()
    credential.username = "sally.s"
    credential.save()
    credential.save()
    assert decrypt_text(_raw(credential)) == "forum-secret-42"
    ForumCredential.objects.filter(pk=credential.pk).update(password="changed-secret")
    assert decrypt_text(_raw(credential)) == "changed-secret"


def test_a_ciphertext_value_is_stored_as_it_is(credential):
    token = encrypt_text("made elsewhere")
    ForumCredential.objects.filter(pk=credential.pk).update(password=Ciphertext(token))
    assert _raw(credential) == token
    assert ForumCredential.objects.get(pk=credential.pk).password == "made elsewhere"


@pytest.mark.parametrize("value", ["", None])
def test_empty_values_stay_empty(value):
    field = EncryptedTextField(null=True)
    assert field.get_prep_value(value) == value
    assert field.from_db_value(value, None, connection) == value


def test_a_value_under_an_unknown_key_fails_loudly(credential, settings):
    settings.PORTAL_FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(DecryptionError):
        ForumCredential.objects.get(pk=credential.pk)


def test_every_encrypted_field_is_found_by_introspection():
    assert ForumCredential._meta.get_field("password") in encrypted_fields()


def test_rotation_rewrites_the_raw_tokens_with_the_newest_key(tenant_a, settings):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.PORTAL_FIELD_ENCRYPTION_KEYS = [old_key]
    first = ForumCredential.objects.create(
        user=tenant_a.members["sales"].user, username="a", password="first-secret"
    )
    second = ForumCredential.objects.create(
        user=tenant_a.members["basic"].user, username="b", password="second-secret"
    )
    before = {c.pk: (_raw(c), c.updated_at) for c in (first, second)}

    settings.PORTAL_FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    assert rotate_encrypted_fields() == 2

    settings.PORTAL_FIELD_ENCRYPTION_KEYS = [new_key]  # the old key is gone
    for credential, secret in ((first, "first-secret"), (second, "second-secret")):
        stored = ForumCredential.objects.get(pk=credential.pk)
        assert stored.password == secret
        assert _raw(credential) != before[credential.pk][0]
        assert stored.updated_at == before[credential.pk][1]  # not a change by a person
