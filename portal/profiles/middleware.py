from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from .mfa import mfa_required, totp_enabled


class VendorMfaRequiredMiddleware:
    """AUTH-4: vendor staff without an authenticator app are sent to set one up.

    While `PORTAL_REQUIRE_VENDOR_MFA` is on, every page answers a vendor member who has no TOTP
    with a redirect to allauth's activation page, except allauth's own pages (login, logout,
    re-authentication, two-factor, password) and static files. Goes after ActorMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        actor = getattr(request, "actor", None)
        if (
            mfa_required(actor)
            and not self._exempt(request.path_info)
            and not totp_enabled(request.user)
        ):
            messages.warning(
                request,
                _(
                    "Vendor staff must use two-factor login. Set up an authenticator app to "
                    "continue."
                ),
            )
            if getattr(request, "htmx", False):
                return HttpResponseClientRedirect(reverse("mfa_activate_totp"))
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        if settings.STATIC_URL and path.startswith(settings.STATIC_URL):
            return True
        try:
            match = resolve(path)
        except Resolver404:
            return True  # a plain 404 tells nothing; browsers' /favicon.ico is not a page
        # allauth's views (account and MFA pages, logout) keep their module on the view function.
        return (match.func.__module__ or "").startswith("allauth.")
