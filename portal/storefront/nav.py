from django.utils.translation import gettext_lazy as _

from portal.access.registry import NavEntry

NAV = [
    NavEntry("customer", _("Home"), "storefront:home", "store.home", order=0, exact=True),
    NavEntry("customer", _("Users"), "storefront:users", "store.users.manage", order=40),
]
