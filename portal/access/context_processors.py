from portal.core.lazy import deferred

from .navigation import menu_for
from .policies import can


class _Permissions:
    """`{% if perms_for.company_edit %}` in templates → policies.can(actor, "company.edit")."""

    def __init__(self, actor):
        self.actor = actor

    def __getitem__(self, name: str) -> bool:
        return can(self.actor, name.replace("__", "."))


def navigation(request):
    # Context processors run again for every template a table cell renders with the request
    # (django-tables2's TemplateColumn): the menu is built once per request.
    cached = getattr(request, "_portal_navigation", None)
    if cached is None:
        actor = getattr(request, "actor", None)
        cached = request._portal_navigation = {
            "actor": actor,
            # built when the menu is rendered: not when it comes from the cache ({% kept %})
            "menu": deferred(lambda: menu_for(actor, request.path)),
            "may": _Permissions(actor),
            "memberships": getattr(request, "memberships", []),
        }
    return cached
