"""Every outgoing email, kept so it can be retried and read locally (the console's outbox)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.models import TimeStampedModel
from portal.core.scoping import Scope, ScopedQuerySet


class OutboundEmail(TimeStampedModel):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        RETRYING = "retrying", _("Retrying")
        FAILED = "failed", _("Failed")

    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    # Carries a one-time sign-in link (activation, password reset): kept from vendor admins' eyes
    # and emptied once delivered, unless PORTAL_OUTBOX_KEEP_SENSITIVE (the local demo).
    sensitive = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=Status, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    # Emails go to people of every organization: only vendor staff read the outbox.
    scope = Scope.VENDOR
    scope_field = ""

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["to", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
