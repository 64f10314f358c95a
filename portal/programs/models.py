"""What the reseller program keeps (SPEC §4.3, PROG-1..5): reseller applications, program terms
and their acceptances, each reseller's client registration link, leads, and the change and
service requests filed on converted accounts.

Tax ids are stored normalized (portal.core.validators.normalize_tax_id) with a `tax_key` beside
them (country + the number that identifies the company): "registered once" is a partial unique
constraint on that key, so two submissions of one company at the same instant cannot both pass.
"""

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

from portal.core.models import TimeStampedModel
from portal.core.scoping import Scope, ScopedQuerySet
from portal.core.validators import (
    normalize_tax_id,
    tax_id_key,
    validate_plain_text,
    validate_single_line,
)

APPLICATION_DAYS = 30  # PROG-2: the vendor decides within 30 calendar days (usually 7)
REASON_MAX_LENGTH = 2000
MESSAGE_MAX_LENGTH = 4000
TERMS_MAX_LENGTH = 100_000


def _line(label, max_length, **kwargs):
    return models.CharField(
        label, max_length=max_length, validators=[validate_single_line], **kwargs
    )


def _text(label, max_length, **kwargs):
    return models.TextField(
        label,
        max_length=max_length,
        validators=[MaxLengthValidator(max_length), validate_plain_text],
        **kwargs,
    )


class CompanyFields(models.Model):
    """A company as the public forms take it: what an application and a lead both hold."""

    company_name = _line(_("company name"), 200)
    tax_id = _line(_("tax id"), 32)
    # country + the number that identifies the company (tax_id_key), for the duplicate rules
    tax_key = models.CharField(max_length=40, editable=False)
    country = CountryField(_("country"))
    address = _line(_("address"), 200)
    city = _line(_("city"), 100)
    postcode = _line(_("postcode"), 20)
    contact_name = _line(_("contact person"), 150)
    email = models.EmailField(_("email"))
    phone = PhoneNumberField(_("phone"))

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        try:
            self.tax_id = normalize_tax_id(str(self.country or ""), self.tax_id)
        except ValidationError as error:
            raise ValidationError({"tax_id": error.messages}) from None
        self.tax_key = tax_id_key(str(self.country or ""), self.tax_id)


class ResellerApplication(CompanyFields, TimeStampedModel):
    """PROG-1, PROG-2: a company asks to become a reseller; vendor staff accept or reject."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    website = models.URLField(_("website"), blank=True)
    message = _text(_("message"), MESSAGE_MAX_LENGTH, blank=True)
    # the applicant's language when applying: the decision email is written in it
    language = models.CharField(max_length=8, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.PENDING)
    due_date = models.DateField(_("due date"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = _text(_("reason"), REASON_MAX_LENGTH, blank=True)
    # the reseller organization acceptance created
    reseller = models.ForeignKey(
        "tenancy.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()
    # Nobody but vendor staff reads applications: the applicant has no login yet.
    scope = Scope.VENDOR
    scope_field = "reseller"

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            # PROG-1: each company applies once (a rejected company may apply again)
            models.UniqueConstraint(
                fields=["tax_key"],
                condition=Q(status__in=["pending", "accepted"]),
                name="application_one_per_company",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.company_name}"

    @staticmethod
    def due_from(day: date) -> date:
        return day + timedelta(days=APPLICATION_DAYS)

    @property
    def age_days(self) -> int:
        return (timezone.localdate() - timezone.localdate(self.created_at)).days

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.PENDING and timezone.localdate() > self.due_date


class ProgramTerms(models.Model):
    """PROG-3: one published version of the program terms. The newest is the current one."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    text = _text(_("terms"), TERMS_MAX_LENGTH)
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-version"]
        verbose_name = _("program terms")
        verbose_name_plural = _("program terms")

    def __str__(self) -> str:
        return f"v{self.version}"


class TermsAcceptance(models.Model):
    """PROG-3: a reseller accepted one version: who, when, which version, from which address."""

    organization = models.ForeignKey(
        "tenancy.Organization", on_delete=models.PROTECT, related_name="terms_acceptances"
    )
    terms = models.ForeignKey(ProgramTerms, on_delete=models.PROTECT, related_name="acceptances")
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.OWN
    scope_field = "organization"

    class Meta:
        ordering = ["-accepted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "terms"], name="terms_accepted_once_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} accepted v{self.terms_id}"


