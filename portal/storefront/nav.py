from django.utils.translation import gettext_lazy as _

from portal.access.registry import NavEntry

NAV = [
    NavEntry("customer", _("Home"), "storefront:home", "store.home", order=0, exact=True),
    NavEntry("customer", _("Orders"), "storefront:orders", "store.home", order=10),
    NavEntry("customer", _("Subscriptions"), "storefront:subscriptions", "store.home", order=20),
    NavEntry("customer", _("Invoices"), "storefront:invoices", "store.home", order=30),
    NavEntry("customer", _("Users"), "storefront:users", "store.users.manage", order=40),
]
