"""Writes of the billing area: the billing run that issues invoices (BILL-2), payments, and the
invoice PDFs kept as private files, one per language.

The billing run is safe to run twice, or on two workers at once:
- customers are invoiced one at a time, in ascending order, each in its own transaction that
  first locks the customer's row: a second run waits for the first run's customer to commit and
  then finds nothing due (the due subscriptions have moved on, the assets have their line);
- the invoice number is taken last (portal.core.sequences: gap-free, its lock held to commit);
- the database refuses a second line for the same subscription period or asset; should a run get
  there anyway, that customer's transaction rolls back (its number is given back) and is skipped.
"""

import calendar
import logging
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.access.policies import require
from portal.audit.services import audit_record
from portal.core.exceptions import DomainError
from portal.core.sequences import sequence_format, sequence_next
from portal.orders import money
from portal.orders.models import Asset, Subscription, SubscriptionStatus
from portal.tenancy.actor import Actor
from portal.tenancy.models import Organization

from .models import Invoice, InvoiceLine, InvoicePdf, Payment
from .verbs import BillingVerb

logger = logging.getLogger(__name__)

PAYMENT_TERMS_DAYS = 14
MAX_PERIODS_PER_RUN = 36  # a subscription far behind is caught up over several runs


def tax_percent() -> Decimal:
    return Decimal(str(getattr(settings, "PORTAL_INVOICE_TAX_PERCENT", "23")))


def add_months(day: date, months: int, anchor_day: int | None = None) -> date:
    """`day` moved by whole months, on `anchor_day` (or the month's last day when shorter), so a
    subscription started on the 31st is invoiced on the 28th/30th/31st without drifting."""
    anchor_day = anchor_day or day.day
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(anchor_day, calendar.monthrange(year, month)[1]))


@dataclass
class BillingRunResult:
    invoices: int = 0
    lines: int = 0
    skipped: int = 0


def _uninvoiced_assets():
    return Asset.objects.filter(~Exists(InvoiceLine.objects.filter(asset=OuterRef("pk"))))


def due_customer_ids(today: date) -> list[int]:
    subscriptions = Subscription.objects.filter(
        status=SubscriptionStatus.ACTIVE, next_invoice_on__lte=today
    ).values_list("customer_id", flat=True)
    assets = (
        _uninvoiced_assets().filter(delivered_on__lte=today).values_list("customer_id", flat=True)
    )
    return sorted(set(subscriptions.distinct()) | set(assets.distinct()))


def billing_run(*, today: date | None = None, actor: Actor | None = None) -> BillingRunResult:
    """Issue the invoices due on `today` (default: today). `actor` is None for the scheduled job
    and the management command; vendor billing staff may start it by hand (audited)."""
    if actor is not None:
        require(actor, "console.billing.run")
        audit_record(actor=actor, verb=BillingVerb.BILLING_RUN, data={"date": str(today)})
    today = today or timezone.localdate()
    result = BillingRunResult()
    for customer_id in due_customer_ids(today):
        try:
            with transaction.atomic():
                invoices, lines = _invoice_customer(customer_id, today)
        except IntegrityError:
            # another run issued these lines between our look and our insert: nothing is lost,
            # this customer's transaction (and its invoice number) was rolled back
            logger.info("Billing run: customer %s already invoiced by another run", customer_id)
            result.skipped += 1
            continue
        result.invoices += invoices
        result.lines += lines
    return result


