"""The program terms gate (PROG-3): until a reseller has accepted the current version of the
program terms, its members reach no page of the portal but the terms page, where a Primary
accepts them and everyone else reads that their Primary must accept first.

Placed after portal.tenancy.middleware.ActorMiddleware (it needs `request.actor`). Only members
of a reseller are gated, only while a version is published that their company has not
accepted; pages that are not the company's work stay open: the person's own profile and login
settings, signing out, switching to another organization, invitations, static files and the
public forms.
"""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from portal.tenancy.models import OrganizationKind

from .selectors import terms_gate_open

# Paths a gated member may still open.
OPEN_PREFIXES = ("/profile/", "/accounts/", "/switch/", "/invitations/", "/healthz")


class ProgramTermsGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        actor = getattr(request, "actor", None)
        if (
            actor is not None
            and actor.organization.kind == OrganizationKind.RESELLER
            and not self._open(request.path_info)
            and not terms_gate_open(actor.organization)
        ):
            return redirect("programs:terms")
        return self.get_response(request)

    @staticmethod
    def _open(path: str) -> bool:
        return (
            path == reverse("programs:terms")
            or path.startswith(OPEN_PREFIXES)
            or path.startswith(settings.STATIC_URL)
            or path.startswith(reverse("public_programs:apply"))
            or path.startswith("/register/")
        )
