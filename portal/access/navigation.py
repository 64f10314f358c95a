"""The menus of the three parts of the site, built from the entries the areas registered; who
sees an entry is decided by `policies.can`, never here."""

from django.urls import reverse

from .policies import can
from .registry import NAV, WIDGETS


def menu_for(actor, current_path: str = "") -> list[dict]:
    if actor is None:
        return []
    menu = []
    for entry in NAV:
        if entry.realm != actor.realm or not can(actor, entry.permission):
            continue
        url = reverse(entry.url_name)
        active = current_path == url or (not entry.exact and current_path.startswith(url))
        menu.append({"label": entry.label, "url": url, "active": active})
    return menu


def widgets_for(actor) -> list[dict]:
    """The home panels this actor may see, each with its template and context."""
    if actor is None:
        return []
    return [
        {"template": widget.template, "slot": widget.slot, **widget.context(actor)}
        for widget in WIDGETS
        if widget.realm == actor.realm and can(actor, widget.permission)
    ]
