"""The move of ForumCredential.password_encrypted to an EncryptedTextField keeps stored rows."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from portal.accounts.models import User
from portal.core.crypto import encrypt_text
from portal.profiles.models import ForumCredential

BEFORE = [("profiles", "0001_initial")]
AFTER = [("profiles", "0002_forum_password_field")]


@pytest.mark.django_db(transaction=True)
def test_existing_tokens_read_back_as_clear_text_after_the_migration():
    user = User.objects.create(email="old@row.test", full_name="Old Row")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_model = executor.loader.project_state(BEFORE).apps.get_model("profiles", "ForumCredential")
    old_model.objects.create(
        user_id=user.pk, username="old", password_encrypted=encrypt_text("kept-secret")
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)

    assert ForumCredential.objects.get(user=user).password == "kept-secret"
