from django.utils.translation import gettext_lazy as _

from portal.access.registry import NavEntry

NAV = [
    NavEntry("partner", _("Customers"), "customers:list", "customers.view", order=20),
    NavEntry(
        "vendor", _("Customers"), "console:customers_list", "console.customers.view", order=25
    ),
]