class RegistrationLink(TimeStampedModel):
    """PROG-4: a reseller's client registration link. The token is the URL's only secret; it is
    shown to the reseller again (copy button), so it is stored as is, and rotating replaces it:
    the old URL finds no row and answers 404."""

    organization = models.OneToOneField(
        "tenancy.Organization",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="registration_link",
    )
    token = models.CharField(max_length=64, unique=True)
    rotated_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.OWN
    scope_field = "organization"

    def __str__(self) -> str:
        return f"registration link of {self.organization_id}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)


class Lead(CompanyFields, TimeStampedModel):
    """PROG-4, PROG-5: a client registered by a reseller, until the vendor converts it into a
    customer account (or rejects it)."""

    class Status(models.TextChoices):
        LEAD = "lead", _("Lead")
        CONVERTED = "converted", _("Converted")
        REJECTED = "rejected", _("Rejected")

    class Source(models.TextChoices):
        LINK = "link", _("Registration link")
        PORTAL = "portal", _("Added in the portal")

    organization = models.ForeignKey(
        "tenancy.Organization", on_delete=models.PROTECT, related_name="leads"
    )
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.LEAD)
    source = models.CharField(_("source"), max_length=8, choices=Source)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = _text(_("reason"), REASON_MAX_LENGTH, blank=True)
    customer = models.OneToOneField(
        "tenancy.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="converted_from_lead",
        verbose_name=_("account"),
    )

    objects = ScopedQuerySet.as_manager()
    # A reseller's own leads only: not its distributor's, not another reseller's.
    scope = Scope.OWN
    scope_field = "organization"

    EDITABLE_FIELDS = (
        "company_name",
        "tax_id",
        "country",
        "address",
        "city",
        "postcode",
        "contact_name",
        "email",
        "phone",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["organization", "status", "-created_at"]),
            models.Index(fields=["status", "created_at"]),
        ]
        constraints = [
            # PROG-4: a client is registered once, through whichever reseller
            models.UniqueConstraint(
                fields=["tax_key"],
                condition=Q(status__in=["lead", "converted"]),
                name="lead_one_per_company",
            ),
            models.CheckConstraint(
                condition=Q(status="converted", customer__isnull=False)
                | (~Q(status="converted") & Q(customer__isnull=True)),
                name="lead_converted_has_account",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.company_name}"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.LEAD


class AccountRequest(TimeStampedModel):
    """PROG-5: on a converted account the reseller asks the vendor for a change of its data or
    for more services (another shop to integrate…), instead of an email."""

    class Kind(models.TextChoices):
        CHANGE = "change", _("Change request")
        SERVICE = "service", _("Service request")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPLIED = "applied", _("Applied")
        DECLINED = "declined", _("Declined")

    # The account's data a change request may change, with the record that holds it.
    CHANGEABLE_FIELDS = (
        "name",
        "tax_id",
        "country",
        "address",
        "city",
        "postcode",
        "phone",
        "email",
        "website",
    )

    CHANGE_LABELS = {
        "name": _("Company name"),
        "tax_id": _("Tax id"),
        "country": _("Country"),
        "address": _("Address"),
        "city": _("City"),
        "postcode": _("Postcode"),
        "phone": _("Phone"),
        "email": _("Email"),
        "website": _("Website"),
    }

    organization = models.ForeignKey(
        "tenancy.Organization", on_delete=models.PROTECT, related_name="account_requests"
    )
    lead = models.ForeignKey(Lead, on_delete=models.PROTECT, related_name="requests")
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind)
    # change requests: {"field": "new value"} over CHANGEABLE_FIELDS
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    description = _text(_("description"), MESSAGE_MAX_LENGTH, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.PENDING)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = _text(_("reason"), REASON_MAX_LENGTH, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.OWN
    scope_field = "organization"

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.reference} ({self.kind})"

    def change_rows(self) -> list[tuple[str, str]]:
        """(translated field label, new value) of a change request, in the form's order."""
        return [
            (str(self.CHANGE_LABELS[name]), self.changes[name])
            for name in self.CHANGEABLE_FIELDS
            if name in (self.changes or {})
        ]
