from django.utils.translation import gettext_lazy as _

from portal.access.registry import NavEntry

NAV = [
    NavEntry("partner", _("Invoices"), "billing:invoices", "billing.view", order=26),
    NavEntry("vendor", _("Invoices"), "console:billing_invoices", "console.billing.view", order=45),
    NavEntry("customer", _("Invoices"), "store_invoices:invoices", "store.invoices.view", order=20),
]
