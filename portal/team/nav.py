from django.utils.translation import gettext_lazy as _

from portal.access.registry import NavEntry

NAV = [
    NavEntry("partner", _("Company"), "team:company", "company.view", order=30),
    NavEntry("partner", _("Employees"), "team:employees", "employees.view", order=40),
    NavEntry("partner", _("Resellers"), "team:resellers", "resellers.view", order=45),
    NavEntry("vendor", _("Partners"), "console:partners", "console.partners.view", order=20),
    NavEntry(
        "vendor",
        _("Staff requests"),
        "console:staff_requests",
        "console.staff_requests.decide",
        order=30,
    ),
]
