from django.utils.translation import gettext_lazy as _

from portal.access.registry import NavEntry

NAV = [
    NavEntry("partner", _("Leads"), "programs:leads", "leads.manage", order=25),
    NavEntry(
        "vendor",
        _("Applications"),
        "console:applications",
        "console.applications.decide",
        order=25,
    ),
    NavEntry("vendor", _("Leads"), "console:leads", "console.leads.convert", order=26),
    NavEntry(
        "vendor",
        _("Account requests"),
        "console:account_requests",
        "console.account_requests.decide",
        order=27,
    ),
    NavEntry("vendor", _("Program terms"), "console:terms", "console.terms.publish", order=28),
]
