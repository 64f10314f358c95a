"""The menus of the three parts of the site. An entry is added here when its section is built;
who sees it is decided by `policies.can`, never here."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .policies import can


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    permission: str
    # Home entries are current only on their own page, not on every page below them.
    exact: bool = False


NAVIGATION: dict[str, list[NavEntry]] = {
    "partner": [
        NavEntry(_("Home"), "portal:home", "portal.home", exact=True),
        NavEntry(_("Customers"), "customers:list", "customers.view"),
        NavEntry(_("Company"), "team:company", "company.view"),
        NavEntry(_("Employees"), "team:employees", "employees.view"),
        NavEntry(_("Activity log"), "team:audit", "audit.view_company"),
    ],
    "vendor": [
        NavEntry(_("Overview"), "console:home", "console.home", exact=True),
        NavEntry(_("Partners"), "console:partners", "console.partners.view"),
        NavEntry(_("Staff requests"), "console:staff_requests", "console.staff_requests.decide"),
        NavEntry(_("Activity log"), "console:audit", "console.audit.view"),
        NavEntry(_("Outbox"), "console:outbox", "console.outbox.view"),
    ],
    "customer": [
        NavEntry(_("Home"), "storefront:home", "store.home", exact=True),
    ],
}


def menu_for(actor, current_path: str = "") -> list[dict]:
    if actor is None:
        return []
    menu = []
    for entry in NAVIGATION[actor.realm]:
        if not can(actor, entry.permission):
            continue
        url = reverse(entry.url_name)
        active = current_path == url or (not entry.exact and current_path.startswith(url))
        menu.append({"label": entry.label, "url": url, "active": active})
    return menu
