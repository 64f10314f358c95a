from functools import wraps

from django.contrib.auth.views import redirect_to_login as django_redirect_to_login
from django.shortcuts import redirect

from .policies import require


def permission_required(permission: str):
    """Page guard: anonymous → login; signed in without the permission → 403, recorded."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request)
            require(request.actor, permission, request=request)
            return view(request, *args, **kwargs)

        wrapper.permission = permission
        return wrapper

    return decorator


def redirect_to_login(request):
    if request.method == "GET":
        return django_redirect_to_login(request.get_full_path())
    return redirect("account_login")
