"""Builders for tests: an invoice of a tenant (the tenant-isolation walk names it)."""

from portal.orders.testing import tenant_order


def tenant_invoice(tenant):
    """The tenant's first customer's invoice (a billing run limited to that customer)."""
    from portal.billing.models import Invoice
    from portal.billing.services import _invoice_customer

    if getattr(tenant, "invoice", None) is None:
        from django.db import transaction
        from django.utils import timezone

        tenant_order(tenant)
        with transaction.atomic():
            _invoice_customer(tenant.customers[0].pk, timezone.localdate())
        tenant.invoice = Invoice.objects.filter(customer=tenant.customers[0]).latest("pk")
    return tenant.invoice
