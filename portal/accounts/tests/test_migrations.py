"""0004: activated people's login emails become verified; stray unproven rows go."""

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from portal.accounts.models import User

BEFORE = [("accounts", "0003_user_session_epoch")]
AFTER = [("accounts", "0004_verify_login_emails")]


@pytest.mark.django_db(transaction=True)
def test_activated_login_emails_are_verified_and_stray_rows_removed():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    active = User.objects.create(email="on@row.test", full_name="On", activated_at=timezone.now())
    bare = User.objects.create(email="bare@row.test", full_name="B", activated_at=timezone.now())
    waiting = User.objects.create(email="wait@row.test", full_name="Waiting")
    EmailAddress.objects.create(user=active, email="on@row.test", verified=False, primary=True)
    EmailAddress.objects.create(user=active, email="stray@row.test", verified=False)
    EmailAddress.objects.create(user=waiting, email="wait@row.test", verified=False)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)

    rows = set(EmailAddress.objects.values_list("user_id", "email", "verified", "primary"))
    assert rows == {
        (active.pk, "on@row.test", True, True),
        (bare.pk, "bare@row.test", True, True),
        (waiting.pk, "wait@row.test", False, False),  # not proven yet: left as it was
    }
