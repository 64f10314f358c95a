from django.utils.translation import gettext_lazy as _

from portal.access.registry import NavEntry

NAV = [
    NavEntry("partner", _("Orders"), "orders:list", "orders.view", order=22),
    NavEntry("partner", _("Provisioning"), "orders:provisioning", "orders.provision", order=23),
    NavEntry("partner", _("Markup"), "orders:markup", "orders.markup", order=24),
    NavEntry("vendor", _("Catalogue"), "console:products", "console.catalog.manage", order=40),
    NavEntry("customer", _("Orders"), "store_orders:list", "store.orders.view", order=10),
]
