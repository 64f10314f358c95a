"""What the areas plug in, collected once at start-up (STYLE rule 13).

Each area package may bring, beside its models and pages:

- `rules.py`    with `RULES = {"area.capability": Rule(...)}`: its lines of the SPEC §3 matrix;
- `nav.py`      with `NAV = [NavEntry(...)]`: its menu entries, each naming the permission that
                shows it, in the partner portal, the vendor console or the storefront;
- `console.py`  with `urlpatterns`: its vendor-console pages, mounted under /console/<app label>/;
- `widgets.py`  with `WIDGETS = [Widget(...)]`: figures and panels on a realm's home page;
- `verbs.py`    its audit verbs (registered with `portal.audit.verbs`).

Nothing here names an area: adding one is adding a folder to INSTALLED_APPS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from .policies import Rule

RULES: dict[str, Rule] = {}
NAV: list[NavEntry] = []
WIDGETS: list[Widget] = []


@dataclass(frozen=True)
class NavEntry:
    realm: str  # "partner", "vendor" or "customer"
    label: Any
    url_name: str
    permission: str
    order: int = 100
    # Home entries are current only on their own page, not on every page below them.
    exact: bool = False


@dataclass(frozen=True)
class Widget:
    """A panel on a realm's home page: `context(actor)` gives its template what it shows."""

    realm: str
    permission: str
    template: str
    context: Callable[[Any], dict]
    order: int = 100
    slot: str = "panel"  # "alert" above everything, "stat" in the figures grid, or "panel"


def area_modules(name: str):
    """(app config, module) for every installed portal app that has `<app>.<name>`."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("portal."):
            continue
        try:
            module = import_module(f"{config.name}.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.{name}":
                raise  # a broken import inside the module must not pass for "no module"
            continue
        found.append((config, module))
    return found


def collect() -> None:
    """Read every area's rules, menu entries and widgets (AccessConfig.ready)."""
    RULES.clear()
    NAV.clear()
    WIDGETS.clear()
    for config, module in area_modules("rules"):
        for name, rule in module.RULES.items():
            if name in RULES:
                raise ImproperlyConfigured(f"{config.name} redefines the rule {name!r}.")
            RULES[name] = rule
    for _config, module in area_modules("nav"):
        NAV.extend(module.NAV)
    for _config, module in area_modules("widgets"):
        WIDGETS.extend(module.WIDGETS)
    for entry in NAV:
        if entry.permission not in RULES:
            raise ImproperlyConfigured(f"Menu entry {entry.url_name} names no rule.")
        if RULES[entry.permission].check is not None:
            raise ImproperlyConfigured(f"Menu entry {entry.url_name} needs an object check.")
    NAV.sort(key=lambda entry: entry.order)
    WIDGETS.sort(key=lambda widget: widget.order)
