from unittest import mock

from django.core import mail
from django.db import transaction

from portal.mail.models import OutboundEmail
from portal.mail.services import email_queue
from portal.mail.tasks import email_deliver


def test_email_is_delivered_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = email_queue(to="a@b.test", subject="Hello\nthere", body_text="Body")
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT and email.subject == "Hello there"
    assert mail.outbox[0].to == ["a@b.test"]


class _Abandoned(Exception):
    pass


def test_nothing_is_sent_when_the_transaction_rolls_back(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                queued = email_queue(to="a@b.test", subject="s", body_text="b")
                # queued for real inside the transaction, then abandoned with it
                assert OutboundEmail.objects.filter(pk=queued.pk).exists()
                raise _Abandoned
        except _Abandoned:
            pass
    assert callbacks == []
    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []


def test_failures_are_retried_then_given_up(db, settings, django_capture_on_commit_callbacks):
    settings.PORTAL_EMAIL_MAX_ATTEMPTS = 3
    email = OutboundEmail.objects.create(to="a@b.test", subject="s", body_text="b")
    failing = mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("x"))
    with failing, django_capture_on_commit_callbacks(execute=True):
        email_deliver.call(email_id=email.pk)
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.FAILED and email.attempts == 3
    assert "OSError" in email.last_error


def test_a_sent_email_is_never_sent_twice(db):
    email = OutboundEmail.objects.create(to="a@b.test", subject="s", body_text="b")
    email_deliver.call(email_id=email.pk)
    email_deliver.call(email_id=email.pk)
    assert len(mail.outbox) == 1


def test_the_database_queue_and_its_worker_deliver(transactional_db, settings):
    """The production path: the task is stored in the database and a db_worker process sends it."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from django.db import connection

    backend = "django_tasks_db.DatabaseBackend"
    settings.TASKS = {"default": {"BACKEND": backend}}  # django-tasks resets on setting_changed
    email = email_queue(to="queued@b.test", subject="Queued", body_text="Body")  # autocommit
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.QUEUED and not mail.outbox

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{db['NAME']}"
    else:
        url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "PORTAL_TASKS_BACKEND": backend}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    worker = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--settings=config.settings.test",
        ],
        cwd=Path(__file__).resolve().parents[3],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert worker.returncode == 0, worker.stderr
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT and email.attempts == 1
