"""The audit trail of business events (PLAT-3): append-only, written by services."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.scoping import Scope, ScopedQuerySet

from .describe import detail_lines, record_label
from .verbs import verb_label


class AuditEvent(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who"),
    )
    # Kept as typed so the trail still reads right for a login attempt with an unknown email.
    actor_email = models.CharField(_("who (email)"), max_length=254, blank=True)
    # The organization whose record this is: its managers can read the event.
    organization = models.ForeignKey(
        "tenancy.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    # The organization the actor acted from, when acting for another (partner master, vendor).
    on_behalf_of = models.ForeignKey(
        "tenancy.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verb = models.CharField(_("what"), max_length=64, db_index=True)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(_("record"), max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()
    # A company reads the events of its own records; vendor staff read the whole trail.
    scope = Scope.OWN
    scope_field = "organization"

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # a company's log, newest first, paged by (created_at, id); and the whole trail
            models.Index(fields=["organization", "-created_at", "-id"], name="audit_org_time"),
            models.Index(fields=["-created_at", "-id"], name="audit_time"),
            # the person and action filters
            models.Index(fields=["actor_email", "-created_at"], name="audit_who_time"),
            models.Index(fields=["organization", "verb", "-created_at"], name="audit_org_verb"),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_email} {self.verb} {self.target_repr}"

    @property
    def verb_label(self) -> str:
        return verb_label(self.verb)

    @property
    def details(self) -> list[str]:
        """The event's data as translated lines: "Level: Sales / Designer → IT / Tech support"."""
        return detail_lines(self.data or {})

    @property
    def record(self) -> str:
        return record_label(self.target_repr)
