"""Queue an email; delivery happens in the worker (tasks.email_deliver), off the request path."""

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import OutboundEmail


def email_queue(
    *, to: str, subject: str, body_text: str, body_html: str = "", sensitive: bool = False
) -> OutboundEmail:
    from .tasks import email_deliver

    email = OutboundEmail.objects.create(
        to=to,
        subject=" ".join(subject.splitlines()).strip()[:300],
        body_text=body_text,
        body_html=body_html,
        sensitive=sensitive,
    )
    transaction.on_commit(lambda: email_deliver.enqueue(email_id=email.pk))
    return email


def email_queue_template(
    *,
    to: str,
    template: str,
    context: dict,
    language: str | None = None,
    sensitive: bool = False,
) -> OutboundEmail:
    """Render `<template>_subject.txt` and `<template>_message.txt` in the recipient's language."""
    with translation.override(language or translation.get_language()):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}_message.txt", context)
    return email_queue(to=to, subject=subject, body_text=body, sensitive=sensitive)
