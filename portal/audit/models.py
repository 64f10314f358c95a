"""The audit trail of business events (PLAT-3): append-only, written by services."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

VERB_LABELS = {
    "auth.login": _("Signed in"),
    "auth.logout": _("Signed out"),
    "auth.login_failed": _("Failed sign-in"),
    "auth.login_throttled": _("Sign-in blocked: too many attempts"),
    "auth.login_refused_inactive": _("Sign-in refused: deactivated"),
    "access.refused": _("Page refused"),
    "auth.password_reset": _("Password reset by email"),
    "auth.password_changed": _("Password changed"),
    "auth.mfa_added": _("Two-factor login turned on"),
    "auth.mfa_removed": _("Two-factor login turned off"),
    "auth.mfa_reset": _("Recovery codes renewed"),
    "auth.mfa_failed": _("Wrong two-factor code"),
    "organization.created": _("Organization created"),
    "membership.created": _("Employee added"),
    "membership.deactivated": _("Employee deactivated"),
    "membership.reactivated": _("Employee reactivated"),
    "employee.updated": _("Employee level or access changed"),
    "company_manager.transferred": _("Company manager changed"),
    "staff_request.filed": _("Staff request filed"),
    "staff_request.approved": _("Staff request approved"),
    "staff_request.rejected": _("Staff request rejected"),
    "activation.sent": _("Activation email sent"),
    "activation.completed": _("Account activated"),
    "company.info_updated": _("Company information changed"),
    "company.billing_updated": _("Billing & contacts changed"),
    "profile.updated": _("Profile changed"),
}


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

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "-created_at"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_email} {self.verb} {self.target_repr}"

    @property
    def verb_label(self) -> str:
        return str(VERB_LABELS.get(self.verb, self.verb))

    @property
    def details(self) -> str:
        """The event's data as a person reads it: "level: sales → manager; changed: tax id"."""
        parts = []
        data = self.data or {}
        before, after = data.get("before"), data.get("after")
        if isinstance(before, dict) and isinstance(after, dict):
            for key in after:
                if before.get(key) != after.get(key):
                    parts.append(
                        f"{_humanize(key)}: {_value(before.get(key))} → {_value(after[key])}"
                    )
        for key, value in data.items():
            if key not in ("before", "after"):
                parts.append(f"{_humanize(key)}: {_value(value)}")
        return "; ".join(parts)


def _humanize(key: str) -> str:
    return str(key).replace("_", " ")


def _value(value) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(_humanize(item) for item in value) or "—"
    if value in (None, ""):
        return "—"
    return str(value)
