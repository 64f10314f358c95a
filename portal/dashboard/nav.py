from django.utils.translation import gettext_lazy as _

from portal.access.registry import NavEntry

NAV = [NavEntry("partner", _("Home"), "portal:home", "portal.home", order=0, exact=True)]
