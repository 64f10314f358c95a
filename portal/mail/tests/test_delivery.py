from unittest import mock

from django.core import mail

from portal.mail.models import OutboundEmail
from portal.mail.services import email_queue
from portal.mail.tasks import email_deliver


def test_email_is_delivered_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = email_queue(to="a@b.test", subject="Hello\nthere", body_text="Body")
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT and email.subject == "Hello there"
    assert mail.outbox[0].to == ["a@b.test"]


def test_nothing_is_sent_when_the_transaction_rolls_back(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email_queue(to="a@b.test", subject="s", body_text="b")
    assert len(callbacks) == 1 and not mail.outbox


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
