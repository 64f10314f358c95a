import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.core.tables import PortalTable
from portal.core.templatetags.portal_format import userdate
from portal.orders.templatetags.money import money

from .models import Invoice, PaymentStatus

NUM = {"th": {"class": "num"}, "td": {"class": "num"}}
BADGE = {PaymentStatus.PAID: "ok", PaymentStatus.OVERDUE: "bad", PaymentStatus.UNPAID: "warn"}


class InvoiceTable(PortalTable):
    number = tables.Column(
        verbose_name=_("Invoice #"), linkify=("billing:invoice", [tables.A("pk")])
    )
    customer = tables.Column(verbose_name=_("Customer"), accessor="customer__name")
    # invoices of one day in the order of their numbers, not at the database's whim
    issued_on = tables.Column(verbose_name=_("Issued"), order_by=("issued_on", "number"))
    due_on = tables.Column(verbose_name=_("Due"))
    total = tables.Column(verbose_name=_("Total"), attrs=NUM)
    payment_status = tables.Column(verbose_name=_("Payment status"))

    class Meta:
        model = Invoice
        fields = ("number", "customer", "issued_on", "due_on", "total", "payment_status")
        order_by = ("-issued_on",)
        empty_text = _("No invoices match.")

    def render_issued_on(self, value):
        return userdate(value)

    def render_due_on(self, value):
        return userdate(value)

    def render_total(self, value, record):
        return money(value, record.currency)

    def render_payment_status(self, value):
        return format_html(
            '<span class="badge {}">{}</span>', BADGE[value], PaymentStatus(value).label
        )


class StoreInvoiceTable(InvoiceTable):
    number = tables.Column(
        verbose_name=_("Invoice #"), linkify=("store_invoices:invoice", [tables.A("pk")])
    )

    class Meta(InvoiceTable.Meta):
        exclude = ("customer",)


class ConsoleInvoiceTable(InvoiceTable):
    number = tables.Column(
        verbose_name=_("Invoice #"), linkify=("console:billing_invoice", [tables.A("pk")])
    )
    reseller = tables.Column(verbose_name=_("Reseller"), accessor="reseller__name")

    class Meta(InvoiceTable.Meta):
        fields = (
            "number",
            "customer",
            "reseller",
            "issued_on",
            "due_on",
            "total",
            "payment_status",
        )
