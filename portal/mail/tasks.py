from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import OutboundEmail

REDACTED = "[removed after delivery: the message carried a one-time sign-in link]"


@task()
def email_deliver(email_id: int) -> str:
    """Send one queued email; on failure try again later with a growing pause, then give up."""
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status in (
            OutboundEmail.Status.SENT,
            OutboundEmail.Status.FAILED,
        ):
            return "skipped"
        email.attempts += 1
        message = EmailMultiAlternatives(
            email.subject, email.body_text, settings.DEFAULT_FROM_EMAIL, [email.to]
        )
        if email.body_html:
            message.attach_alternative(email.body_html, "text/html")
        try:
            message.send()
        except Exception as exc:  # noqa: BLE001 - any transport error means "try again"
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            retry = email.attempts < settings.PORTAL_EMAIL_MAX_ATTEMPTS
            email.status = OutboundEmail.Status.RETRYING if retry else OutboundEmail.Status.FAILED
            email.save(update_fields=["attempts", "last_error", "status", "updated_at"])
            if retry:
                transaction.on_commit(lambda: _retry_later(email_id, email.attempts))
            return email.status
        email.status = OutboundEmail.Status.SENT
        email.sent_at = timezone.now()
        if email.sensitive and not settings.PORTAL_OUTBOX_KEEP_SENSITIVE:
            email.body_text, email.body_html = REDACTED, ""
        email.save(
            update_fields=["attempts", "status", "sent_at", "body_text", "body_html", "updated_at"]
        )
        return email.status


def _retry_later(email_id: int, attempts: int) -> None:
    retry = email_deliver
    if retry.get_backend().supports_defer:
        retry = retry.using(run_after=timezone.now() + timedelta(minutes=2**attempts))
    retry.enqueue(email_id=email_id)
