"""Billing pages of the partner portal (/portal/billing/: invoices of the reseller's customers,
one invoice, its PDF, a customer's billing details) and of the storefront (/store/invoices/: the
customer's own invoices)."""

from django.shortcuts import render
from django.utils import translation

from portal.access.decorators import permission_required
from portal.core.files import serve_private_file
from portal.core.lazy import deferred
from portal.core.pagination import paginate_table
from portal.core.scoping import get_for_actor
from portal.tenancy.selectors import customers_of

from . import selectors, services
from .filters import InvoiceFilter
from .tables import InvoiceTable, StoreInvoiceTable

PER_PAGE = 25


def _invoices(request, table_class, queryset, template):
    invoice_filter = InvoiceFilter(request.GET, queryset=queryset)
    # read only when the rows are rendered: not when they come from the cache ({% kept %})
    table = deferred(
        lambda: paginate_table(request, table_class(invoice_filter.qs), per_page=PER_PAGE)
    )
    if request.htmx:
        template = "billing/partials/_invoice_rows.html"
    return render(request, template, {"filter": invoice_filter, "table": table})


@permission_required("billing.view")
def invoice_list(request):
    return _invoices(
        request,
        InvoiceTable,
        selectors.invoice_list(actor=request.actor),
        "billing/invoice_list.html",
    )


def _invoice(request, invoice_id):
    return get_for_actor(request.actor, selectors.invoice_detail(actor=request.actor), invoice_id)


def _invoice_page(request, invoice_id, template):
    invoice = _invoice(request, invoice_id)
    return render(
        request,
        template,
        {
            "invoice": invoice,
            "lines": invoice.lines.all(),
            "payments": invoice.payments.select_related("recorded_by"),
        },
    )


@permission_required("billing.view")
def invoice_detail(request, invoice_id: int):
    return _invoice_page(request, invoice_id, "billing/invoice_detail.html")


def _pdf(request, invoice_id):
    invoice = _invoice(request, invoice_id)
    return serve_private_file(
        # in the reader's language (the middleware activated it), whoever downloaded it before
        services.invoice_pdf_file(invoice=invoice, language=translation.get_language()),
        filename=f"{invoice.number}.pdf",
    )


@permission_required("billing.view")
def invoice_pdf(request, invoice_id: int):
    return _pdf(request, invoice_id)


@permission_required("billing.view")
def customer_billing(request, customer_id: int):
    """BILL-1: what will be invoiced for one customer, and its invoices. `?partial=1` or htmx
    gives the section the customer record includes (billing/_customer_billing.html)."""
    actor = request.actor
    customer = get_for_actor(actor, customers_of(actor), customer_id)
    invoice_filter = InvoiceFilter(
        request.GET, queryset=selectors.invoice_list(actor=actor).filter(customer=customer)
    )
    table = InvoiceTable(invoice_filter.qs, exclude=("customer",))
    paginate_table(request, table, per_page=10)
    context = {
        "customer": customer,
        "details": selectors.billing_details(actor=actor, customer=customer),
        "filter": invoice_filter,
        "table": table,
    }
    if request.htmx or request.GET.get("partial") == "1":
        return render(request, "billing/_customer_billing.html", context)
    return render(request, "billing/customer_billing.html", context)


# ------------------------------------------------------------------ storefront (BILL-3)


@permission_required("store.invoices.view")
def store_invoice_list(request):
    return _invoices(
        request,
        StoreInvoiceTable,
        selectors.invoice_list(actor=request.actor).filter(customer=request.actor.organization),
        "billing/store/invoice_list.html",
    )


@permission_required("store.invoices.view")
def store_invoice_detail(request, invoice_id: int):
    return _invoice_page(request, invoice_id, "billing/store/invoice_detail.html")


@permission_required("store.invoices.view")
def store_invoice_pdf(request, invoice_id: int):
    return _pdf(request, invoice_id)
