from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from portal.audit.services import audit_refusal

from .policies import can


def permission_required(permission: str):
    """Page guard: anonymous → login; signed in without the permission → 403, recorded."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request)
            if not can(request.actor, permission):
                audit_refusal(request=request, permission=permission)
                raise PermissionDenied(permission)
            return view(request, *args, **kwargs)

        wrapper.permission = permission
        return wrapper

    return decorator


def redirect_to_login(request):
    from django.contrib.auth.views import redirect_to_login as django_redirect

    return (
        django_redirect(request.get_full_path())
        if request.method == "GET"
        else redirect("account_login")
    )
