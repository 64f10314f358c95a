from django.utils.translation import gettext_lazy as _

from portal.access.registry import NavEntry

NAV = [
    NavEntry("partner", _("Activity log"), "audit:company", "audit.view_company", order=90),
    NavEntry("vendor", _("Activity log"), "console:audit", "console.audit.view", order=90),
]
