"""What the team area keeps: company details and billing settings of an organization (COMP-1),
staff requests (AUTH-2) and activation links for new people."""

import hashlib
import secrets
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

from portal.core import calendar
from portal.core.models import TimeStampedModel
from portal.core.scoping import Scope, ScopedQuerySet
from portal.core.validators import normalize_tax_id, validate_plain_text, validate_single_line
from portal.tenancy.models import Level, Organization, search_folded

STAFF_REQUEST_BUSINESS_DAYS = 5  # the vendor's commitment (AUTH-2)
REJECTION_REASON_MAX_LENGTH = 2000


def add_business_days(start: date, days: int) -> date:
    """Skips weekends and public holidays of the portal's calendar country (portal.core.calendar,
    setting PORTAL_BUSINESS_CALENDAR_COUNTRY)."""
    return calendar.add_business_days(start, days)


class CompanyDetails(TimeStampedModel):
    """An organization's legal and contact details (COMP-1); customers and leads have them too.

    The tax id is validated and stored in its compact form here, in the model, so that every
    service and the API apply the same rule as the company page.
    """

    organization = models.OneToOneField(
        "tenancy.Organization",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="details",
    )
    legal_name = models.CharField(
        _("legal name"),
        max_length=200,
        blank=True,
        validators=[validate_single_line],
    )
    tax_id = models.CharField(
        _("tax id"),
        max_length=32,
        blank=True,
        db_index=True,
        validators=[validate_single_line],
    )
    country = CountryField(_("country"), blank=True)
    address = models.CharField(
        _("address"),
        max_length=200,
        blank=True,
        validators=[validate_single_line],
    )
    city = models.CharField(
        _("city"),
        max_length=100,
        blank=True,
        validators=[validate_single_line],
    )
    postcode = models.CharField(
        _("postcode"),
        max_length=20,
        blank=True,
        validators=[validate_single_line],
    )
    state = models.CharField(
        _("state / province"),
        max_length=100,
        blank=True,
        validators=[validate_single_line],
    )
    phone = PhoneNumberField(_("phone"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.SUBTREE
    scope_field = "organization"

    # The company page's first part, saved on its own.
    EDITABLE_FIELDS = (
        "legal_name",
        "tax_id",
        "country",
        "address",
        "city",
        "postcode",
        "state",
        "phone",
        "website",
    )

    class Meta:
        verbose_name = _("company details")
        verbose_name_plural = _("company details")

    def __str__(self) -> str:
        return self.legal_name or str(self.organization_id)

    SEARCHED_FIELDS = ("email", "city", "phone")

    def search_text(self) -> str:
        """What a customer search finds these details by (`Organization.search_details`)."""
        return search_folded(self.email, self.city, self.phone.as_e164 if self.phone else "")

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or set(update_fields) & set(self.SEARCHED_FIELDS):
            text = self.search_text()
            Organization.objects.filter(pk=self.organization_id).update(search_details=text)
            if type(self).organization.is_cached(self):
                self.organization.search_details = text

    def clean(self):
        try:
            self.tax_id = normalize_tax_id(str(self.country or ""), self.tax_id)
        except ValidationError as error:
            raise ValidationError({"tax_id": error.messages}) from None


class BillingSettings(TimeStampedModel):
    """How an organization is billed (COMP-1): the billing area reads the payment method."""

    class PaymentMethod(models.TextChoices):
        CREDIT_CARD = "credit_card", _("Credit card")
        CASH = "cash", _("Cash")
        DEPOSIT = "deposit", _("Deposit")

    organization = models.OneToOneField(
        "tenancy.Organization",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="billing_settings",
    )
    billing_address = models.CharField(
        _("billing address"), max_length=500, blank=True, validators=[validate_plain_text]
    )
    billing_email = models.EmailField(_("billing email"), blank=True)
    payment_method = models.CharField(
        _("payment method"), max_length=12, choices=PaymentMethod, blank=True
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope.SUBTREE
    scope_field = "organization"

    # The company page's second part, saved on its own. The payment method is not among them:
    # the distributor (or the vendor) sets it (seed 004), through `payment_method_set`.
    EDITABLE_FIELDS = ("billing_address", "billing_email")

    class Meta:
        verbose_name = _("billing settings")
        verbose_name_plural = _("billing settings")

    def __str__(self) -> str:
        return f"billing of {self.organization_id}"


class StaffRequest(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organization = models.ForeignKey(
        "tenancy.Organization", on_delete=models.PROTECT, related_name="staff_requests"
    )
    # "SR-2026-000042": gap-free per year (portal/core/sequences.py), quoted in emails and calls.
    reference = models.CharField(_("reference"), max_length=20, unique=True, null=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    full_name = models.CharField(_("full name"), max_length=150, validators=[validate_single_line])
    email = models.EmailField(_("email"))
    level = models.CharField(_("level"), max_length=20, choices=Level)
    status = models.CharField(max_length=12, choices=Status, default=Status.PENDING)
    due_date = models.DateField(_("due date"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Sent to the requester in an email and shown in the queue: a few sentences, not a document.
    # A TextField's max_length only sizes the form field, so the validator enforces it.
    rejection_reason = models.TextField(
        _("reason"),
        blank=True,
        max_length=REJECTION_REASON_MAX_LENGTH,
        validators=[MaxLengthValidator(REJECTION_REASON_MAX_LENGTH), validate_plain_text],
    )
    membership = models.ForeignKey(
        "tenancy.Membership", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Approved for someone who already had a login: set when they accept the invitation.
    invitation = models.ForeignKey(
        "tenancy.MembershipInvitation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope.OWN
    scope_field = "organization"

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            # a company's pending requests, counted on its employees page
            models.Index(fields=["organization", "status"], name="staffrequest_org_status"),
        ]
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
    def audit_label(self) -> str:
        """The person asked for, without words or codes the trail cannot translate."""
        return f"{self.full_name} <{self.email}>"

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
