"""Staff requests (AUTH-2) and activation links for new people."""

import hashlib
import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core import calendar
from portal.core.models import TimeStampedModel
from portal.tenancy.models import Level

STAFF_REQUEST_BUSINESS_DAYS = 5  # the vendor's commitment (AUTH-2)


def add_business_days(start: date, days: int) -> date:
    """Skips weekends and public holidays of the portal's calendar country (portal.core.calendar,
    setting PORTAL_BUSINESS_CALENDAR_COUNTRY)."""
    return calendar.add_business_days(start, days)


class StaffRequest(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    organization = models.ForeignKey(
        "tenancy.Organization", on_delete=models.PROTECT, related_name="staff_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    full_name = models.CharField(_("full name"), max_length=150)
    email = models.EmailField(_("email"))
    level = models.CharField(_("level"), max_length=20, choices=Level)
    status = models.CharField(max_length=12, choices=Status, default=Status.PENDING)
    due_date = models.DateField(_("due date"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(_("reason"), blank=True)
    membership = models.ForeignKey(
        "tenancy.Membership", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "email"],
                condition=models.Q(status="pending"),
                name="staff_request_one_pending_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}> for {self.organization}"

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.PENDING and timezone.localdate() > self.due_date


class ActivationToken(models.Model):
    """A single-use, expiring link to set a first password. Only the hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activation_tokens"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self) -> str:
        return f"activation for {self.user_id}"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def new_raw() -> str:
        return secrets.token_urlsafe(32)

    @property
    def is_usable(self) -> bool:
        """Unused, not replaced, not expired, and the person still has access (not deactivated)."""
        return (
            self.used_at is None
            and self.revoked_at is None
            and timezone.now() < self.expires_at
            and self.user.is_active
        )
