"""The vendor console's billing desk (SPEC §5, BILL-2), mounted under /console/billing/:
invoices of every partner, recording payments, and starting a billing run by hand."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access.decorators import permission_required
from portal.access.policies import can
from portal.core.files import serve_private_file
from portal.core.forms import SERVICE_ERRORS, add_service_error, service_error_message
from portal.core.lazy import deferred
from portal.core.pagination import paginate_table
from portal.core.scoping import get_for_actor

from . import selectors, services
from .filters import InvoiceFilter
from .forms import BillingRunForm, PaymentForm
from .tables import ConsoleInvoiceTable


@permission_required("console.billing.view")
def invoices(request):
    return _invoice_list(request)


def _invoice_list(request, status=200):
    invoice_filter = InvoiceFilter(
        request.GET,
        queryset=selectors.invoice_list(actor=request.actor).select_related("reseller"),
    )
    # read only when the rows are rendered: not when they come from the cache ({% kept %})
    table = deferred(
        lambda: paginate_table(request, ConsoleInvoiceTable(invoice_filter.qs), per_page=25)
    )
    return render(
        request,
        "billing/console/invoice_list.html",
        {"filter": invoice_filter, "table": table, "run_form": BillingRunForm()},
        status=status,
    )


def _detail(request, invoice, form, status=200):
    return render(
        request,
        "billing/console/invoice_detail.html",
        {
            "invoice": invoice,
            "lines": invoice.lines.all(),
            "payments": invoice.payments.select_related("recorded_by"),
            "form": form if can(request.actor, "console.payments.record") else None,
        },
        status=status,
    )


@permission_required("console.billing.view")
def invoice_detail(request, invoice_id: int):
    invoice = get_for_actor(
        request.actor, selectors.invoice_detail(actor=request.actor), invoice_id
    )
    if request.method == "POST":
        form = PaymentForm(request.POST)
        if form.is_valid():
            try:
                services.payment_record(actor=request.actor, invoice=invoice, **form.cleaned_data)
            except SERVICE_ERRORS as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Payment recorded."))
                return redirect("console:billing_invoice", invoice_id=invoice.pk)
        return _detail(request, invoice, form, status=400)
    return _detail(request, invoice, PaymentForm())


@permission_required("console.billing.view")
def invoice_pdf(request, invoice_id: int):
    invoice = get_for_actor(
        request.actor, selectors.invoice_detail(actor=request.actor), invoice_id
    )
    return serve_private_file(
        services.invoice_pdf_file(invoice=invoice, language=translation.get_language()),
        filename=f"{invoice.number}.pdf",
    )


@require_POST
@permission_required("console.billing.run")
def billing_run(request):
    """Run billing for a date now; the answer is the invoice list (running it again is harmless:
    the run is idempotent)."""
    form = BillingRunForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a billing date."))
        return _invoice_list(request, status=400)
    try:
        result = services.billing_run(actor=request.actor, today=form.cleaned_data["day"])
    except SERVICE_ERRORS as error:
        messages.error(request, service_error_message(error))
    else:
        messages.success(
            request,
            _("Billing run done: %(invoices)s invoices with %(lines)s lines issued.")
            % {"invoices": result.invoices, "lines": result.lines},
        )
    return _invoice_list(request)


urlpatterns = [
    path("invoices/", invoices, name="billing_invoices"),
    path("invoices/<int:invoice_id>/", invoice_detail, name="billing_invoice"),
    path("invoices/<int:invoice_id>/pdf/", invoice_pdf, name="billing_invoice_pdf"),
    path("run/", billing_run, name="billing_run"),
]
