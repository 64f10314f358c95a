"""Demo invoices (SPEC §8): billing runs on the past three months' dates, so the demo has
invoices paid, unpaid and overdue, and the 12-month trend has something to draw."""

from datetime import timedelta

from django.utils import timezone

from portal.orders import services as orders_services
from portal.orders.models import Subscription
from portal.tenancy.actor import actor_for

from . import services
from .models import Invoice


def seed(world):
    today = timezone.localdate()
    # let the demo subscriptions look three months old, then bill each month up to today
    start = services.add_months(today, -3)
    Subscription.objects.update(started_on=start, next_invoice_on=start)
    orders_services.run_rate_month_ends_forget()  # history rewritten behind the services
    for months in range(3, -1, -1):
        services.billing_run(today=services.add_months(today, -months))
    billing = actor_for(world.member("billing@demo.example"))
    invoices = list(Invoice.objects.order_by("issued_on", "pk"))
    for i, invoice in enumerate(invoices):
        if invoice.issued_on >= today - timedelta(days=14):
            continue  # recent: unpaid, not yet due
        if i % 3 == 0:
            continue  # overdue
        amount = invoice.total if i % 3 == 1 else (invoice.total / 2).quantize(invoice.total)
        services.payment_record(
            actor=billing, invoice=invoice, amount=amount, paid_on=invoice.issued_on
        )
