"""Invoices, their lines and payments (BILL-2, BILL-3).

An invoice is issued by the billing run (`services.billing_run`) for one customer on one billing
date: a line per due subscription period and per one-time asset not yet invoiced. The database
itself refuses a second line for the same subscription period or the same asset, so two runs at
once can never invoice anything twice. Payment status: paid when the payments cover the total,
overdue when not and the due date has passed (computed, never stored, so it cannot go stale).
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.models import TimeStampedModel
from portal.core.scoping import ResellerColumnMixin, Scope, ScopedQuerySet
from portal.core.validators import validate_single_line
from portal.orders.models import Asset, Currency, Subscription
from portal.tenancy.models import Organization

MONEY = {"max_digits": 14, "decimal_places": 2}


class PaymentStatus(models.TextChoices):
    UNPAID = "unpaid", _("Unpaid")
    PAID = "paid", _("Paid")
    OVERDUE = "overdue", _("Overdue")


class InvoiceQuerySet(ScopedQuerySet):
    def with_payment_status(self, today: date | None = None):
        """Annotate `payment_status` (paid / overdue / unpaid) in the database: filterable."""
        today = today or timezone.localdate()
        return self.annotate(
            payment_status=Case(
                When(paid_amount__gte=F("total"), then=Value(PaymentStatus.PAID)),
                When(due_on__lt=today, then=Value(PaymentStatus.OVERDUE)),
                default=Value(PaymentStatus.UNPAID),
                output_field=models.CharField(),
            )
        )

    def with_status(self, status: str, today: date | None = None):
        today = today or timezone.localdate()
        if status == PaymentStatus.PAID:
            return self.filter(paid_amount__gte=F("total"))
        if status == PaymentStatus.OVERDUE:
            return self.filter(paid_amount__lt=F("total"), due_on__lt=today)
        if status == PaymentStatus.UNPAID:
            return self.filter(paid_amount__lt=F("total"), due_on__gte=today)
        return self

    def outstanding_counts(self, today: date | None = None) -> dict:
        """How many are overdue and how many unpaid but not yet due (`with_status`), counted
        in one query."""
        today = today or timezone.localdate()
        return self.filter(paid_amount__lt=F("total")).aggregate(
            overdue=models.Count("pk", filter=Q(due_on__lt=today)),
            unpaid=models.Count("pk", filter=Q(due_on__gte=today)),
        )


class Invoice(ResellerColumnMixin, TimeStampedModel):
    number = models.CharField(_("invoice number"), max_length=20, unique=True)
    customer = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="invoices")
    reseller = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    currency = models.CharField(_("currency"), max_length=3, choices=Currency)
    issued_on = models.DateField(_("issued"))
    due_on = models.DateField(_("due"))
    net = models.DecimalField(_("net"), **MONEY)
    tax_percent = models.DecimalField(_("tax rate (%)"), max_digits=5, decimal_places=2)
    tax = models.DecimalField(_("tax"), **MONEY)
    total = models.DecimalField(_("total"), **MONEY)
    # total = net + tax is computed in Decimal by the billing run (a CHECK would compare in
    # floating point on SQLite)
    # the sum of the payments, kept with them under the invoice's row lock
    paid_amount = models.DecimalField(_("paid"), **MONEY, default=0)

    objects = InvoiceQuerySet.as_manager()
    scope = Scope.SUBTREE
    scope_field = "customer"
    scope_reseller_field = "reseller"

    class Meta:
        ordering = ["-issued_on", "-pk"]
        indexes = [
            models.Index(fields=["reseller", "-issued_on"], name="invoice_reseller_recent"),
            models.Index(fields=["customer", "-issued_on"], name="invoice_customer_recent"),
            models.Index(fields=["issued_on"], name="invoice_issued"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(paid_amount__gte=0), name="invoice_paid_positive"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def organization(self) -> Organization:
        return self.customer

    @property
    def outstanding(self):
        return max(self.total - self.paid_amount, 0)

    @property
    def status(self) -> str:
        if self.paid_amount >= self.total:
            return PaymentStatus.PAID
        if self.due_on < timezone.localdate():
            return PaymentStatus.OVERDUE
        return PaymentStatus.UNPAID

    def get_status_display(self) -> str:
        return PaymentStatus(self.status).label


class InvoicePdf(models.Model):
    """An invoice's PDF in one language (English, Polish, Hungarian), rendered on the first
    download in that language and kept as a private file: each reader gets the document in their
    own language, and an issued invoice does not change (its payment status is not printed)."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="pdfs")
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    file = models.FileField(upload_to="invoices/%Y/", max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.SUBTREE
    scope_field = "invoice__customer"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["invoice", "language"], name="invoice_pdf_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.invoice_id} ({self.language})"


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    subscription = models.ForeignKey(
        Subscription, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    asset = models.ForeignKey(
        Asset, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(max_length=300, validators=[validate_single_line])
    quantity = models.PositiveIntegerField()
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    amount = models.DecimalField(**MONEY)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.SUBTREE
    scope_field = "invoice__customer"

    class Meta:
        ordering = ["pk"]
        constraints = [
            # never two invoices for the same subscription period, nor for the same asset
            models.UniqueConstraint(
                fields=["subscription", "period_start"],
                condition=Q(subscription__isnull=False),
                name="invoice_line_one_per_period",
            ),
            models.UniqueConstraint(
                fields=["asset"], condition=Q(asset__isnull=False), name="invoice_line_one_asset"
            ),
            models.CheckConstraint(
                condition=Q(subscription__isnull=True) | Q(asset__isnull=True),
                name="invoice_line_one_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invoice_id}: {self.description}"


class Payment(TimeStampedModel):
    """A payment recorded by the vendor's billing staff, full or partial."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(
        _("amount"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(
        _("reference"), max_length=100, blank=True, validators=[validate_single_line]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope.SUBTREE
    scope_field = "invoice__customer"

    class Meta:
        ordering = ["paid_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_positive")]

    def __str__(self) -> str:
        return f"{self.amount} on {self.invoice_id}"
