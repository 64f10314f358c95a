"""The partner home's "next steps": the sections this person can open now (the same menu the
policy builds) and their own profile, so no level lands on a home with nothing to do."""

from portal.access.navigation import menu_for
from portal.access.registry import Widget


def _next_steps(actor) -> dict:
    # every menu entry but Home itself, in menu order
    return {"sections": [item for item in menu_for(actor) if not item["url"].endswith("/portal/")]}


WIDGETS = [Widget("partner", "portal.home", "dashboard/widgets/_next_steps.html", _next_steps, 5)]
