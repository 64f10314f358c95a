from django.utils.translation import gettext_lazy as _

from portal.access.registry import NavEntry

NAV = [NavEntry("partner", _("Customers"), "customers:list", "customers.view", order=20)]
