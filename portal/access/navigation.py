"""The menus of the three parts of the site, built from the entries the areas registered; who
sees an entry is decided by `policies.can`, never here."""

from functools import cache

from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse

from . import figures
from .policies import can
from .registry import NAV, WIDGETS


def menu_for(actor, current_path: str = "") -> list[dict]:
    if actor is None:
        return []
    menu = []
    for entry in NAV:
        if entry.realm != actor.realm or not can(actor, entry.permission):
            continue
        url = _url(entry.url_name, get_script_prefix(), get_urlconf())
        matches = current_path == url or (not entry.exact and current_path.startswith(url))
        menu.append({"label": entry.label, "url": url, "active": matches})
    # One entry is current: the deepest that matches, so Markup (/portal/orders/markup/) does
    # not light up Orders (/portal/orders/) beside it.
    deepest = max((item["url"] for item in menu if item["active"]), key=len, default=None)
    for item in menu:
        item["active"] = item["url"] == deepest
    return menu


@cache
def _url(name: str, script_prefix: str, urlconf) -> str:
    """A menu entry's address, reversed once per process (every page lists a dozen)."""
    return reverse(name, urlconf=urlconf)


def widgets_for(actor) -> list[dict]:
    """The home panels this actor may see, each with its template and context (computed now)."""
    if actor is None:
        return []
    visible = [
        widget
        for widget in WIDGETS
        if widget.realm == actor.realm and can(actor, widget.permission)
    ]
    return [
        {"template": widget.template, "slot": widget.slot, **context}
        for widget, context in zip(visible, _contexts(actor, visible), strict=True)
    ]


def rendered_widgets(request) -> list[dict]:
    """The home panels of `request.actor` as HTML, {"slot", "html"} each: rendered once and kept
    in the figures cache while nothing in the organization changes (the key holds the language
    and time zone; the person's date format is added here)."""
    if request.actor is None:
        return []

    def render():
        with figures.one_pass():
            return [
                {
                    "slot": widget["slot"],
                    "html": render_to_string(
                        widget["template"], {"widget": widget}, request=request
                    ),
                }
                for widget in widgets_for(request.actor)
            ]

    return figures.cached(
        request.actor, "home", render, variant=request.user.date_format, request=request
    )


def _contexts(actor, widgets) -> list[dict]:
    computed = {}  # two panels of one area often share their figures
    for widget in widgets:
        if widget.context not in computed:
            computed[widget.context] = widget.context(actor)
    return [computed[widget.context] for widget in widgets]
