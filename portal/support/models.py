"""What the support area keeps (SPEC §4.6): cases with their conversation and files, the
entitlement of each partner company and the vendor's cut-over date, paid support requests, the
knowledge base, live session slots, bookings and coupons, downloads and license keys.

Cases logged from a phone call are hidden from the partner side by the scoped queryset itself
(`CaseQuerySet.for_actor`), and internal notes by `CaseMessageQuerySet.for_actor`: no page,
selector or file view can forget either.
"""

import secrets
from datetime import timedelta
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.models import TimeStampedModel
from portal.core.scoping import Scope, ScopedQuerySet
from portal.core.validators import validate_plain_text, validate_single_line

SUBJECT_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 10_000
ARTICLE_MAX_LENGTH = 50_000
WAITING_REMINDER_DAYS = 7


def _private_name(prefix: str, filename: str) -> str:
    """A non-guessable stored name; the person's file name is kept in the record only."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"{prefix}/{secrets.token_urlsafe(24)}{suffix}"


def attachment_upload_to(instance, filename: str) -> str:
    return _private_name("support/cases", filename)


def download_upload_to(instance, filename: str) -> str:
    return _private_name("support/downloads", filename)


# ----------------------------------------------------------------- products and entitlement


class Product(models.Model):
    """What a case or a download is about. The vendor's catalogue, no organization's data."""

    name = models.CharField(
        _("name"), max_length=100, unique=True, validators=[validate_single_line]
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SupportSettings(models.Model):
    """The vendor's support settings (one row, pk 1): from which day case support is paid for
    companies without active maintenance (SUP-5, `003` seed: "after a posted date")."""

    paid_support_from = models.DateField(_("case support is paid from"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"support settings (paid from {self.paid_support_from})"


class SupportContract(TimeStampedModel):
    """A partner company's entitlement (SUP-5, SUP-7): maintenance, paid case support ordered,
    and the initial support period after purchase in which coupons are valid."""

    organization = models.OneToOneField(
        "tenancy.Organization",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="support_contract",
    )
    maintenance_until = models.DateField(_("maintenance until"), null=True, blank=True)
    paid_support_until = models.DateField(_("paid case support until"), null=True, blank=True)
    initial_support_start = models.DateField(_("initial support from"), null=True, blank=True)
    initial_support_end = models.DateField(_("initial support until"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.OWN
    scope_field = "organization"

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(initial_support_start__isnull=True)
                | Q(initial_support_end__isnull=True)
                | Q(initial_support_end__gte=models.F("initial_support_start")),
                name="support_contract_initial_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"support contract of {self.organization_id}"

    def in_initial_period(self, day) -> bool:
        return bool(
            self.initial_support_start
            and self.initial_support_end
            and self.initial_support_start <= day <= self.initial_support_end
        )


class PaidSupportRequest(TimeStampedModel):
    """A partner asks the vendor for paid case support or custom development (SUP-5, §3)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    organization = models.ForeignKey(
        "tenancy.Organization", on_delete=models.PROTECT, related_name="paid_support_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(
        _("what you need"),
        max_length=2000,
        validators=[MaxLengthValidator(2000), validate_plain_text],
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.OWN
    scope_field = "organization"

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"paid support for {self.organization_id}"


# ----------------------------------------------------------------------------------- cases


class CaseQuerySet(ScopedQuerySet):
    def for_actor(self, actor):
        """Phone cases never reach the partner side, whatever the page (SUP-3)."""
        rows = super().for_actor(actor)
        if actor is not None and not actor.is_vendor:
            rows = rows.exclude(channel=Case.Channel.PHONE)
        return rows

    def open(self):
        return self.exclude(status__in=Case.CLOSED_STATUSES)


class Case(TimeStampedModel):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        ASSIGNED = "assigned", _("Assigned")
        WAITING = "waiting", _("Waiting for partner")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")

    class Severity(models.TextChoices):
        LOW = "low", _("Low")
        NORMAL = "normal", _("Normal")
        HIGH = "high", _("High")
        CRITICAL = "critical", _("Critical")

    class Channel(models.TextChoices):
        PORTAL = "portal", _("Portal")
        PHONE = "phone", _("Phone")

    CLOSED_STATUSES = (Status.RESOLVED, Status.CLOSED)

    organization = models.ForeignKey(
        "tenancy.Organization", on_delete=models.PROTECT, related_name="support_cases"
    )
    # "CASE-2026-000123": gap-free per year (portal/core/sequences.py), never reused
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    subject = models.CharField(
        _("subject"), max_length=SUBJECT_MAX_LENGTH, validators=[validate_single_line]
    )
    product = models.ForeignKey(
        Product, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("product")
    )
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity, default=Severity.NORMAL
    )
    description = models.TextField(
        _("description"),
        max_length=TEXT_MAX_LENGTH,
        validators=[MaxLengthValidator(TEXT_MAX_LENGTH), validate_plain_text],
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.NEW)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel, default=Channel.PORTAL)
    # the partner member the case is for (the caller, for a phone case)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="support_cases"
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_support_cases",
        verbose_name=_("assignee"),
    )
    followers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="followed_support_cases"
    )
    waiting_since = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(default=timezone.now)

    objects = CaseQuerySet.as_manager()
    scope = Scope.OWN
    scope_field = "organization"

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organization", "created_by", "created_at"]),
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["assignee", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status not in self.CLOSED_STATUSES

    def waiting_reminder_due(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == self.Status.WAITING
            and self.waiting_since is not None
            and self.reminded_at is None
            and now - self.waiting_since >= timedelta(days=WAITING_REMINDER_DAYS)
        )


class CaseMessageQuerySet(ScopedQuerySet):
    def for_actor(self, actor):
        """Internal notes and phone cases' messages never reach the partner side (SUP-4)."""
        rows = super().for_actor(actor)
        if actor is not None and not actor.is_vendor:
            rows = rows.filter(internal=False).exclude(case__channel=Case.Channel.PHONE)
        return rows


class CaseMessage(models.Model):
    """One entry of a case's conversation: a partner update, a vendor reply or an internal note."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_vendor = models.BooleanField(default=False)
    internal = models.BooleanField(_("internal note"), default=False)
    body = models.TextField(
        _("message"),
        max_length=TEXT_MAX_LENGTH,
        validators=[MaxLengthValidator(TEXT_MAX_LENGTH), validate_plain_text],
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = CaseMessageQuerySet.as_manager()
    scope = Scope.OWN
    scope_field = "case__organization"

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(internal=False) | Q(from_vendor=True),
                name="support_message_only_vendor_notes_internal",
            )
        ]

    def __str__(self) -> str:
        return f"message on {self.case_id}"


class CaseAttachmentQuerySet(ScopedQuerySet):
    def for_actor(self, actor):
        rows = super().for_actor(actor)
        if actor is not None and not actor.is_vendor:
            rows = rows.exclude(case__channel=Case.Channel.PHONE).exclude(message__internal=True)
        return rows


class CaseAttachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        CaseMessage, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_upload_to, max_length=200)
    original_name = models.CharField(max_length=200, validators=[validate_single_line])
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = CaseAttachmentQuerySet.as_manager()
    scope = Scope.OWN
    scope_field = "case__organization"

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


# -------------------------------------------------------------------------- knowledge base


class ArticleCategory(models.Model):
    name = models.CharField(
        _("name"), max_length=100, unique=True, validators=[validate_single_line]
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "article categories"

    def __str__(self) -> str:
        return self.name


class Article(TimeStampedModel):
    """A solution article (SUP-6): the vendor's publication, public or for members only."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Signed-in members only")

    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    category = models.ForeignKey(
        ArticleCategory,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("category"),
    )
    # Plain text with a few Markdown marks (# headings, - lists), rendered escaped (render.py)
    body = models.TextField(
        _("text"),
        max_length=ARTICLE_MAX_LENGTH,
        validators=[MaxLengthValidator(ARTICLE_MAX_LENGTH), validate_plain_text],
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility, default=Visibility.MEMBERS
    )
    is_published = models.BooleanField(_("published"), default=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["title"]
        indexes = [models.Index(fields=["is_published", "visibility", "title"])]

    def __str__(self) -> str:
        return self.title


# --------------------------------------------------------------------------- live sessions


class LiveSessionSlot(TimeStampedModel):
    """A time the vendor offers for a live session (SUP-7); booked once."""

    class Kind(models.TextChoices):
        INSTALLATION = "installation", _("Installation")
        CONFIGURATION = "configuration", _("Configuration")
        TRAINING = "training", _("Training")

    kind = models.CharField(_("kind"), max_length=15, choices=Kind)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=60,
        validators=[MinValueValidator(15), MaxValueValidator(480)],
    )
    price = models.DecimalField(
        _("price (EUR)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # set by the one booking that wins the slot (a conditional update)
    booked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["booked_at", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"


class Coupon(TimeStampedModel):
    """A code a company's members enter when booking: valid in the company's initial support
    period, for a number of uses (SUP-7, `003` seed)."""

    organization = models.ForeignKey(
        "tenancy.Organization", on_delete=models.CASCADE, related_name="support_coupons"
    )
    code = models.CharField(
        _("code"), max_length=32, unique=True, validators=[validate_single_line]
    )
    discount_percent = models.PositiveSmallIntegerField(
        _("discount (%)"), default=100, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_uses = models.PositiveSmallIntegerField(
        _("uses"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    uses = models.PositiveSmallIntegerField(default=0)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.OWN
    scope_field = "organization"

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(uses__lte=models.F("max_uses")), name="support_coupon_uses_within_max"
            ),
            models.CheckConstraint(
                condition=Q(discount_percent__gte=1, discount_percent__lte=100),
                name="support_coupon_discount_range",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def uses_left(self) -> int:
        return self.max_uses - self.uses


class LiveSessionBooking(TimeStampedModel):
    slot = models.OneToOneField(LiveSessionSlot, on_delete=models.PROTECT, related_name="booking")
    organization = models.ForeignKey(
        "tenancy.Organization", on_delete=models.PROTECT, related_name="support_bookings"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    coupon = models.ForeignKey(
        Coupon, null=True, blank=True, on_delete=models.PROTECT, related_name="bookings"
    )
    price = models.DecimalField(max_digits=8, decimal_places=2)
    topic = models.CharField(
        _("what should we cover?"), max_length=200, blank=True, validators=[validate_single_line]
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope.OWN
    scope_field = "organization"

    class Meta:
        ordering = ["slot__starts_at"]

    def __str__(self) -> str:
        return f"booking of {self.slot_id}"


# ------------------------------------------------------------------------------- downloads


class Download(TimeStampedModel):
    """A document or software version the vendor publishes (SUP-8), shown by level (SPEC §3)."""

    class Kind(models.TextChoices):
        INSTALLATION_DOC = "installation_doc", _("Installation document")
        UPDATE_DOC = "update_doc", _("Update document")
        SOFTWARE = "software", _("Software version")

    DOCUMENT_KINDS = (Kind.INSTALLATION_DOC, Kind.UPDATE_DOC)

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    product = models.ForeignKey(
        Product, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("product")
    )
    version = models.CharField(
        _("version"), max_length=40, blank=True, validators=[validate_single_line]
    )
    file = models.FileField(upload_to=download_upload_to, max_length=200)
    original_name = models.CharField(max_length=200, validators=[validate_single_line])
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_software(self) -> bool:
        return self.kind == self.Kind.SOFTWARE


class DownloadRequest(TimeStampedModel):
    """IT and Manager members ask for a software version; the vendor approves (SPEC §3)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    download = models.ForeignKey(Download, on_delete=models.CASCADE, related_name="requests")
    organization = models.ForeignKey(
        "tenancy.Organization", on_delete=models.CASCADE, related_name="download_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.OWN
    scope_field = "organization"

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["download", "requested_by", "organization"],
                condition=~Q(status="rejected"),
                name="support_download_one_open_request",
            )
        ]

    def __str__(self) -> str:
        return f"request for {self.download_id}"


class LicenseKey(TimeStampedModel):
    """A company's license key and activation code: Primaries only (SPEC §3)."""

    organization = models.ForeignKey(
        "tenancy.Organization", on_delete=models.CASCADE, related_name="license_keys"
    )
    product = models.ForeignKey(Product, on_delete=models.PROTECT, verbose_name=_("product"))
    key = models.CharField(_("license key"), max_length=100, validators=[validate_single_line])
    activation_code = models.CharField(
        _("activation code"), max_length=100, blank=True, validators=[validate_single_line]
    )
    seats = models.PositiveIntegerField(_("seats"), default=1)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.OWN
    scope_field = "organization"

    class Meta:
        ordering = ["product__name", "pk"]

    def __str__(self) -> str:
        return f"{self.product_id}: {self.key}"
