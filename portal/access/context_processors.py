from .navigation import menu_for
from .policies import can


class _Permissions:
    """`{% if perms_for.company_edit %}` in templates → policies.can(actor, "company.edit")."""

    def __init__(self, actor):
        self.actor = actor

    def __getitem__(self, name: str) -> bool:
        return can(self.actor, name.replace("__", "."))


def navigation(request):
    actor = getattr(request, "actor", None)
    return {
        "actor": actor,
        "menu": menu_for(actor, request.path),
        "may": _Permissions(actor),
        "memberships": getattr(request, "memberships", []),
    }
