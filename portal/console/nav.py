from django.utils.translation import gettext_lazy as _

from portal.access.registry import NavEntry

NAV = [NavEntry("vendor", _("Overview"), "console:home", "console.home", order=0, exact=True)]