def _invoice_customer(customer_id: int, today: date) -> tuple[int, int]:
    # the customer's row lock orders concurrent runs: the second one waits here, then re-reads
    customer = (
        Organization.objects.select_for_update(of=("self",))
        .select_related("parent")
        .get(pk=customer_id)
    )
    subscriptions = list(
        Subscription.objects.filter(
            customer_id=customer_id, status=SubscriptionStatus.ACTIVE, next_invoice_on__lte=today
        )
        .select_related("product")
        .order_by("pk")
    )
    assets = list(
        _uninvoiced_assets()
        .filter(customer_id=customer_id, delivered_on__lte=today)
        .select_related("product")
        .order_by("pk")
    )
    lines_by_currency: dict[str, list[InvoiceLine]] = {}
    for subscription in subscriptions:
        anchor = subscription.started_on.day
        start = subscription.next_invoice_on
        for _period in range(MAX_PERIODS_PER_RUN):
            if start > today:
                break
            end = add_months(start, subscription.period_months, anchor) - timedelta(days=1)
            lines_by_currency.setdefault(subscription.currency, []).append(
                InvoiceLine(
                    subscription=subscription,
                    description=subscription.product.name[:300],
                    quantity=subscription.quantity,
                    period_start=start,
                    period_end=end,
                    amount=subscription.period_amount,
                )
            )
            start = end + timedelta(days=1)
        subscription.next_invoice_on = start
    for asset in assets:
        lines_by_currency.setdefault(asset.currency, []).append(
            InvoiceLine(
                asset=asset,
                description=asset.product.name[:300],
                quantity=asset.quantity,
                amount=asset.amount,
            )
        )
    invoices = lines = 0
    rate = tax_percent()
    for currency in sorted(lines_by_currency):
        invoice_lines = lines_by_currency[currency]
        net = sum((line.amount for line in invoice_lines), Decimal("0.00"))
        tax = money.tax_of(net, rate)
        invoice = Invoice(
            customer=customer,
            reseller=customer.parent,
            currency=currency,
            issued_on=today,
            due_on=today + timedelta(days=PAYMENT_TERMS_DAYS),
            net=net,
            tax_percent=rate,
            tax=tax,
            total=net + tax,
        )
        # the gap-free number last: a failure below gives it back with the rollback
        invoice.number = sequence_format(
            "INV", today.year, sequence_next(name="invoice", year=today.year)
        )
        invoice.save()
        for line in invoice_lines:
            line.invoice = invoice
        InvoiceLine.objects.bulk_create(invoice_lines)
        audit_record(
            actor=None,
            verb=BillingVerb.INVOICE_ISSUED,
            target=invoice,
            data={"number": invoice.number, "total": str(invoice.total)},
        )
        invoices += 1
        lines += len(invoice_lines)
    Subscription.objects.bulk_update(subscriptions, ["next_invoice_on"])
    return invoices, lines


@transaction.atomic
def payment_record(
    *, actor: Actor, invoice: Invoice, amount, paid_on: date, reference: str = ""
) -> Payment:
    """Record a full or partial payment; more than is still owed is refused."""
    require(actor, "console.payments.record")
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    try:
        amount = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        raise DomainError(_("Enter an amount."), field="amount") from None
    if not amount.is_finite() or amount != money.cents(amount) or amount <= 0:
        raise DomainError(_("Enter an amount above zero, in cents at most."), field="amount")
    if amount > invoice.total - invoice.paid_amount:
        raise DomainError(
            _("That is more than the %(outstanding)s still owed.")
            % {"outstanding": invoice.total - invoice.paid_amount},
            field="amount",
        )
    if paid_on > timezone.localdate():
        raise DomainError(_("A payment cannot be in the future."), field="paid_on")
    payment = Payment(
        invoice=invoice,
        amount=amount,
        paid_on=paid_on,
        reference=reference,
        recorded_by=actor.user,
    )
    payment.full_clean()
    payment.save()
    invoice.paid_amount += amount
    invoice.save(update_fields=["paid_amount", "updated_at"])
    audit_record(
        actor=actor,
        verb=BillingVerb.PAYMENT_RECORDED,
        target=invoice,
        data={"amount": str(amount), "number": invoice.number},
    )
    return payment


def _pdf_language(language: str | None) -> str:
    """One of the portal's languages (a regional variant falls back to its language)."""
    try:
        return translation.get_supported_language_variant(language or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


def invoice_pdf_file(*, invoice: Invoice, language: str | None):
    """The invoice's PDF in the reader's language as a stored private file: rendered on the first
    download in that language and kept (`InvoicePdf`). Labels, dates and amounts follow the
    language; the figures are the invoice's own in every one."""
    language = _pdf_language(language)
    stored = InvoicePdf.objects.filter(invoice=invoice, language=language).first()
    if stored is not None:
        return stored.file
    from .pdf import render_invoice_pdf

    with translation.override(language):
        content = render_invoice_pdf(invoice)
    document = InvoicePdf(invoice=invoice, language=language)
    # a random part: the stored name says nothing guessable (the download is named by the view)
    name = f"{invoice.number}-{language}-{secrets.token_hex(8)}.pdf"
    document.file.save(name, ContentFile(content), save=False)
    # two first downloads at once: the first row wins, the other file is an orphan copy
    InvoicePdf.objects.bulk_create([document], ignore_conflicts=True)
    return InvoicePdf.objects.get(invoice=invoice, language=language).file
